"""Every write path checks the role; corrections supersede; inspections carry overdue actions."""

import datetime as dt

import pytest

from geo.access import auth, recording
from geo.errors import Conflict, NotAllowed, RecordNotFound, ValidationFailed
from tests.conftest import an_inspection

VIEWER = auth.User("xem", "Người xem", "viewer")
INSPECTOR = auth.User("thanh", "Trần Thanh", "inspector")
ADMIN = auth.User("admin", "Quản trị", "admin")
_inspection = an_inspection


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


def test_only_inspectors_save_plans_and_an_amendment_must_name_a_plan_that_exists(s):
    from geo.core import visits
    from geo.errors import NotAllowed

    plan = visits.new_plan("Đợt 1", "", "2026-12-01", "2026-12-31", s.read_site_table(), (105.85, 21.03), "Trụ sở", "thanh")
    with pytest.raises(NotAllowed):
        recording.save_plan(s, None, plan)
    with pytest.raises(NotAllowed):
        recording.save_plan(s, auth.User("v", "", "viewer"), plan)
    recording.save_plan(s, INSPECTOR, plan)
    assert [p.plan_id for p in visits.from_entries(s.read_entries(visits.KIND))] == [plan.plan_id]
    import dataclasses
    with pytest.raises(RecordNotFound):
        recording.save_plan(s, INSPECTOR, dataclasses.replace(plan, plan_id="KH-2", supersedes="KH-none"))


def test_anyone_reports_an_error_an_admin_decides_it_once_and_a_correction_must_be_the_sites(s):
    from geo.core import error_reports
    from geo.errors import DashboardError, TooManyReports

    rid = recording.report_error(s, None, "c1", "ww_status", "Trạm đã vận hành từ 03/2024", "Báo cáo UBND xã", "0912 345 678",
                                 client="198.51.100.7")
    with pytest.raises(NotAllowed):
        recording.decide_error_report(s, INSPECTOR, rid, "rejected", reason="x")
    admin = auth.User("admin", "", "admin")
    with pytest.raises(RecordNotFound):  # not a record of this site
        recording.decide_error_report(s, admin, rid, "resolved", correction="nonexistent")
    fix = recording.correct_change(s, INSPECTOR, "r1", "operating", "2024-03-01", "Báo cáo UBND xã", "theo báo lỗi")
    recording.decide_error_report(s, admin, rid, "resolved", correction=fix)
    with pytest.raises(DashboardError, match="already"):
        recording.decide_error_report(s, admin, rid, "rejected", reason="đổi ý")
    table = error_reports.table(s.read_entries(error_reports.KIND), s.read_entries(error_reports.OUTCOME))
    assert list(table["status"]) == ["resolved"] and table.iloc[0]["correction"] == fix
    for n in range(error_reports.PER_HOUR - 1):
        recording.report_error(s, None, "c1", "name", f"lần {n}", client="198.51.100.7")
    with pytest.raises(TooManyReports):
        recording.report_error(s, None, "c1", "name", "một lần nữa", client="198.51.100.7")
    recording.report_error(s, None, "c1", "name", "máy khác", client="198.51.100.8")
