"""Every way an inspector or admin writes to the store, each checking the role first.

Pages call these, never ``Store.append_*`` directly, so the role check happens on the
server whatever the page shows. Each takes the site version the form was opened with:
if someone saved to the site meanwhile, :class:`geo.errors.Conflict` says what changed
and nothing is written.
"""

from __future__ import annotations

import io
import json
import uuid

import geopandas as gpd
import pandas as pd
from shapely import wkt

from geo.access import auth
from geo.core import error_reports, history, inspections, model, visits
from geo.errors import DashboardError, Message, RecordNotFound, RevertRefused, TooManyReports
from geo.language import dates


def record_status_change(store, user: auth.User | None, site_id: str, field: str, value: str, effective_date,
                         source: str, evidence: str = "", *, opened_version: int | None = None) -> str:
    """A new status record, e.g. "wastewater plant now operating" from a given date."""
    auth.require(user, "inspector")
    if field not in model.STATUS_FIELDS:
        raise DashboardError(Message(f"Không phải trường trạng thái: {field}", f"Not a status field: {field}"))
    record = history.new_change(site_id, field, value, effective_date, source, user.username, note=evidence)
    return store.append_changes([record], expected=_expected(site_id, opened_version))[0]


def correct_change(store, user: auth.User | None, record_id: str, value: str, effective_date, source: str, reason: str,
                   *, opened_version: int | None = None) -> str:
    """A correction: a new record that supersedes ``record_id`` and says why; the old one stays."""
    auth.require(user, "inspector")
    if not (reason or "").strip():
        raise DashboardError(Message("Cần ghi lý do đính chính", "A correction needs a reason"))
    old = store.read_history()
    old = old[old["record_id"] == record_id]
    if old.empty:
        raise RecordNotFound(Message(f"Không có bản ghi {record_id}", f"No record {record_id}"))
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
        raise RecordNotFound(Message(f"Không có biên bản {record_id}", f"No inspection {record_id}"))
    rec = current.iloc[0].to_dict()
    violations, actions = inspections.decode(rec)
    for action, is_done in zip(actions, done):
        action["done"] = bool(is_done)
    record = inspections.new_inspection(
        rec["site_id"], rec["inspection_date"], rec["agency"], rec["inspector"], rec["findings"], user.username,
        violations=violations, fine_vnd=rec["fine_vnd"], actions=actions, follow_up=follow_up, source=rec["source"],
        supersedes=record_id, note=(note or "").strip() or f"Cập nhật khắc phục {dates.today().isoformat()}")
    return store.append_inspections([record], expected=_expected(rec["site_id"], opened_version))[0]


def save_plan(store, user: auth.User | None, plan) -> str:
    """Keep an inspection plan (geo.core.visits) as an append-only entry; an amended plan supersedes the old one."""
    auth.require(user, "inspector")
    if plan.supersedes and plan.supersedes not in set(store.read_entries(visits.KIND)["entry_id"]):
        raise RecordNotFound(Message(f"Không có kế hoạch {plan.supersedes}", f"No plan {plan.supersedes}"))
    return store.append_entries([visits.entry(plan)])[0]


def report_error(store, user: auth.User | None, site_id: str, field: str, what: str, evidence: str = "", contact: str = "",
                 *, client: str = "") -> str:
    """Anyone's report that a site's record is wrong (no sign-in needed), a few an hour per client."""
    entries = store.read_entries(error_reports.KIND)
    wait = error_reports.wait_seconds(entries, client)
    if wait:
        raise TooManyReports(Message(f"Đã nhận nhiều báo lỗi từ máy này; hãy thử lại sau {max(1, wait // 60)} phút.",
                                     f"Many reports came from this device; try again in {max(1, wait // 60)} minute(s)."))
    entry = error_reports.new_report(site_id, field, what, evidence, contact, client=client,
                                     reported_by=user.username if user else "", site_ids=set(store.read_site_table()["site_id"]))
    return store.append_entries([entry])[0]


def decide_error_report(store, user: auth.User | None, report_id: str, outcome: str, *, correction: str = "", reason: str = "") -> str:
    """An admin resolves a report with the correction record it led to, or rejects it with a reason; once."""
    auth.require(user, "admin")
    reports = error_reports.table(store.read_entries(error_reports.KIND), store.read_entries(error_reports.OUTCOME))
    match = reports[reports["report_id"] == report_id]
    if match.empty:
        raise RecordNotFound(Message(f"Không có báo lỗi {report_id}", f"No error report {report_id}"))
    if match.iloc[0]["status"] != "open":
        raise DashboardError(Message("Báo lỗi này đã được xử lý", "This report was already decided"))
    if outcome == "resolved":
        site_id = match.iloc[0]["site_id"]
        own = set(store.read_history(site_id)["record_id"]) | set(store.read_inspections(site_id)["record_id"])
        if correction not in own:
            raise RecordNotFound(Message(f"Cơ sở {site_id} không có bản ghi {correction}", f"Site {site_id} has no record {correction}"))
    return store.append_entries([error_reports.new_outcome(report_id, outcome, user.username, correction=correction, reason=reason)])[0]


def _expected(site_id: str, opened_version: int | None) -> dict[str, int] | None:
    return None if opened_version is None else {site_id: int(opened_version)}


def commit_import(store, user: auth.User | None, plan, filename: str, source: str) -> str:
    """Write an import plan in one transaction, as an audited import record that can be reverted."""
    auth.require(user, "admin")
    if not plan.ok:
        raise DashboardError(Message(f"Tệp còn {len(plan.problems)} lỗi; sửa rồi nhập lại",
                                     f"The file still has {len(plan.problems)} problem(s); fix them and import again"))
    existing = store.read_site_table().set_index("site_id")
    updated = [sid for sid in plan.sites["site_id"] if sid in existing.index]
    before = existing.loc[updated].reset_index() if updated else existing.iloc[0:0].reset_index()
    record = {
        "import_id": uuid.uuid4().hex[:12], "kind": "import", "filename": filename, "source": source,
        "imported_by": user.username, "imported_at": dates.stamp(),
        "created": json.dumps([s for s in plan.sites["site_id"] if s not in existing.index]),
        "updated_before": (pd.DataFrame(before.drop(columns="geometry")).assign(geometry=before.geometry.to_wkt())
                           .to_json(orient="records", force_ascii=False)) if len(before) else "",
        "change_ids": json.dumps(list(plan.changes["record_id"])), "reverts": "",
        "summary": json.dumps(plan.counts(), ensure_ascii=False),
    }
    store.apply_import(record, plan.sites, plan.changes)
    return record["import_id"]


def commit_field_import(store, user: auth.User | None, plan, filename: str) -> str:
    """Write the inspections, status records and photos of field submissions in one transaction,
    as an import record that can be reverted like any other (inspectors record inspections)."""
    auth.require(user, "inspector")
    if not plan.ok:
        raise DashboardError(Message(f"Tệp còn {len(plan.problems)} lỗi; sửa rồi nhập lại",
                                     f"The file still has {len(plan.problems)} problem(s); fix them and import again"))
    record = {
        "import_id": uuid.uuid4().hex[:12], "kind": "field", "filename": filename, "source": plan.origin,
        "imported_by": user.username, "imported_at": dates.stamp(), "created": "[]", "updated_before": "",
        "change_ids": json.dumps([*plan.changes["record_id"], *(r["record_id"] for r in plan.inspections)]), "reverts": "",
        "summary": json.dumps({{"create": "inspections"}.get(k, k): v for k, v in plan.counts().items()}, ensure_ascii=False),
    }
    empty = gpd.GeoDataFrame(columns=[*model.SITE_COLUMNS, "geometry"], geometry="geometry", crs=model.CRS)
    store.apply_import(record, empty, plan.changes, inspection_records=plan.inspections, evidence=plan.evidence)
    return record["import_id"]


REVERTIBLE = ("import", "field")


def revert_import(store, user: auth.User | None, import_id: str) -> str:
    """Undo an import with a new, audited import record: created sites removed (kept in the
    import's record), updated sites restored, its status records and inspections withdrawn."""
    auth.require(user, "admin")
    imports = store.read_imports()
    match = imports[imports["import_id"] == import_id]
    if match.empty or match.iloc[0]["kind"] not in REVERTIBLE:
        raise RecordNotFound(Message(f"Không có lần nhập {import_id}", f"No import {import_id}"))
    if (imports["reverts"] == import_id).any():
        raise RevertRefused(Message("Lần nhập này đã được hoàn tác", "This import was already reverted"))
    rec = match.iloc[0]
    created = json.loads(rec["created"] or "[]")
    restore = _sites_before(rec["updated_before"])
    touched = set(created) | set(restore["site_id"])
    for other in imports[imports["imported_at"] > rec["imported_at"]].itertuples():
        if touched & (set(json.loads(other.created or "[]")) | set(_sites_before(other.updated_before)["site_id"])):
            raise RevertRefused(Message("Một lần nhập sau đã sửa cùng cơ sở; hoàn tác lần nhập sau trước",
                                        "A later import changed the same sites; revert that one first"))
    change_ids = set(json.loads(rec["change_ids"] or "[]"))
    changes = store.read_history()
    visits = store.read_inspections()
    own_visits = visits[visits["record_id"].isin(change_ids)]
    touched |= set(changes.loc[changes["record_id"].isin(change_ids), "site_id"]) | set(own_visits["site_id"])
    others = records_since(changes, visits, touched, rec["imported_at"], change_ids)
    if len(others):
        listed = "; ".join(f"{r.site_id}: {r.what} ({r.recorded_by}, {r.recorded_at[:10]})" for r in others.head(10).itertuples())
        raise RevertRefused(Message(
            f"Không hoàn tác được: {len(others)} bản ghi của người khác đã được thêm vào các cơ sở của lần nhập này "
            f"(hoàn tác sẽ che mất chúng): {listed}",
            f"Cannot revert: {len(others)} record(s) by others were added to this import's sites since "
            f"(a revert would hide them): {listed}"), others=others)
    expected = {sid: store.site_version(sid) for sid in touched}  # checked again inside the revert's transaction
    retractions = [history.new_change(r.site_id, r.field, history.RETRACTED, r.effective_date, f"hoàn tác lần nhập {import_id}",
                                      user.username, supersedes=r.record_id, note=f"revert of import {import_id}")
                   for r in changes.itertuples() if r.record_id in change_ids]
    withdrawals = [inspections.withdrawal(r, user.username, f"hoàn tác lần nhập / revert of import {import_id}")
                   for r in own_visits.to_dict("records")]
    record = {
        "import_id": uuid.uuid4().hex[:12], "kind": "revert", "filename": rec["filename"], "source": rec["source"],
        "imported_by": user.username, "imported_at": dates.stamp(),
        "created": "[]", "updated_before": "", "change_ids": json.dumps([r["record_id"] for r in retractions]),
        "reverts": import_id, "summary": json.dumps({"restored": len(restore), "removed": len(created),
                                                     **({"withdrawn": len(withdrawals)} if withdrawals else {})}),
    }
    store.apply_import(record, restore, history.to_frame(retractions), deleted=created, expected=expected,
                       inspection_records=withdrawals)
    return record["import_id"]


def records_since(changes: pd.DataFrame, inspection_records: pd.DataFrame, site_ids: set, since: str,
                  own: set) -> pd.DataFrame:
    """Records on ``site_ids`` recorded at or after ``since`` that are not in ``own``: someone else's work."""
    ch = changes[changes["site_id"].isin(site_ids) & (changes["recorded_at"] >= since) & ~changes["record_id"].isin(own)]
    ins = inspection_records[inspection_records["site_id"].isin(site_ids) & (inspection_records["recorded_at"] >= since)
                             & ~inspection_records["record_id"].isin(own)]
    rows = [{"site_id": r.site_id, "record_id": r.record_id, "what": f"{r.field} = {r.value}", "recorded_by": r.recorded_by,
             "recorded_at": r.recorded_at} for r in ch.itertuples()]
    rows += [{"site_id": r.site_id, "record_id": r.record_id, "what": "inspection", "recorded_by": r.recorded_by,
              "recorded_at": r.recorded_at} for r in ins.itertuples()]
    return pd.DataFrame(rows, columns=["site_id", "record_id", "what", "recorded_by", "recorded_at"])


def _sites_before(updated_before: str) -> gpd.GeoDataFrame:
    """The site rows an import replaced, as it stored them (JSON records with WKT geometry)."""
    if not updated_before:
        return gpd.GeoDataFrame(columns=[*model.SITE_COLUMNS, "geometry"], geometry="geometry", crs=model.CRS)
    frame = pd.read_json(io.StringIO(updated_before), orient="records", dtype=False)
    return gpd.GeoDataFrame(frame.drop(columns=["geometry"]), geometry=[wkt.loads(g) if g else None for g in frame["geometry"]],
                            crs=model.CRS)
