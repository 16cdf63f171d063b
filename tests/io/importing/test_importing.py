"""The whole pipeline: commit as one audited import, revert, a failing commit, and every export importing back unchanged."""

import datetime as dt
import json

import pandas as pd
import pytest

from geo.access import recording
from geo.errors import NotAllowed
from geo.io import exports
from geo.views import tables
from tests.io.importing.conftest import ADMIN, INSPECTOR, plan_of

#: The department's "CCN Bình Phú" (row 12) is answered as a new site, as before probable matches were asked about.
NEW_BINH_PHU = {12: ""}


def test_commit_is_one_audited_import_and_revert_restores_everything(s, dept_xlsx, boundaries):
    before_sites = s.read_site_table()
    before_state = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    plan = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches=NEW_BINH_PHU)
    with pytest.raises(NotAllowed):
        recording.commit_import(s, INSPECTOR, plan, "ccn.xlsx", "BC 123")
    import_id = recording.commit_import(s, ADMIN, plan, "ccn.xlsx", "BC 123")
    after = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    assert len(after) == len(before_state) + plan.counts()["create"]
    assert after.loc["ccn-ngoc-hoi", "ww_capacity_m3d"] == 1800
    rec = s.read_imports().set_index("import_id").loc[import_id]
    assert rec["imported_by"] == "admin" and rec["filename"] == "ccn.xlsx"
    assert json.loads(rec["summary"]) == plan.counts()

    recording.revert_import(s, ADMIN, import_id)
    restored = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    assert sorted(restored.index) == sorted(before_state.index)
    assert pd.isna(restored.loc["ccn-ngoc-hoi", "ww_capacity_m3d"]) == pd.isna(before_state.loc["ccn-ngoc-hoi", "ww_capacity_m3d"])
    assert s.read_site_table().set_index("site_id").loc["ccn-ngoc-hoi", "source"] == before_sites.set_index("site_id").loc["ccn-ngoc-hoi", "source"]
    kinds = s.read_imports()["kind"].tolist()
    assert kinds == ["import", "revert"]                               # both kept: the revert is itself a record
    with pytest.raises(Exception, match="already reverted"):
        recording.revert_import(s, ADMIN, import_id)


def test_a_failing_commit_writes_nothing(s, dept_xlsx, boundaries, monkeypatch):
    plan = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches=NEW_BINH_PHU)
    version, n = s.data_version(), len(s.read_site_table())
    plan.changes.loc[0, "site_id"] = "no-such-site"                   # invalid record at the end of the batch
    with pytest.raises(Exception):
        recording.commit_import(s, ADMIN, plan, "ccn.xlsx", "BC 123")
    assert (s.data_version(), len(s.read_site_table()), len(s.read_imports())) == (version, n, 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson", "gpkg"])
def test_export_then_import_changes_nothing(s, boundaries, fmt):
    state = s.read_sites(dt.date(2026, 10, 15))
    table = tables.display_table(state, "vi", screen=False)
    meta = exports.metadata("vi", dt.date(2026, 10, 15), {}, "http://x/", True, len(state))
    data = {"csv": lambda: exports.to_csv(table, meta), "xlsx": lambda: exports.to_xlsx(table, meta),
            "geojson": lambda: exports.to_geojson(state, table, meta), "gpkg": lambda: exports.to_gpkg(state, table, meta)}[fmt]()
    plan = plan_of(s, f"export.{fmt}", data, boundaries, source="round trip")
    assert plan.ok, [p.text() for p in plan.problems[:5]]
    assert set(plan.rows["action"]) == {"unchanged"}, plan.rows[plan.rows["action"] != "unchanged"].head().to_dict("records")
    assert plan.changes.empty and plan.sites.empty


def test_a_revert_never_hides_records_others_added_since(s, dept_xlsx, boundaries):
    from geo.errors import RevertRefused

    plan = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches=NEW_BINH_PHU)
    import_id = recording.commit_import(s, ADMIN, plan, "ccn.xlsx", "BC 123")
    created = list(plan.rows[plan.rows["action"] == "create"]["site_id"])
    recording.record_inspection(s, INSPECTOR, created[0], "2026-10-20", "Thanh tra", "Lê Minh", "Đã kiểm tra cụm mới")
    recording.record_status_change(s, INSPECTOR, created[-1], "ww_status", "operating", "2026-10-21", "Biên bản 7/BB")
    before = (len(s.read_site_table()), len(s.read_history()), len(s.read_inspections()), len(s.read_imports()))
    with pytest.raises(RevertRefused) as info:
        recording.revert_import(s, ADMIN, import_id)
    assert sorted(info.value.others["site_id"]) == sorted([created[0], created[-1]])
    assert "2 record(s) by others" in info.value.text("en") and "thanh" in info.value.text("en")
    # Nothing was touched: the new site and its inspection, the status change, all still there.
    assert (len(s.read_site_table()), len(s.read_history()), len(s.read_inspections()), len(s.read_imports())) == before
    assert set(created) <= set(s.read_site_table()["site_id"])
