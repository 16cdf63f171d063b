"""AppTest of the Plans page: who may see it, building a plan from the current filters, opening it by link."""

import pytest

from geo import storage as store
from geo.access import auth, recording
from geo.core import visits
from tests.app.helpers import plain, run_page
from tests.conftest import settings_for


@pytest.fixture
def s(tmp_path, monkeypatch):
    path = tmp_path / "plans.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.setenv("HANOI_TILES", "none")
    st_ = store.open_store(settings_for(path))
    admin = auth.create_user(st_, None, "admin", "quan-tri-vien-2025", "admin")
    auth.create_user(st_, admin, "thanh", "kiem-tra-2025!", "inspector", "Trần Thanh")
    return st_


def _text(at) -> str:
    return plain(" ".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.error, *at.success, *at.warning]))


def test_a_visitor_is_asked_to_sign_in_and_sees_no_plan(s):
    recording.save_plan(s, auth.User("thanh", "", "inspector"), visits.new_plan(
        "Bí mật", "", "2026-12-01", "2026-12-31", s.read_site_table().head(3), (105.85, 21.03), "Trụ sở", "thanh"))
    at = run_page("pages/plans.py")
    assert "chỉ dành cho cán bộ kiểm tra" in _text(at) and "Bí mật" not in _text(at) and not at.dataframe


def test_an_inspector_builds_a_plan_from_the_filtered_view_and_its_link_opens_it(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/plans.py", params={"kind": "ccn", "od": "276"}, session={"auth_token": token})
    sites = next(m for m in at.multiselect if m.key.startswith("plan_sites_"))
    state = s.read_sites()
    in_view = set(state[(state["kind"] == "ccn") & (state["old_district_code"] == "276")]["site_id"])
    chosen = list(sites.value)
    assert chosen and set(chosen) <= in_view
    next(t for t in at.text_input if t.label == "Tên kế hoạch").input("Kiểm tra CCN Thạch Thất")
    next(b for b in at.button if b.label == "Sắp xếp lộ trình và lưu kế hoạch").click()
    at.run()
    assert not at.exception
    plans = visits.from_entries(s.read_entries(visits.KIND))
    assert len(plans) == 1 and set(plans[0].site_ids) == set(chosen) and plans[0].created_by == "thanh"
    assert "Đã lưu kế hoạch “Kiểm tra CCN Thạch Thất”" in _text(at)
    assert at.session_state["view_plan"] == plans[0].plan_id
    # A link with the plan opens it in a fresh session, with its progress.
    again = run_page("pages/plans.py", params={"plan": plans[0].plan_id}, session={"auth_token": token})
    assert any(h.value == "Kiểm tra CCN Thạch Thất" for h in again.header)
    assert "lập bởi Trần Thanh" in _text(again) and "lập bởi thanh" not in _text(again)  # the author's name, not the log-in
    assert len(again.dataframe[0].value) == len(plans[0].site_ids)
    assert any("Đã kiểm tra 0/" in str(p.proto.text) for p in again.get("progress"))


def test_an_empty_title_says_what_to_fix_and_saves_nothing(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/plans.py", params={"kind": "ccn"}, session={"auth_token": token})
    next(b for b in at.button if b.label == "Sắp xếp lộ trình và lưu kế hoạch").click()
    at.run()
    assert "cần đặt tên kế hoạch" in _text(at) and s.read_entries(visits.KIND).empty


def test_a_link_to_a_plan_that_does_not_exist_says_so(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/plans.py", params={"plan": "KH-none"}, session={"auth_token": token})
    assert "Không có kế hoạch “KH-none”" in _text(at)


def test_a_stop_whose_new_unit_is_not_known_says_so_in_the_plans_table(s):
    sites = s.read_site_table()
    stops = sites[sites["site_id"].isin(["ccn-ngoc-son", "ccn-phung-chau"])]
    assert stops.loc[stops["site_id"] == "ccn-ngoc-son", "new_unit_name"].map(lambda v: v is None or v != v or v == "").all()
    plan = visits.new_plan("Chương Mỹ", "", "2026-12-01", "2026-12-31", stops, (105.85, 21.03), "Trụ sở", "thanh")
    recording.save_plan(s, auth.User("thanh", "", "inspector"), plan)
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/plans.py", params={"plan": plan.plan_id}, session={"auth_token": token})
    places = dict(zip(at.dataframe[0].value["Cơ sở"], at.dataframe[0].value["Địa bàn"]))
    assert places["CCN Ngọc Sơn"] == "—" and places["CCN Phụng Châu"] not in ("", "—")
