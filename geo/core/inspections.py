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

from geo.core import history, vocab
from geo.core.model import RowError
from geo.errors import Message
from geo.language import dates, i18n

INSPECTION_COLUMNS = [
    "record_id", "site_id", "inspection_date", "agency", "inspector", "findings", "violations", "fine_vnd",
    "actions", "follow_up", "source", "recorded_by", "recorded_at", "supersedes", "note", "submission_id",
]
#: The findings of a record that withdraws the one it supersedes (a reverted import's inspection).
RETRACTED = "__retracted__"
MAX_TEXT = 4000


def new_inspection(
    site_id: str, inspection_date, agency: str, inspector: str, findings: str, recorded_by: str, *,
    violations: list[dict] | None = None, fine_vnd: float | None = None, actions: list[dict] | None = None,
    follow_up: str = "open", source: str = "", supersedes: str = "", note: str = "",
    recorded_at: dt.datetime | None = None, record_id: str | None = None, submission_id: str = "",
) -> dict:
    """One inspection as a dict. ``violations``: [{description, legal_ref}];
    ``actions``: [{action, deadline (YYYY-MM-DD), done (bool)}]."""
    return {
        "record_id": record_id or uuid.uuid4().hex,
        "site_id": site_id,
        "inspection_date": dates.iso_date(inspection_date),
        "agency": (agency or "").strip(),
        "inspector": (inspector or "").strip(),
        "findings": (findings or "").strip(),
        "violations": json.dumps(violations or [], ensure_ascii=False),
        "fine_vnd": None if fine_vnd is None or fine_vnd == "" or pd.isna(fine_vnd) else float(fine_vnd),
        "actions": json.dumps([_action(a) for a in actions or []], ensure_ascii=False),
        "follow_up": follow_up,
        "source": (source or "").strip() or f"Biên bản kiểm tra ngày {i18n.format_date(inspection_date, 'vi')}",
        "recorded_by": recorded_by,
        "recorded_at": dates.stamp(recorded_at),
        "supersedes": supersedes or "",
        "note": note or "",
        "submission_id": submission_id or "",
    }


def _action(a: dict) -> dict:
    return {"action": str(a.get("action", "")).strip(), "deadline": dates.iso_date(a.get("deadline")) if a.get("deadline") else "",
            "done": bool(a.get("done", False))}


def to_frame(records) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=INSPECTION_COLUMNS)


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INSPECTION_COLUMNS})


def validate(frame: pd.DataFrame, site_ids=None, today: dt.date | None = None) -> list[RowError]:
    """Plain-words problems: unknown site, bad dates, empty agency or findings, negative fine."""
    errors: list[RowError] = []
    known = set(site_ids) if site_ids is not None else None
    today = today or dates.today()
    for pos, row in enumerate(frame.itertuples(index=False), start=1):
        def err(field, value, vi, en):
            errors.append(RowError(pos, str(row.site_id), field, "" if value is None else str(value)[:80], Message(vi, en)))

        if known is not None and row.site_id not in known:
            err("site_id", row.site_id, "không có cơ sở với mã này", "no site has this id")
        day = dates.parse_date(row.inspection_date)
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
            if a.get("deadline") and dates.parse_date(a["deadline"]) is None:
                err("actions", a["deadline"], "hạn khắc phục không hợp lệ; dùng dạng YYYY-MM-DD", "invalid action deadline; use YYYY-MM-DD")
        for v in json.loads(row.violations or "[]"):
            if not v.get("description"):
                err("violations", "", "vi phạm thiếu mô tả", "a violation has no description")
    return errors


def current(frame: pd.DataFrame) -> pd.DataFrame:
    """Inspections in force: every record that no later record supersedes, withdrawals left out."""
    return frame[~frame["record_id"].isin(set(history.superseded_by(frame))) & (frame["findings"] != RETRACTED)]


def lineage(frame: pd.DataFrame, record_id: str) -> list[str]:
    """The record and every earlier version it supersedes, newest first: photos of a visit stay with its follow-ups."""
    back = dict(zip(frame["record_id"], frame["supersedes"]))
    out = [record_id]
    while back.get(out[-1]) and back[out[-1]] not in out:
        out.append(back[out[-1]])
    return out


def withdrawal(rec: dict, recorded_by: str, reason: str) -> dict:
    """A record that withdraws ``rec`` (it stays in the audit trail, no longer in force)."""
    return new_inspection(rec["site_id"], rec["inspection_date"], rec["agency"] or "-", rec["inspector"] or "-", RETRACTED,
                          recorded_by, follow_up=rec["follow_up"], source=rec["source"], supersedes=rec["record_id"], note=reason)


def action_state(record, action: dict, as_of) -> str:
    """'done', 'overdue' or 'open': the one rule for whether a required action is late.

    An action is overdue when it has a deadline before ``as_of``, is not done, and its
    inspection's follow-up is not closed (a closed follow-up settles every action).
    """
    if action.get("done"):
        return "done"
    follow_up = record["follow_up"] if isinstance(record, dict) else record.follow_up
    if follow_up == "closed":
        return "open"
    deadline = action.get("deadline")
    return "overdue" if deadline and deadline < dates.iso_date(as_of) else "open"


def open_actions(frame: pd.DataFrame, as_of) -> list[tuple[dict, dict, str]]:
    """(inspection, action, "open" or "overdue") for every action not yet done of the inspections in force
    whose follow-up is not closed, in the frame's order: what the site page and a visit's checklist list."""
    out = []
    for rec in current(frame).to_dict("records"):
        if rec["follow_up"] == "closed":
            continue
        for a in decode(rec)[1]:
            state = action_state(rec, a, as_of)
            if state != "done":
                out.append((rec, a, state))
    return out


def overdue_actions(frame: pd.DataFrame, as_of) -> pd.DataFrame:
    """Required actions past their deadline on ``as_of`` and not done, one row each."""
    day = dates.parse_date(as_of)
    rows = []
    for rec in current(frame).itertuples(index=False):
        for a in json.loads(rec.actions or "[]"):
            if action_state(rec, a, day) == "overdue":
                rows.append({"site_id": rec.site_id, "record_id": rec.record_id, "inspection_date": rec.inspection_date,
                             "action": a["action"], "deadline": a["deadline"],
                             "days_overdue": (day - dates.parse_date(a["deadline"])).days})
    return pd.DataFrame(rows, columns=["site_id", "record_id", "inspection_date", "action", "deadline", "days_overdue"])


def decode(rec) -> tuple[list[dict], list[dict]]:
    """(violations, actions) of one record."""
    return json.loads(rec["violations"] or "[]"), json.loads(rec["actions"] or "[]")
