import datetime as dt
import multiprocessing
import os

import pytest

from geo import history, store
from geo.errors import StoreError, ValidationFailed
from tests.conftest import change, make_sites

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
    {"site_id": "v1", "name": "Làng Bát Tràng", "kind": "lang_nghe", "recognised": "yes", "lon": 105.91, "lat": 20.98},
])


@pytest.fixture
def gpkg(tmp_path):
    path = tmp_path / "s.gpkg"
    changes = history.to_frame([change("c1", "ww_status", "none", "2021-01-01", record_id="r1")])
    store.write_geopackage(path, SITES, changes, {"schema_version": "1", "data_version": "v0"})
    return store.GeoPackageStore(path)


def test_round_trip_keeps_sites_and_records(gpkg):
    sites = gpkg.read_site_table()
    assert sites["site_id"].tolist() == ["c1", "v1"]
    assert sites.loc[1, "name"] == "Làng Bát Tràng"
    assert sites.crs.to_epsg() == 4326 and sites.geometry.iloc[0].x == pytest.approx(105.8)
    hist = gpkg.read_history()
    assert hist.loc[0, ["record_id", "field", "value"]].tolist() == ["r1", "ww_status", "none"]
    assert gpkg.read_sites(dt.date(2022, 1, 1)).set_index("site_id").loc["c1", "ww_status"] == "none"


def test_append_adds_records_and_changes_the_data_version(gpkg):
    before = gpkg.data_version()
    ids = gpkg.append_changes([change("c1", "ww_status", "operating", "2024-01-01")], expected_version=before)
    assert gpkg.data_version() != before
    assert gpkg.read_history("c1")["record_id"].tolist()[-1] == ids[0]
    assert gpkg.read_sites(dt.date(2025, 1, 1)).set_index("site_id").loc["c1", "ww_status"] == "operating"


def test_a_failure_in_the_middle_of_an_append_leaves_nothing_written(gpkg):
    before = (gpkg.data_version(), len(gpkg.read_history()))
    records = [change("c1", "ww_status", "planned", "2022-01-01"), change("c1", "ww_status", "operating", "2023-01-01")]
    with pytest.raises(RuntimeError):
        gpkg.append_changes(records, _fail_after=1)
    assert (gpkg.data_version(), len(gpkg.read_history())) == before


def test_invalid_records_raise_and_write_nothing(gpkg):
    n = len(gpkg.read_history())
    with pytest.raises(ValidationFailed) as info:
        gpkg.append_changes([change("c1", "ww_status", "planned", "2022-01-01"), change("c1", "ww_status", "great", "2022-01-01")])
    assert info.value.errors[0].row == 2
    assert len(gpkg.read_history()) == n


def test_a_stale_version_is_refused_so_no_update_is_lost(gpkg):
    opened = gpkg.data_version()
    gpkg.append_changes([change("c1", "ww_status", "planned", "2022-01-01")], expected_version=opened)
    with pytest.raises(StoreError, match="changed since you opened"):
        gpkg.append_changes([change("c1", "ww_status", "operating", "2022-01-01")], expected_version=opened)
    assert len(gpkg.read_history()) == 2


def test_superseding_a_record_that_does_not_exist_is_refused(gpkg):
    with pytest.raises(StoreError, match="not found"):
        gpkg.append_changes([change("c1", "ww_status", "planned", "2022-01-01", supersedes="nope")])


def _crash_while_rewriting(path):
    """Child process: start writing a new store over ``path`` and die abruptly midway."""
    import pyogrio

    real = pyogrio.write_dataframe
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            os._exit(9)  # no cleanup, no exception handlers: like a power cut
        return real(*args, **kwargs)

    pyogrio.write_dataframe = dying
    store.write_geopackage(path, SITES.iloc[:1], history.empty_changes(), {"data_version": "new"})


def test_a_process_killed_while_rewriting_the_store_leaves_the_old_file_intact(gpkg):
    before = (gpkg.data_version(), gpkg.read_site_table()["site_id"].tolist())
    proc = multiprocessing.get_context("spawn").Process(target=_crash_while_rewriting, args=(gpkg.path,))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 9
    assert (gpkg.data_version(), gpkg.read_site_table()["site_id"].tolist()) == before


def test_open_store_builds_the_default_store_on_first_run(tmp_path):
    s = store.open_store(tmp_path / "sub" / "new.gpkg")
    meta = s.read_meta()
    assert meta["schema_version"] == store.SCHEMA_VERSION and meta["illustrative_seed"] == "307"
    sites = s.read_site_table()
    assert len(sites) > 150 and sites["site_id"].is_unique
    hist = s.read_history()
    assert hist["illustrative"].any() and (~hist["illustrative"]).any()
    assert not list((tmp_path / "sub").glob("*.tmp*")), "no temporary file left behind"


def test_missing_store_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        store.GeoPackageStore(tmp_path / "none.gpkg")
