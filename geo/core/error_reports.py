"""Error reports: anyone may say a site's record is wrong; an admin resolves it with the correction it
led to, or rejects it with a reason; the site page shows every report and its outcome.

Reports and outcomes are append-only journal entries. A report's contact is for the admins
only: it is never shown on the site page, exported or served (see :mod:`geo.core.published`).
Clients are counted under a hash of their address, never the address itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from geo.core import model
from geo.errors import DashboardError, Message
from geo.language import dates, i18n

KIND = "error_report"
OUTCOME = "error_report_outcome"
#: Reports one client may send in an hour; then it is asked to wait.
PER_HOUR = 5
MAX_TEXT = 2000
MAX_CONTACT = 200
OTHER = "other"
#: What a report can be about: the site's identity and place, its statuses, or something else.
FIELDS = ["name", "kind", "craft", "old_district_name", "new_unit_name", "geometry", *[f for f in model.STATUS_FIELDS if f != "event"],
          OTHER]
COLUMNS = ["report_id", "site_id", "field", "what", "evidence", "contact", "reported_by", "reported_at", "status", "outcome_at",
           "outcome_by", "correction", "reason"]


def client_hash(client: str) -> str:
    """The key a client's reports are counted under: enough to count, not enough to name anyone."""
    return hashlib.sha256(f"hanoi-error-reports:{client}".encode()).hexdigest()[:16]


def field_label(field: str, lang: str = "vi") -> str:
    if field == OTHER:
        return i18n.pick(lang, "Khác", "Something else")
    if field == "geometry":
        return i18n.pick(lang, "Vị trí trên bản đồ", "Location on the map")
    return i18n.field_label(field, lang)


def new_report(site_id: str, field: str, what: str, evidence: str = "", contact: str = "", *, client: str = "",
               reported_by: str = "", site_ids=None) -> dict:
    """A report as a journal entry; refused with what to fix when it cannot be kept."""
    problems = []
    what, evidence, contact = (what or "").strip(), (evidence or "").strip(), (contact or "").strip()
    if site_ids is not None and site_id not in site_ids:
        problems.append(Message(f"không có cơ sở {site_id}", f"there is no site {site_id}"))
    if field not in FIELDS:
        problems.append(Message("chọn thông tin bị sai trong danh sách", "choose the wrong item from the list"))
    if not what:
        problems.append(Message("hãy viết điều gì sai và đúng ra là gì", "say what is wrong and what it should be"))
    if len(what) > MAX_TEXT or len(evidence) > MAX_TEXT:
        problems.append(Message(f"mỗi ô tối đa {MAX_TEXT} ký tự", f"at most {MAX_TEXT} characters a box"))
    if len(contact) > MAX_CONTACT:
        problems.append(Message(f"liên hệ tối đa {MAX_CONTACT} ký tự", f"a contact of at most {MAX_CONTACT} characters"))
    if problems:
        raise DashboardError(Message("Chưa gửi được báo lỗi: " + "; ".join(p.vi for p in problems) + ".",
                                     "The report was not sent: " + "; ".join(p.en for p in problems) + "."))
    return {"kind": KIND, "subject": site_id, "recorded_by": reported_by,
            "body": {"field": field, "what": what, "evidence": evidence, "contact": contact, "client": client_hash(client)}}


def wait_seconds(entries: pd.DataFrame, client: str, now: dt.datetime | None = None, per_hour: int = PER_HOUR) -> int:
    """0 when the client may send a report now, else the seconds until it may."""
    now = now or dates.now_utc()
    if entries.empty:
        return 0
    key = client_hash(client)
    since = now - dt.timedelta(hours=1)
    times = sorted(t for t, b in zip(entries["recorded_at"], entries["body"])
                   if b.get("client") == key and (dates.parse_datetime(t) or now) > since)
    if len(times) < per_hour:
        return 0
    oldest = dates.parse_datetime(times[-per_hour])
    return max(1, int((oldest + dt.timedelta(hours=1) - now).total_seconds()) + 1)


def new_outcome(report_id: str, outcome: str, by: str, *, correction: str = "", reason: str = "") -> dict:
    """An admin's decision: "resolved" names the correction record it led to, "rejected" says why."""
    if outcome not in ("resolved", "rejected"):
        raise ValueError(outcome)
    if outcome == "resolved" and not (correction or "").strip():
        raise DashboardError(Message("Chọn bản ghi đính chính mà báo lỗi này dẫn tới", "Choose the correction record this report led to"))
    if outcome == "rejected" and not (reason or "").strip():
        raise DashboardError(Message("Cần ghi lý do không chấp nhận", "Say why the report is rejected"))
    return {"kind": OUTCOME, "subject": report_id, "recorded_by": by,
            "body": {"outcome": outcome, "correction": (correction or "").strip(), "reason": (reason or "").strip()}}


def table(reports: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Every report with its outcome (the first decision counts; a report is decided once), newest first."""
    if reports.empty:
        return pd.DataFrame(columns=COLUMNS)
    decided = {}
    for o in outcomes.to_dict("records") if len(outcomes) else []:
        decided.setdefault(o["subject"], o)
    rows = []
    for r in reports.to_dict("records"):
        o = decided.get(r["entry_id"])
        b = r["body"]
        rows.append({"report_id": r["entry_id"], "site_id": r["subject"], "field": b.get("field", OTHER), "what": b.get("what", ""),
                     "evidence": b.get("evidence", ""), "contact": b.get("contact", ""), "reported_by": r["recorded_by"],
                     "reported_at": r["recorded_at"], "status": o["body"]["outcome"] if o else "open",
                     "outcome_at": o["recorded_at"] if o else "", "outcome_by": o["recorded_by"] if o else "",
                     "correction": o["body"].get("correction", "") if o else "", "reason": o["body"].get("reason", "") if o else ""})
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("reported_at", ascending=False, kind="stable").reset_index(drop=True)


def status_label(status: str, lang: str = "vi") -> str:
    return {"open": i18n.pick(lang, "Đang chờ xử lý", "Waiting"), "resolved": i18n.pick(lang, "Đã đính chính", "Corrected"),
            "rejected": i18n.pick(lang, "Không chấp nhận", "Rejected")}[status]
