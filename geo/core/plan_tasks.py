"""Plan tasks without a measurable target, as a checklist (the plan-tasks file, ``data/plan_tasks.toml``).

A task's status comes only from the file, where a dated public report puts it; the
dashboard adds what it can count itself (inspections recorded in the task's period,
clusters listed) as evidence, never as a verdict.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from geo.core import inspections
from geo.language import i18n
from geo.errors import InvalidTargets, Message

STATUS = {"done": ("Đã xong", "Done"), "in_progress": ("Đang làm", "In progress"), "not_started": ("Chưa làm", "Not started"),
          "unknown": ("Chưa rõ (chưa có báo cáo công khai)", "Unknown (no public report)")}
FIELDS = ["plan", "number", "text_vi", "text_en", "lead_vi", "lead_en", "period", "status", "source"]


def load_tasks(path: Path) -> pd.DataFrame:
    name = Path(path).name
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidTargets(Message(f"Không đọc được tệp nhiệm vụ {name}: {exc}", f"Cannot read the tasks file {name}: {exc}")) from exc
    rows = raw.get("task", [])
    for row in rows:
        missing = [f for f in FIELDS if not row.get(f)]
        if missing or row["status"] not in STATUS:
            raise InvalidTargets(Message(
                f"Tệp nhiệm vụ {name}, mục {row.get('number', '?')}: thiếu {missing} hoặc tình trạng {row.get('status')!r} "
                f"không hợp lệ (dùng một trong {list(STATUS)})",
                f"Tasks file {name}, task {row.get('number', '?')}: missing {missing} or unknown status "
                f"{row.get('status')!r} (use one of {list(STATUS)})"))
    return pd.DataFrame(rows, columns=[*FIELDS, "evidence"]).fillna("")


def checklist(tasks: pd.DataFrame, sites: pd.DataFrame, inspection_records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The tasks in the current language, with the status and what the dashboard counts for each."""
    tr, suffix = i18n.translator(lang), i18n.code(lang)
    current = inspections.current(inspection_records) if len(inspection_records) else inspection_records

    def evidence(row) -> str:
        if row["evidence"] == "inspections":
            n = int(current["inspection_date"].astype(str).str.startswith(str(row["period"])).sum()) if len(current) else 0
            return tr(f"{n} biên bản kiểm tra được ghi cho năm {row['period']}", f"{n} inspection report(s) recorded for {row['period']}")
        if row["evidence"] == "clusters":
            n = int(sites["kind"].isin(["ccn", "ccn_lang_nghe"]).sum())
            return tr(f"{n} cụm công nghiệp có trong bảng điều khiển", f"{n} clusters listed in this dashboard")
        return ""

    return pd.DataFrame({
        "plan": tasks["plan"], "number": tasks["number"], "task": tasks[f"text_{suffix}"],
        "lead": tasks[f"lead_{suffix}"], "period": tasks["period"],
        "status": [tr(*STATUS[s]) for s in tasks["status"]],
        "evidence": [evidence(r) for _, r in tasks.iterrows()], "source": tasks["source"],
    })
