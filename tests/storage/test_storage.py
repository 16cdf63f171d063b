"""open_store: either backend, built from the data files on first run and migrated."""

import pytest

from geo import storage as store
from geo.dataset import reference
from geo.settings import DEFAULTS
from tests.conftest import settings_for


def test_open_store_builds_the_default_store_on_first_run(tmp_path):
    s = store.open_store(settings_for(tmp_path / "sub" / "new.gpkg"))
    meta = s.read_meta()
    assert meta["schema_version"] == store.SCHEMA_VERSION and meta["illustrative_seed"] == "307"
    sites = s.read_site_table()
    assert len(sites) == len(reference.read_sites_csv(DEFAULTS.sites_csv)) and sites["site_id"].is_unique
    hist = s.read_history()
    assert hist["illustrative"].any() and (~hist["illustrative"]).any()
    assert not list((tmp_path / "sub").glob("*.tmp*")), "no temporary file left behind"


@pytest.mark.postgis
def test_postgis_store_is_built_from_data_on_first_open(postgis_url):
    from geo.storage import postgis

    s = store.open_store(settings_for("", database_url=postgis_url))
    assert isinstance(s, postgis.PostGISStore)
    sites = s.read_site_table()
    assert len(sites) == len(reference.read_sites_csv(DEFAULTS.sites_csv)) and sites.crs.to_epsg() == 4326
    assert s.read_meta()["schema_version"] == store.SCHEMA_VERSION
    again = store.open_store(settings_for("", database_url=postgis_url))   # a second instance: same data, nothing rebuilt
    assert again.data_version() == s.data_version()


def test_journal_entries_are_kept_in_order_with_their_body_and_change_no_data_version(any_store):
    version = any_store.data_version()
    ids = any_store.append_entries([{"kind": "visit_plan", "subject": "KH1", "body": {"title": "Đợt 1", "site_ids": ["c1", "v1"]},
                                     "recorded_by": "thanh"},
                                    {"kind": "visit_plan", "subject": "KH2", "body": {"title": "Đợt 2 <b>"}, "supersedes": "x"},
                                    {"kind": "other", "body": {}}])
    plans = any_store.read_entries("visit_plan")
    assert list(plans["entry_id"]) == ids[:2] and plans.iloc[0]["body"] == {"title": "Đợt 1", "site_ids": ["c1", "v1"]}
    assert plans.iloc[1]["body"]["title"] == "Đợt 2 <b>" and plans.iloc[1]["supersedes"] == "x"
    assert list(any_store.read_entries("visit_plan", "KH2")["entry_id"]) == [ids[1]]
    assert any_store.read_entries("nothing").empty and any_store.data_version() == version
