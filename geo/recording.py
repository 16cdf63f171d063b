"""Every way an inspector or admin writes to the store, each checking the role first.

Pages call these, never ``Store.append_*`` directly, so the role check happens on the
server whatever the page shows. Each takes the site version the form was opened with:
if someone saved to the site meanwhile, :class:`geo.errors.Conflict` says what changed
and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from geo import auth, history, inspections, model
from geo.errors import DashboardError


def record_status_change(store, user: auth.User | None, site_id: str, field: str, value: str, effective_date,
                         source: str, evidence: str = "", *, opened_version: int | None = None) -> str:
    """A new status record, e.g. "wastewater plant now operating" from a given date."""
    auth.require(user, "inspector")
    if field not in model.STATUS_FIELDS:
        raise DashboardError(f"Không phải trường trạng thái / not a status field: {field}")
    record = history.new_change(site_id, field, value, effective_date, source, user.username, note=evidence)
    return store.append_changes([record], expected=_expected(site_id, opened_version))[0]


def correct_change(store, user: auth.User | None, record_id: str, value: str, effective_date, source: str, reason: str,
                   *, opened_version: int | None = None) -> str:
    """A correction: a new record that supersedes ``record_id`` and says why; the old one stays."""
    auth.require(user, "inspector")
    if not (reason or "").strip():
        raise DashboardError("Cần ghi lý do đính chính / a correction needs a reason")
    old = store.read_history()
    old = old[old["record_id"] == record_id]
    if old.empty:
        raise DashboardError(f"Không có bản ghi / no record {record_id}")
    row = old.iloc[0]
    record = history.new_change(row["site_id"], row["field"], value, effective_date, source, user.username,
                                supersedes=record_id, note=f"Đính chính / correction: {reason.strip()}")
    return store.append_changes([record], expected=_expected(row["site_id"], opened_version))[0]


def record_inspection(store, user: auth.User | None, site_id: str, inspection_date, agency: str, inspector: str,
                      findings: str, *, violations=None, fine_vnd=None, actions=None, follow_up: str = "open",
                      source: str = "", note: str = "", opened_version: int | None = None) -> str:
    auth.require(user, "inspector")
    record = inspections.new_inspection(site_id, inspection_date, agency, inspector, findings, user.username,
                                        violations=violations, fine_vnd=fine_vnd, actions=actions, follow_up=follow_up,
                                        source=source, note=note)
    return store.append_inspections([record], expected=_expected(site_id, opened_version))[0]


def update_follow_up(store, user: auth.User | None, record_id: str, follow_up: str, done: list[bool], note: str,
                     *, opened_version: int | None = None) -> str:
    """A new version of an inspection with its follow-up and which actions are done; supersedes the old one."""
    auth.require(user, "inspector")
    current = store.read_inspections()
    current = current[current["record_id"] == record_id]
    if current.empty:
        raise DashboardError(f"Không có biên bản / no inspection {record_id}")
    rec = current.iloc[0].to_dict()
    violations, actions = inspections.decode(rec)
    for action, is_done in zip(actions, done):
        action["done"] = bool(is_done)
    record = inspections.new_inspection(
        rec["site_id"], rec["inspection_date"], rec["agency"], rec["inspector"], rec["findings"], user.username,
        violations=violations, fine_vnd=rec["fine_vnd"], actions=actions, follow_up=follow_up, source=rec["source"],
        supersedes=record_id, note=(note or "").strip() or f"Cập nhật khắc phục {dt.date.today().isoformat()}")
    return store.append_inspections([record], expected=_expected(rec["site_id"], opened_version))[0]


def _expected(site_id: str, opened_version: int | None) -> dict[str, int] | None:
    return None if opened_version is None else {site_id: int(opened_version)}
