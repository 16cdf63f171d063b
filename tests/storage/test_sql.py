"""The store suite: every test of the interface runs on the GeoPackage and on PostGIS."""

import datetime as dt
import multiprocessing

import pandas as pd
import pytest
import sqlalchemy as sa

from geo import storage as store
from geo.core import history, inspections
from geo.errors import Conflict, StoreError, ValidationFailed
from tests.conftest import change, make_sites


def test_round_trip_keeps_sites_and_records(any_store):
    sites = any_store.read_site_table()
    assert sites["site_id"].tolist() == ["c1", "v1"]
    assert sites.loc[1, "name"] == "Làng Bát Tràng"
    assert sites.crs.to_epsg() == 4326 and sites.geometry.iloc[0].x == pytest.approx(105.8)
    hist = any_store.read_history()
    assert hist.loc[0, ["record_id", "field", "value"]].tolist() == ["r1", "ww_status", "none"]
    assert any_store.read_sites(dt.date(2022, 1, 1)).set_index("site_id").loc["c1", "ww_status"] == "none"


def test_append_adds_records_and_changes_the_data_version(any_store):
    before = any_store.data_version()
    ids = any_store.append_changes([change("c1", "ww_status", "operating", "2024-01-01")], expected={"c1": 1})
    assert any_store.data_version() != before
    assert any_store.read_history("c1")["record_id"].tolist()[-1] == ids[0]
    assert any_store.read_sites(dt.date(2025, 1, 1)).set_index("site_id").loc["c1", "ww_status"] == "operating"


def _crash_on_insert(engine, table: str, after: int):
    """Make the database connection fail on the ``after``-th insert into ``table`` (counting from 0), as a crash would."""
    seen = {"n": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith((f'INSERT INTO "{table}"', f"INSERT INTO {table} ")):
            if seen["n"] >= after:
                raise RuntimeError("simulated crash in the middle of a write")
            seen["n"] += 1

    sa.event.listen(engine, "before_cursor_execute", before)
    return lambda: sa.event.remove(engine, "before_cursor_execute", before)


def test_a_failure_in_the_middle_of_an_append_leaves_nothing_written(any_store):
    before = (any_store.data_version(), len(any_store.read_history()))
    records = [change("c1", "ww_status", "planned", "2022-01-01"), change("c1", "ww_status", "operating", "2023-01-01")]
    undo = _crash_on_insert(any_store.engine, "changes", after=1)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            any_store.append_changes(records)
    finally:
        undo()
    assert (any_store.data_version(), len(any_store.read_history())) == before


@pytest.mark.parametrize("crash_at", ["changes", "inspections", "evidence", "imports"])
def test_a_crash_in_the_middle_of_an_import_commit_leaves_the_store_intact(any_store, crash_at):
    """Sites replaced, then records, inspections and photos added, then the import record: a crash at any
    step, after the earlier ones ran inside the transaction, leaves every table as it was."""
    import json

    from tests.conftest import INSPECTOR

    def snapshot():
        sites = any_store.read_site_table()
        return (any_store.data_version(), sites.drop(columns="geometry").to_json(), list(sites.geometry.to_wkt()),
                any_store.read_history().to_json(), any_store.read_inspections().to_json(),
                len(any_store.read_evidence()), len(any_store.read_imports()))

    before = snapshot()
    sites = make_sites([{"site_id": "c1", "name": "CCN Một (đổi tên)", "kind": "ccn", "lon": 105.81, "lat": 21.01},
                        {"site_id": "n1", "name": "CCN Mới", "kind": "ccn", "lon": 105.7, "lat": 21.1}])
    changes = history.to_frame([change("c1", "ww_status", "operating", "2026-01-01"), change("n1", "ww_status", "none", "2026-01-01")])
    visit = inspections.new_inspection("c1", "2026-11-20", "Sở", "An", "Trạm chạy", INSPECTOR.username, submission_id="s-1")
    photo = {"evidence_id": "e1", "record_id": visit["record_id"], "site_id": "c1", "filename": "a.jpg", "media_type": "image/jpeg",
             "sha256": "0" * 64, "size_bytes": 3, "content": b"\xff\xd8\xff", "recorded_by": "thanh", "recorded_at": "2026-11-21T00:00:00+00:00"}
    record = {"import_id": "i1", "kind": "import", "filename": "x.csv", "source": "test", "imported_by": "admin",
              "imported_at": "2026-11-21T00:00:00+00:00", "created": json.dumps(["n1"]), "updated_before": "",
              "change_ids": json.dumps(list(changes["record_id"])), "reverts": "", "summary": "{}"}
    undo = _crash_on_insert(any_store.engine, crash_at, after=0)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            any_store.apply_import(record, sites, changes, inspection_records=[visit], evidence=[photo])
    finally:
        undo()
    assert snapshot() == before
    any_store.apply_import(record, sites, changes, inspection_records=[visit], evidence=[photo])  # and then it goes in whole
    assert len(any_store.read_evidence()) == 1 and any_store.read_site_table().set_index("site_id").loc["c1", "name"] == "CCN Một (đổi tên)"


def test_invalid_records_raise_and_write_nothing(any_store):
    n = len(any_store.read_history())
    with pytest.raises(ValidationFailed) as info:
        any_store.append_changes([change("c1", "ww_status", "planned", "2022-01-01"), change("c1", "ww_status", "great", "2022-01-01")])
    assert info.value.errors[0].row == 2
    assert len(any_store.read_history()) == n


def test_a_stale_version_is_refused_and_says_what_changed(any_store):
    opened = any_store.site_version("c1")
    assert opened == 1
    any_store.append_changes([change("c1", "ww_status", "planned", "2022-01-01", record_id="r2")], expected={"c1": opened})
    with pytest.raises(Conflict, match="since you opened it") as info:
        any_store.append_changes([change("c1", "ww_status", "operating", "2022-01-01")], expected={"c1": opened})
    assert info.value.changed["record_id"].tolist() == ["r2"]
    assert info.value.changed.loc[0, "value"] == "planned"
    assert len(any_store.read_history()) == 2
    # Another site moving on is not a conflict for this one.
    any_store.append_changes([change("v1", "ep_plan", "yes", "2022-01-01")])
    any_store.append_changes([change("c1", "ww_status", "operating", "2022-06-01")], expected={"c1": 2})
    assert any_store.site_version("c1") == 3


def test_superseding_a_record_that_does_not_exist_is_refused(any_store):
    with pytest.raises(StoreError, match="not found"):
        any_store.append_changes([change("c1", "ww_status", "planned", "2022-01-01", supersedes="nope")])


def _open(backend, where):
    if backend == "gpkg":
        return store.GeoPackageStore(where)
    from geo.storage import postgis

    return postgis.PostGISStore(where)


def _inspector(backend, where, worker, n, queue):
    """Child process: save ``n`` records to site c1 as an inspector would, retrying on conflict."""
    s = _open(backend, where)
    conflicts = 0
    saved = 0
    while saved < n:
        opened = s.site_version("c1")
        record = change("c1", "ww_status", "operating", "2024-01-01", record_id=f"w{worker}-{saved}")
        try:
            s.append_changes([record], expected={"c1": opened})
            saved += 1
        except Conflict:
            conflicts += 1
    queue.put(conflicts)


@pytest.mark.slow
def test_several_processes_saving_to_one_site_lose_nothing(any_store):
    backend = "gpkg" if isinstance(any_store, store.GeoPackageStore) else "postgis"
    where = any_store.path if backend == "gpkg" else any_store.url
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers, each = 4, 8
    procs = [ctx.Process(target=_inspector, args=(backend, where, w, each, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    conflicts = sum(queue.get(timeout=5) for _ in procs)
    ids = set(any_store.read_history("c1")["record_id"])
    expected = {f"w{w}-{i}" for w in range(workers) for i in range(each)} | {"r1"}
    assert ids == expected                       # every record kept, none twice
    assert any_store.site_version("c1") == 1 + workers * each
    print(f"{backend}: {workers}x{each} saves, {conflicts} conflicts told and retried")


def test_inspections_round_trip_and_a_correction_supersedes(any_store):
    first = inspections.new_inspection(
        "v1", "2025-03-01", "Sở Nông nghiệp và Môi trường", "Nguyễn Văn A", "Nước thải chưa qua xử lý", "inspector1",
        violations=[{"description": "Xả nước thải vượt QCVN 40", "legal_ref": "Nghị định 45/2022/NĐ-CP, Điều 18"}],
        fine_vnd=50_000_000, actions=[{"action": "Lắp đặt hệ thống xử lý", "deadline": "2025-09-01"}], record_id="i1")
    any_store.append_inspections([first], expected={"v1": 0})
    fixed = dict(first, record_id="i2", supersedes="i1", fine_vnd=40_000_000, note="sửa số tiền phạt theo quyết định")
    any_store.append_inspections([fixed], expected={"v1": 1})
    got = any_store.read_inspections("v1")
    assert got["record_id"].tolist() == ["i1", "i2"]          # both versions kept
    assert inspections.current(got)["record_id"].tolist() == ["i2"]
    violations, actions = inspections.decode(got.iloc[1])
    assert violations[0]["legal_ref"].startswith("Nghị định 45") and actions[0]["deadline"] == "2025-09-01"
    assert got.iloc[1]["fine_vnd"] == 40_000_000
    with pytest.raises(StoreError, match="not found"):
        any_store.append_inspections([dict(first, record_id="i3", supersedes="nope")])


def test_users_sessions_and_attempts(any_store):
    assert any_store.get_user("a") is None
    user = {"username": "a", "display_name": "An", "role": "inspector", "password_hash": "h", "email": "", "disabled": False,
            "created_at": "2026-01-01", "created_by": "admin"}
    any_store.put_user(user)
    any_store.put_user(dict(user, role="admin"))
    assert any_store.get_user("a")["role"] == "admin" and len(any_store.list_users()) == 1
    assert "password_hash" not in any_store.list_users().columns
    any_store.add_session("t1", "a", dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc))
    assert any_store.get_session("t1")["username"] == "a"
    any_store.delete_session("t1")
    assert any_store.get_session("t1") is None


def test_an_attempt_is_counted_before_it_is_checked_and_a_lock_refuses_the_next(any_store):
    t0 = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
    lock_after = lambda n: 5 if n >= 2 else 0  # noqa: E731
    forget = dt.timedelta(hours=1)
    assert any_store.reserve_attempt("a", t0, lock_after, forget) == 0
    assert any_store.get_attempts("a")["failures"] == 1
    assert any_store.reserve_attempt("a", t0, lock_after, forget) == 0          # the second: counted, locks 5 s
    assert any_store.reserve_attempt("a", t0 + dt.timedelta(seconds=2), lock_after, forget) == pytest.approx(3)
    assert any_store.get_attempts("a")["failures"] == 2                         # a refused attempt is not counted
    assert any_store.reserve_attempt("a", t0 + dt.timedelta(seconds=6), lock_after, forget) == 0
    assert any_store.get_attempts("a")["failures"] == 3
    assert any_store.reserve_attempt("a", t0 + dt.timedelta(hours=3), lock_after, forget) == 0  # forgotten: counts from 1
    assert any_store.get_attempts("a")["failures"] == 1
    any_store.clear_attempts("a")
    assert any_store.get_attempts("a") is None


def test_an_import_and_its_revert_on_either_backend(any_store):
    from geo.access import auth, recording
    from geo.io import importing

    admin = auth.User("admin", "", "admin")
    new = make_sites([{"site_id": "k9", "name": "KCN Mới", "kind": "kcn", "lon": 105.85, "lat": 21.1}])
    moved = any_store.read_site_table()
    moved = moved[moved["site_id"] == "c1"].copy()
    moved["name"] = "CCN Một (đổi tên)"
    sites = pd.concat([new, moved], ignore_index=True)
    changes = history.to_frame([change("k9", "operating_status", "operating", "2026-01-01", record_id="imp-1")])
    plan = importing.Plan(pd.DataFrame({"_row": [1, 2], "site_id": ["k9", "c1"], "name": ["", ""], "action": ["create", "update"],
                                        "changes": ["", ""]}), sites, changes, [])
    import_id = recording.commit_import(any_store, admin, plan, "list.xlsx", "test")
    table = any_store.read_site_table().set_index("site_id")
    assert table.loc["k9", "geometry"].x == pytest.approx(105.85) and table.loc["c1", "name"] == "CCN Một (đổi tên)"
    assert any_store.read_sites(dt.date(2026, 6, 1)).set_index("site_id").loc["k9", "operating_status"] == "operating"
    recording.revert_import(any_store, admin, import_id)
    table = any_store.read_site_table().set_index("site_id")
    assert "k9" not in table.index and table.loc["c1", "name"] == "CCN Một"
    assert table.loc["c1", "geometry"].x == pytest.approx(105.8)
    assert list(any_store.read_imports()["kind"]) == ["import", "revert"]


def test_the_current_layer_follows_every_write_in_the_same_transaction(any_store):
    def current():
        with any_store.engine.connect() as conn:
            rows = conn.execute(sa.text('SELECT site_id, ww_status, ww_status_label, illustrative FROM "sites_current"')).mappings().all()
        return {r["site_id"]: dict(r) for r in rows}

    assert current()["c1"]["ww_status"] == "none" and current()["c1"]["ww_status_label"] == "Chưa có trạm XLNT"
    any_store.append_changes([change("c1", "ww_status", "operating", "2024-01-01")])
    assert current()["c1"]["ww_status"] == "operating" and set(current()) == {"c1", "v1"}
    undo = _crash_on_insert(any_store.engine, "sites_current", after=0)   # a failed rebuild takes the write with it
    try:
        with pytest.raises(RuntimeError):
            any_store.append_changes([change("c1", "ww_status", "none", "2025-01-01")])
    finally:
        undo()
    assert current()["c1"]["ww_status"] == "operating" and any_store.read_sites().set_index("site_id").loc["c1", "ww_status"] == "operating"
    new = make_sites([{"site_id": "n1", "name": "CCN Mới", "kind": "ccn", "lon": 105.7, "lat": 21.1}])
    record = {"import_id": "i1", "kind": "import", "filename": "x", "source": "t", "imported_by": "a", "imported_at": "2026-01-01T00:00:00+00:00",
              "created": '["n1"]', "updated_before": "", "change_ids": "[]", "reverts": "", "summary": "{}"}
    any_store.apply_import(record, new, pd.DataFrame(), deleted=["v1"])
    assert set(current()) == {"c1", "n1"} and current()["n1"]["ww_status"] == "unknown"


def test_gis_readers_see_the_current_layer_as_points(any_store):
    import geopandas as gpd

    if isinstance(any_store, store.GeoPackageStore):
        import pyogrio

        assert dict(pyogrio.list_layers(any_store.path))["sites_current"] == "Point"
        layer = gpd.read_file(any_store.path, layer="sites_current")
    else:
        layer = gpd.read_postgis('SELECT * FROM "sites_current"', any_store.engine, geom_col="geometry")
    assert sorted(layer["site_id"]) == ["c1", "v1"] and layer.crs.to_epsg() == 4326
    assert layer.set_index("site_id").loc["c1"].geometry.x == pytest.approx(105.8)


def test_a_job_runs_one_at_a_time_across_instances_and_may_write_meanwhile(any_store):
    """Two instances (two store objects on one file or database): the second run of a job waits for the first."""
    import threading
    import time

    from geo.storage.postgis import PostGISStore

    other = store.GeoPackageStore(any_store.path) if hasattr(any_store, "path") else PostGISStore(any_store.url, migrate=False)
    events, inside = [], threading.Event()

    def second():
        inside.wait(10)
        with other.one_at_a_time("notify"):
            events.append("second in")

    t = threading.Thread(target=second)
    t.start()
    with any_store.one_at_a_time("notify"):
        inside.set()
        time.sleep(0.5)                      # the second run is waiting meanwhile
        any_store.append_entries([{"kind": "digest_sent", "subject": "thanh", "body": {}}])   # writing is not held up
        with other.one_at_a_time("another job"):
            events.append("another job")     # another job is not held up either
        events.append("first out")
    t.join(10)
    assert events == ["another job", "first out", "second in"]
    assert len(other.read_entries("digest_sent")) == 1
