"""What changed in an area between two dates: every recorded event, who did it and when, and the
effect on each target.

"Between" means recorded after the first date and up to the end of the second (what a meeting
has not yet heard about), except required actions falling overdue, which happen on their
deadline. The default start is the last meeting report made for the area (:data:`REPORT_MADE`
entries), so "since the last meeting" needs no typing.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from geo.core import error_reports, history, indicators, inspections, model, vocab
from geo.language import dates, i18n

REPORT_MADE = "report_made"
COLUMNS = ["when", "kind", "site_id", "name", "what_vi", "what_en", "who"]
DEFAULT_DAYS = 30


class ChangeKind(vocab.LabelledEnum):
    """What a line of the list is."""

    STATUS = "status", "Thay đổi trạng thái", "Status change"
    EVENT = "event", "Sự việc", "Event"
    INSPECTION = "inspection", "Kiểm tra mới", "New inspection"
    VIOLATION = "violation", "Vi phạm", "Violation"
    ACTION_CLOSED = "action_closed", "Đã khắc phục", "Action closed"
    ACTION_OVERDUE = "action_overdue", "Quá hạn khắc phục", "Action now overdue"
    IMPORT = "import", "Nhập danh sách", "Import"
    REVERT = "revert", "Hoàn tác nhập", "Import reverted"
    ERROR_REPORT = "error_report", "Báo lỗi đã xử lý", "Error report decided"


def area_key(scope: str) -> str:
    """How an area is named in the journal: "city" for the whole city (the report's ""), else as chosen
    ("old_district:277", "new_unit:10006")."""
    return scope or "city"


def last_report(entries: pd.DataFrame, area: str, before: dt.datetime | None = None) -> dt.date | None:
    """The day of the last meeting report made for ``area`` (before ``before``), if any."""
    if entries.empty:
        return None
    made = entries[entries["subject"] == area]
    if before is not None:
        made = made[made["recorded_at"] < dates.stamp(before)]
    return dates.parse_date(made["recorded_at"].max()) if len(made) else None


def default_since(entries: pd.DataFrame, area: str, until: dt.date) -> dt.date:
    day = last_report(entries, area)
    return day if day is not None and day <= until else until - dt.timedelta(days=DEFAULT_DAYS)


def _window(since: dt.date, until: dt.date) -> tuple[str, str]:
    """Recorded-at bounds: after the first day ends, up to the end of the second (stamps are UTC, dates Hanoi's)."""
    start = dt.datetime.combine(since + dt.timedelta(days=1), dt.time(), dates.HANOI)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dates.HANOI)
    return dates.stamp(start), dates.stamp(end)


def events(sites: pd.DataFrame, changes: pd.DataFrame, inspection_records: pd.DataFrame, imports: pd.DataFrame,
           reports: pd.DataFrame, since: dt.date, until: dt.date, site_ids=None) -> pd.DataFrame:
    """Every event in the window for ``site_ids`` (None: every site), newest first.

    ``reports`` is :func:`geo.core.error_reports.table`."""
    lo, hi = _window(since, until)
    keep = set(sites["site_id"]) if site_ids is None else set(site_ids)
    names = dict(zip(sites["site_id"], sites["name"]))
    rows = []

    def add(when, kind, sid, vi, en, who):
        rows.append({"when": when, "kind": kind, "site_id": sid, "name": names.get(sid, sid), "what_vi": vi, "what_en": en, "who": who})

    ch = changes[(changes["recorded_at"] > lo) & (changes["recorded_at"] <= hi) & changes["site_id"].isin(keep)]
    for r in ch.itertuples():
        if r.value == history.RETRACTED:
            continue
        fixed = " (đính chính)" if r.supersedes else ""
        fixed_en = " (correction)" if r.supersedes else ""
        mark = " ✱" if r.illustrative else ""
        if r.field in model.EVENT_FIELDS:
            add(r.recorded_at, "event", r.site_id, f"{vocab.label('event', r.value, 'vi')} ngày {i18n.format_date(r.effective_date, 'vi')}{mark}",
                f"{vocab.label('event', r.value, 'en')} on {i18n.format_date(r.effective_date, 'en')}{mark}", r.recorded_by)
            continue
        add(r.recorded_at, "status", r.site_id,
            f"{i18n.field_label(r.field, 'vi')}: {vocab.label(r.field, r.value, 'vi')} từ {i18n.format_date(r.effective_date, 'vi')}{fixed}{mark}",
            f"{i18n.field_label(r.field, 'en')}: {vocab.label(r.field, r.value, 'en')} from {i18n.format_date(r.effective_date, 'en')}{fixed_en}{mark}",
            r.recorded_by)
    if len(inspection_records):
        by_id = {r["record_id"]: r for r in inspection_records.to_dict("records")}
        visits = inspection_records[(inspection_records["recorded_at"] > lo) & (inspection_records["recorded_at"] <= hi)
                                    & inspection_records["site_id"].isin(keep) & (inspection_records["findings"] != inspections.RETRACTED)]
        for rec in visits.to_dict("records"):
            violations, actions = inspections.decode(rec)
            before = by_id.get(rec["supersedes"]) if rec["supersedes"] else None
            if before is None:
                add(rec["recorded_at"], "inspection", rec["site_id"],
                    f"Kiểm tra ngày {i18n.format_date(rec['inspection_date'], 'vi')} ({rec['agency']}): {rec['findings']}",
                    f"Inspection of {i18n.format_date(rec['inspection_date'], 'en')} ({rec['agency']}): {rec['findings']}", rec["recorded_by"])
                for v in violations:
                    add(rec["recorded_at"], "violation", rec["site_id"], v["description"] + (f" ({v['legal_ref']})" if v.get("legal_ref") else ""),
                        v["description"] + (f" ({v['legal_ref']})" if v.get("legal_ref") else ""), rec["recorded_by"])
                continue
            was = {a["action"]: bool(a.get("done")) for a in inspections.decode(before)[1]}
            for a in actions:
                if a.get("done") and not was.get(a["action"], False):
                    add(rec["recorded_at"], "action_closed", rec["site_id"], f"Đã xong: {a['action']}", f"Done: {a['action']}", rec["recorded_by"])
        late = inspections.overdue_actions(inspection_records[inspection_records["site_id"].isin(keep)], until)
        late = late[(late["deadline"] >= since.isoformat()) & (late["deadline"] < until.isoformat())] if len(late) else late
        for r in late.itertuples():
            day = dates.parse_date(r.deadline) + dt.timedelta(days=1)
            add(dates.stamp(dt.datetime.combine(day, dt.time(), dates.HANOI)), "action_overdue", r.site_id,
                f"Quá hạn từ {i18n.format_date(day, 'vi')}: {r.action}", f"Overdue from {i18n.format_date(day, 'en')}: {r.action}", "")
    if len(imports):
        done = imports[(imports["imported_at"] > lo) & (imports["imported_at"] <= hi)]
        own = set(changes["record_id"])
        for r in done.itertuples():
            touched = set(json.loads(r.created or "[]"))
            ids = set(json.loads(r.change_ids or "[]"))
            touched |= set(changes.loc[changes["record_id"].isin(ids & own), "site_id"])
            if site_ids is not None and not (touched & keep):
                continue
            kind = "revert" if r.kind == "revert" else "import"
            add(r.imported_at, kind, "", f"{r.filename or r.source}: {len(touched)} cơ sở", f"{r.filename or r.source}: {len(touched)} site(s)",
                r.imported_by)
    if len(reports):
        decided = reports[(reports["status"] != "open") & (reports["outcome_at"] > lo) & (reports["outcome_at"] <= hi)
                          & reports["site_id"].isin(keep)]
        for r in decided.itertuples():
            about = error_reports.field_label(r.field, "vi"), error_reports.field_label(r.field, "en")
            add(r.outcome_at, "error_report", r.site_id,
                f"{about[0]}: {error_reports.status_label(r.status, 'vi')}" + (f" ({r.reason})" if r.reason else ""),
                f"{about[1]}: {error_reports.status_label(r.status, 'en')}" + (f" ({r.reason})" if r.reason else ""), r.outcome_by)
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values("when", ascending=False, kind="stable").reset_index(drop=True)


def effect(targets, before: pd.DataFrame, after: pd.DataFrame, site_ids=None) -> pd.DataFrame:
    """Each share target's share met on the two dates over the same sites, and the change in points."""
    rows = []
    for t in targets:
        if t.measure != "share_of_sites":
            continue
        shares = []
        for state in (before, after):
            sub = state if site_ids is None else state[state["site_id"].isin(set(site_ids))]
            ev = indicators.evaluate(t, sub)
            shares.append((100.0 * ev["met"].mean() if len(ev) else None, int(ev["met"].sum()), len(ev)))
        (b, bm, bn), (a, am, an) = shares
        rows.append({"target_id": t.id, "target_vi": t.short("vi"), "target_en": t.short("en"), "before": b, "after": a,
                     "met_before": bm, "of_before": bn, "met_after": am, "of_after": an,
                     "points": None if a is None or b is None else round(a - b, 1)})
    return pd.DataFrame(rows)


def points_text(points, lang: str = "vi") -> str:
    """"+2,5 điểm", "−1.0 points", "0": the change of a share in percentage points."""
    if points is None or pd.isna(points):
        return "—"
    sign = "+" if points > 0 else ("−" if points < 0 else "±")
    return f"{sign}{i18n.format_number(abs(points), lang, 1)} " + i18n.pick(lang, "điểm %", "points")
