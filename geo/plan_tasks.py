"""Plan tasks without a measurable target, as a checklist (``data/plan_tasks.toml``).

A task's status comes only from the file, where a dated public report puts it; the
dashboard adds what it can count itself (inspections recorded in the task's period,
clusters listed) as evidence, never as a verdict.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from geo import inspections
from geo.errors import DashboardError

TASKS_TOML = Path(__file__).resolve().parent.parent / "data" / "plan_tasks.toml"
STATUS = {"done": ("Đã xong", "Done"), "in_progress": ("Đang làm", "In progress"), "not_started": ("Chưa làm", "Not started"),
          "unknown": ("Chưa rõ (chưa có báo cáo công khai)", "Unknown (no public report)")}
FIELDS = ["plan", "number", "text_vi", "text_en", "lead_vi", "lead_en", "period", "status", "source"]


def load_tasks(path: Path = TASKS_TOML) -> pd.DataFrame:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DashboardError(f"Không đọc được {path} / cannot read {path}: {exc}") from exc
    rows = raw.get("task", [])
    for row in rows:
        missing = [f for f in FIELDS if not row.get(f)]
        if missing or row["status"] not in STATUS:
            raise DashboardError(f"{path}: task {row.get('number', '?')}: missing {missing} or unknown status "
                                 f"{row.get('status')!r} (use one of {list(STATUS)})")
    return pd.DataFrame(rows, columns=[*FIELDS, "evidence"]).fillna("")


def checklist(tasks: pd.DataFrame, sites: pd.DataFrame, inspection_records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The tasks in the current language, with the status and what the dashboard counts for each."""
    en = lang == "en"
    current = inspections.current(inspection_records) if len(inspection_records) else inspection_records

    def evidence(row) -> str:
        if row["evidence"] == "inspections":
            n = int(current["inspection_date"].astype(str).str.startswith(str(row["period"])).sum()) if len(current) else 0
            return f"{n} inspection report(s) recorded for {row['period']}" if en else f"{n} biên bản kiểm tra được ghi cho năm {row['period']}"
        if row["evidence"] == "clusters":
            n = int(sites["kind"].isin(["ccn", "ccn_lang_nghe"]).sum())
            return f"{n} clusters listed in this dashboard" if en else f"{n} cụm công nghiệp có trong bảng điều khiển"
        return ""

    return pd.DataFrame({
        "plan": tasks["plan"], "number": tasks["number"], "task": tasks["text_en" if en else "text_vi"],
        "lead": tasks["lead_en" if en else "lead_vi"], "period": tasks["period"],
        "status": [STATUS[s][1 if en else 0] for s in tasks["status"]],
        "evidence": [evidence(r) for _, r in tasks.iterrows()], "source": tasks["source"],
    })
