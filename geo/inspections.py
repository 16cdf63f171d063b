"""Inspection records: what an inspector found at a site, and what must be fixed by when.

Like status changes, inspections are append-only: a correction or a follow-up update is
a new record that supersedes the previous one, so the audit trail shows every version.
Violations and required actions are lists, kept as JSON text so the same table works in
a GeoPackage and in PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pandas as pd

from geo import vocab
from geo.model import RowError

INSPECTION_COLUMNS = [
    "record_id", "site_id", "inspection_date", "agency", "inspector", "findings", "violations", "fine_vnd",
    "actions", "follow_up", "source", "recorded_by", "recorded_at", "supersedes", "note",
]
MAX_TEXT = 4000


def new_inspection(
    site_id: str, inspection_date, agency: str, inspector: str, findings: str, recorded_by: str, *,
    violations: list[dict] | None = None, fine_vnd: float | None = None, actions: list[dict] | None = None,
    follow_up: str = "open", source: str = "", supersedes: str = "", note: str = "",
    recorded_at: dt.datetime | None = None, record_id: str | None = None,
) -> dict:
    """One inspection as a dict. ``violations``: [{description, legal_ref}];
    ``actions``: [{action, deadline (YYYY-MM-DD), done (bool)}]."""
    return {
        "record_id": record_id or uuid.uuid4().hex,
        "site_id": site_id,
        "inspection_date": _iso(inspection_date),
        "agency": (agency or "").strip(),
        "inspector": (inspector or "").strip(),
        "findings": (findings or "").strip(),
        "violations": json.dumps(violations or [], ensure_ascii=False),
        "fine_vnd": None if fine_vnd is None or fine_vnd == "" or pd.isna(fine_vnd) else float(fine_vnd),
        "actions": json.dumps([_action(a) for a in actions or []], ensure_ascii=False),
        "follow_up": follow_up,
        "source": (source or "").strip() or f"Biên bản kiểm tra ngày {_iso(inspection_date)}",
        "recorded_by": recorded_by,
        "recorded_at": (recorded_at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "supersedes": supersedes or "",
        "note": note or "",
    }


def _action(a: dict) -> dict:
    return {"action": str(a.get("action", "")).strip(), "deadline": _iso(a.get("deadline")) if a.get("deadline") else "",
            "done": bool(a.get("done", False))}


def to_frame(records) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=INSPECTION_COLUMNS)


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INSPECTION_COLUMNS})


def validate(frame: pd.DataFrame, site_ids=None) -> list[RowError]:
    """Plain-words problems: unknown site, bad dates, empty agency or findings, negative fine."""
    errors: list[RowError] = []
    known = set(site_ids) if site_ids is not None else None
    today = dt.date.today()
    for pos, row in enumerate(frame.itertuples(index=False), start=1):
        def err(field, value, vi, en):
            errors.append(RowError(pos, str(row.site_id), field, "" if value is None else str(value)[:80], vi, en))

        if known is not None and row.site_id not in known:
            err("site_id", row.site_id, "không có cơ sở với mã này", "no site has this id")
        day = _parse(row.inspection_date)
        if day is None:
            err("inspection_date", row.inspection_date, "ngày kiểm tra không hợp lệ; dùng dạng YYYY-MM-DD",
                "invalid inspection date; use YYYY-MM-DD")
        elif day > today:
            err("inspection_date", row.inspection_date, "ngày kiểm tra ở tương lai", "the inspection date is in the future")
        for name, vi, en in (("agency", "thiếu cơ quan kiểm tra", "the inspecting agency is empty"),
                             ("inspector", "thiếu người kiểm tra", "the inspector is empty"),
                             ("findings", "thiếu kết quả kiểm tra", "the findings are empty"),
                             ("recorded_by", "thiếu người ghi nhận", "who recorded it is empty")):
            if not str(getattr(row, name) or "").strip():
                err(name, "", vi, en)
        for name in ("findings", "note", "agency", "inspector"):
            if len(str(getattr(row, name) or "")) > MAX_TEXT:
                err(name, "", f"quá dài (tối đa {MAX_TEXT} ký tự)", f"too long (at most {MAX_TEXT} characters)")
        if row.fine_vnd is not None and not pd.isna(row.fine_vnd) and float(row.fine_vnd) < 0:
            err("fine_vnd", row.fine_vnd, "tiền phạt không được âm", "the fine cannot be negative")
        if row.follow_up not in vocab.FollowUp.codes():
            err("follow_up", row.follow_up, "tình trạng khắc phục không hợp lệ; dùng: " + ", ".join(vocab.FollowUp.codes()),
                "invalid follow-up status; use: " + ", ".join(vocab.FollowUp.codes()))
        for a in json.loads(row.actions or "[]"):
            if not a.get("action"):
                err("actions", "", "yêu cầu khắc phục thiếu nội dung", "a required action has no text")
            if a.get("deadline") and _parse(a["deadline"]) is None:
                err("actions", a["deadline"], "hạn khắc phục không hợp lệ; dùng dạng YYYY-MM-DD", "invalid action deadline; use YYYY-MM-DD")
        for v in json.loads(row.violations or "[]"):
            if not v.get("description"):
                err("violations", "", "vi phạm thiếu mô tả", "a violation has no description")
    return errors


def current(frame: pd.DataFrame) -> pd.DataFrame:
    """Inspections in force: every record that no later record supersedes."""
    superseded = set(frame["supersedes"].dropna()) - {""}
    return frame[~frame["record_id"].isin(superseded)]


def overdue_actions(frame: pd.DataFrame, as_of) -> pd.DataFrame:
    """Required actions past their deadline on ``as_of`` and not done, one row each."""
    day = _iso(as_of)
    rows = []
    for rec in current(frame).itertuples(index=False):
        if rec.follow_up == "closed":
            continue
        for a in json.loads(rec.actions or "[]"):
            if a.get("deadline") and not a.get("done") and a["deadline"] < day:
                late = (dt.date.fromisoformat(day) - dt.date.fromisoformat(a["deadline"])).days
                rows.append({"site_id": rec.site_id, "record_id": rec.record_id, "inspection_date": rec.inspection_date,
                             "action": a["action"], "deadline": a["deadline"], "days_overdue": late})
    return pd.DataFrame(rows, columns=["site_id", "record_id", "inspection_date", "action", "deadline", "days_overdue"])


def decode(rec) -> tuple[list[dict], list[dict]]:
    """(violations, actions) of one record."""
    return json.loads(rec["violations"] or "[]"), json.loads(rec["actions"] or "[]")


def _iso(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value or "")[:10]


def _parse(value):
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
