"""Every write path checks the role; corrections supersede; inspections carry overdue actions."""

import datetime as dt

import pytest

from geo import audit, auth, history, inspections, recording, store
from geo.errors import Conflict, NotAllowed, ValidationFailed
from tests.conftest import change, make_sites

VIEWER = auth.User("xem", "Người xem", "viewer")
INSPECTOR = auth.User("thanh", "Trần Thanh", "inspector")
ADMIN = auth.User("admin", "Quản trị", "admin")


@pytest.fixture
def s(tmp_path):
    sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0}])
    path = tmp_path / "r.gpkg"
    store.write_geopackage(path, sites, history.to_frame([change("c1", "ww_status", "none", "2021-01-01", record_id="r1")]), {})
    return store.GeoPackageStore(path)


def _inspection(s, user, **kw):
    return recording.record_inspection(
        s, user, "c1", "2025-05-10", "Thanh tra Sở NN&MT", "Lê Minh", "Trạm XLNT không vận hành",
        violations=[{"description": "Không vận hành công trình xử lý", "legal_ref": "NĐ 45/2022/NĐ-CP Điều 25"}],
        fine_vnd=120_000_000, actions=[{"action": "Vận hành lại trạm", "deadline": "2025-08-01"},
                                       {"action": "Quan trắc định kỳ", "deadline": "2026-12-31"}], **kw)


WRITES = {
    "status": lambda s, u: recording.record_status_change(s, u, "c1", "ww_status", "operating", "2025-06-01", "Biên bản 12/BB"),
    "correction": lambda s, u: recording.correct_change(s, u, "r1", "planned", "2021-01-01", "Báo cáo 2021", "nhập nhầm"),
    "inspection": lambda s, u: _inspection(s, u),
    "follow_up": lambda s, u: recording.update_follow_up(s, u, _inspection(s, ADMIN), "in_progress", [True, False], "đã vận hành"),
    "create_user": lambda s, u: auth.create_user(s, u, "lan", "mat-khau-that-dai", "viewer"),
}


@pytest.mark.parametrize("path", sorted(WRITES))
@pytest.mark.parametrize("user", [None, VIEWER], ids=["anonymous", "viewer"])
def test_every_write_path_refuses_without_the_role(s, path, user):
    before = (len(s.read_history()), len(s.read_inspections()), len(s.list_users()))
    if path == "follow_up":
        _inspection(s, ADMIN)
        before = (len(s.read_history()), len(s.read_inspections()), len(s.list_users()))
        with pytest.raises(NotAllowed):
            recording.update_follow_up(s, user, s.read_inspections().iloc[0]["record_id"], "closed", [True, True], "")
    else:
        with pytest.raises(NotAllowed):
            WRITES[path](s, user)
    assert (len(s.read_history()), len(s.read_inspections()), len(s.list_users())) == before


def test_an_inspector_may_record_but_not_manage_users(s):
    for path in ("status", "correction", "inspection", "follow_up"):
        WRITES[path](s, INSPECTOR)
    with pytest.raises(NotAllowed):
        WRITES["create_user"](s, INSPECTOR)
    WRITES["create_user"](s, ADMIN)


def test_a_correction_supersedes_and_both_records_stay(s):
    new_id = recording.correct_change(s, INSPECTOR, "r1", "planned", "2021-01-01", "Báo cáo 2021", "nhập nhầm giá trị")
    hist = s.read_history("c1").set_index("record_id")
    assert set(hist.index) == {"r1", new_id}
    assert hist.loc[new_id, "supersedes"] == "r1" and "nhập nhầm" in hist.loc[new_id, "note"]
    assert hist.loc[new_id, "recorded_by"] == "thanh"
    assert s.read_sites(dt.date(2022, 1, 1)).set_index("site_id").loc["c1", "ww_status"] == "planned"


def test_the_audit_trail_lists_every_record_with_who_and_when(s):
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "operating", "2025-06-01", "Biên bản 12/BB", "ảnh chụp trạm")
    first = _inspection(s, INSPECTOR)
    recording.update_follow_up(s, INSPECTOR, first, "closed", [True, True], "đã khắc phục")
    trail = audit.trail(s.read_history("c1"), s.read_inspections("c1"), "vi")
    assert len(trail) == 4                                   # r1, the status change, two inspection versions
    assert set(trail["recorded_by"]) == {"tester", "thanh"}
    superseded = trail[trail["superseded_by"] != ""]
    assert len(superseded) == 1 and superseded.iloc[0]["record_id"] == first
    assert trail["what"].str.contains("Trạm XLNT").any() and trail["what"].str.contains("Biên bản kiểm tra").any()


def test_overdue_actions_come_from_the_current_version_only(s):
    first = _inspection(s, INSPECTOR)
    day = dt.date(2025, 9, 1)
    overdue = inspections.overdue_actions(s.read_inspections(), day)
    assert overdue[["action", "days_overdue"]].values.tolist() == [["Vận hành lại trạm", 31]]
    recording.update_follow_up(s, INSPECTOR, first, "in_progress", [True, False], "đã vận hành lại")
    assert inspections.overdue_actions(s.read_inspections(), day).empty
    assert len(inspections.overdue_actions(s.read_inspections(), dt.date(2027, 1, 2))) == 1


def test_a_stale_form_is_told_what_changed(s):
    opened = s.site_version("c1")
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "operating", "2025-06-01", "Biên bản A",
                                   opened_version=opened)
    with pytest.raises(Conflict) as info:
        recording.record_status_change(s, ADMIN, "c1", "ww_status", "built_not_operating", "2025-06-01", "Biên bản B",
                                       opened_version=opened)
    assert info.value.changed["value"].tolist() == ["operating"]
    assert info.value.changed["recorded_by"].tolist() == ["thanh"]


def test_bad_inspection_input_says_what_is_wrong(s):
    with pytest.raises(ValidationFailed) as info:
        recording.record_inspection(s, INSPECTOR, "c1", "2999-01-01", "", "Lê Minh", "", fine_vnd=-5,
                                    actions=[{"action": "", "deadline": "31/12/2025"}])
    fields = {e.field for e in info.value.errors}
    assert {"inspection_date", "agency", "findings", "fine_vnd", "actions"} <= fields
    assert s.read_inspections().empty
