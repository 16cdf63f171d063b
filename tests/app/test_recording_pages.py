"""AppTest of sign-in and recording on the site page, and of the overdue-actions filter."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import storage as store
from geo.access import auth, recording
from geo.dataset import reference
from geo.core import indicators
from geo.settings import DEFAULTS
from tests.app.helpers import plain, run_page
from tests.conftest import settings_for

ROOT = Path(__file__).resolve().parents[2]
SITE = "ccn-tan-trieu"


@pytest.fixture
def s(tmp_path, monkeypatch):
    """A store of its own, with an admin and an inspector."""
    path = tmp_path / "rec.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.setenv("HANOI_TILES", "none")
    st_ = store.open_store(settings_for(path))
    admin = auth.create_user(st_, None, "admin", "quan-tri-vien-2025", "admin")
    auth.create_user(st_, admin, "thanh", "kiem-tra-2025!", "inspector", "Trần Thanh")
    auth.create_user(st_, admin, "lan", "chi-duoc-xem-thoi", "viewer", "Người Xem")
    return st_


def site_page(session=None, params=None) -> AppTest:
    return run_page("pages/site.py", params={"site": SITE, **(params or {})}, session=session)


def all_text(at) -> str:
    return plain(" ".join(m.value for m in list(at.markdown) + list(at.caption) + list(at.info) + list(at.error)
                          + list(at.success) + list(at.warning)))


def test_anonymous_visitors_see_the_site_but_no_recording_forms(s):
    at = site_page()
    assert "Đăng nhập với vai trò cán bộ kiểm tra" in all_text(at)
    assert not [b for b in at.button if b.label == "Lưu thay đổi"]


def test_sign_in_with_a_wrong_then_the_right_password(s):
    assert "sign_in_user" not in [t.key for t in site_page().text_input]   # the form is drawn once its box is opened
    at = site_page(session={"sign_in_box": True})
    at.text_input(key="sign_in_user").input("thanh")
    at.text_input(key="sign_in_password").input("sai-mat-khau")
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at.run()
    assert "Sai tên đăng nhập hoặc mật khẩu" in all_text(at)
    at.text_input(key="sign_in_password").input("kiem-tra-2025!")
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at.run()
    assert "Trần Thanh" in all_text(at)
    at.switch_page("pages/site.py")   # AppTest forgets the page across st.rerun(); a browser does not
    at.run()
    assert [b for b in at.button if b.label == "Lưu thay đổi"]


def test_a_viewer_signed_in_still_cannot_record(s):
    _, token = auth.sign_in(s, "lan", "chi-duoc-xem-thoi")
    at = site_page(session={"auth_token": token})
    assert "Người Xem" in all_text(at)
    assert not [b for b in at.button if b.label == "Lưu thay đổi"]


def test_an_expired_session_signs_out_with_a_notice(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!", now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=9))
    at = site_page(session={"auth_token": token})
    assert "Phiên đăng nhập đã hết hạn" in all_text(at)


def test_an_inspector_records_a_status_change_and_sees_it_in_the_audit_trail(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = site_page(session={"auth_token": token})
    next(b for b in at.selectbox if b.label == "Thuộc tính").set_value("ww_status")
    at.run()   # the list of values follows the field
    values = next(b for b in at.selectbox if b.label == "Giá trị mới")
    assert "built_not_operating" in values.options or "Đã xây, chưa vận hành" in values.options
    values.set_value("operating")
    next(t for t in at.text_input if t.label == "Nguồn (văn bản, biên bản)").input("Biên bản 45/BB-STNMT")
    next(b for b in at.button if b.label == "Lưu thay đổi").click()
    at.run()
    assert not at.exception
    assert "Đã ghi Trạm XLNT: Đang vận hành đạt chuẩn" in all_text(at)        # says what was saved...
    assert next(t for t in at.text_input if t.label == "Nguồn (văn bản, biên bản)").value == ""  # ...and the form starts empty
    mine = s.read_history(SITE)
    mine = mine[mine["recorded_by"] == "thanh"]
    assert mine[["field", "value", "source"]].values.tolist() == [["ww_status", "operating", "Biên bản 45/BB-STNMT"]]
    trail = next(d.value for d in at.dataframe if "Người ghi" in d.value.columns)
    assert trail.iloc[0]["Người ghi"] == "Trần Thanh" and "Biên bản 45" in trail.iloc[0]["Nguồn"]


def test_a_stale_form_is_told_what_changed_instead_of_overwriting(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = site_page(session={"auth_token": token})
    # Someone else saves to the same site after this page was opened.
    recording.record_status_change(s, auth.User("admin", "", "admin"), SITE, "ww_status", "built_not_operating", "2025-01-01",
                                   "Báo cáo khác")
    next(t for t in at.text_input if t.label == "Nguồn (văn bản, biên bản)").input("Biên bản của tôi")
    next(b for b in at.button if b.label == "Lưu thay đổi").click()
    at.run()
    assert "đã có 1 bản ghi mới" in all_text(at)
    assert "Biên bản của tôi" not in set(s.read_history(SITE)["source"])


def test_overdue_filter_from_the_link_keeps_sites_with_overdue_actions(s):
    recording.record_inspection(s, auth.User("thanh", "", "inspector"), SITE, "2025-03-01", "Thanh tra", "Lê Minh",
                                "Trạm không vận hành", actions=[{"action": "Vận hành trạm", "deadline": "2025-06-30"}])
    at = run_page("pages/sites.py", params={"overdue": "true", "when": "date", "asof": "2025-12-31"})
    table = at.dataframe[0].value
    assert len(table) == 1 and "Tân Triều" in table.iloc[0]["Tên"]
    before = run_page("pages/sites.py", params={"overdue": "true", "when": "date", "asof": "2025-06-01"})
    assert len(before.dataframe[0].value) == 0  # not yet due


def _expander_labels(at) -> list[str]:
    return [e.label for e in at.expander]


def test_a_closed_inspection_past_its_deadline_is_not_overdue_on_its_page(s):
    """One rule for lateness: the site page agrees with the overdue filter."""
    inspector = auth.User("thanh", "", "inspector")
    rid = recording.record_inspection(s, inspector, SITE, "2025-03-01", "Thanh tra", "Lê Minh", "Trạm không vận hành",
                                      actions=[{"action": "Vận hành trạm", "deadline": "2025-06-30"}])
    on_the_day = {"when": "date", "asof": "2025-12-31"}
    at = site_page(params=on_the_day)
    assert any(label.endswith("⚠") for label in _expander_labels(at))
    assert "Quá hạn" in " ".join(str(d.value.values) for d in at.dataframe)
    recording.update_follow_up(s, inspector, rid, "closed", [False], "đã khắc phục, chưa cập nhật từng việc")
    at = site_page(params=on_the_day)
    assert not any(label.endswith("⚠") for label in _expander_labels(at))
    assert "Quá hạn" not in " ".join(str(d.value.values) for d in at.dataframe)
    assert len(run_page("pages/sites.py", params={"overdue": "true", **on_the_day}).dataframe[0].value) == 0


def test_data_page_hides_users_and_imports_from_non_admins(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/data.py", session={"auth_token": token})
    assert "Chỉ quản trị viên" in all_text(at) and "Quản trị viên nhập danh sách" in all_text(at)
    # An inspector brings in field submissions, not lists of sites: one uploader, the field one.
    assert len(at.get("file_uploader")) == 1 and at.get("file_uploader")[0].proto.label.startswith("Tệp kết quả")


def test_visitors_may_not_import_field_submissions(s):
    at = run_page("pages/data.py")
    assert not at.get("file_uploader") and "Thanh tra viên nhập kết quả kiểm tra" in all_text(at)


def test_admin_sees_users_and_the_import_form(s):
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    at = run_page("pages/data.py", session={"auth_token": token})
    users = next(d.value for d in at.dataframe if "Tên đăng nhập" in d.value.columns)
    assert set(users["Tên đăng nhập"]) == {"admin", "thanh", "lan"}
    assert [u.proto.label.split(":")[0] for u in at.get("file_uploader")] == ["Tệp kết quả", "Tệp danh sách"]
    # Each says the limit its reader enforces (the server's own is the larger of the two).
    from geo.io.field.submissions import MAX_UPLOAD_MB
    from geo.io.importing.files import MAX_BYTES

    assert [u.proto.max_upload_size_mb for u in at.get("file_uploader")] == [MAX_UPLOAD_MB, MAX_BYTES // 2**20]


def test_the_dashboard_runs_on_postgis(postgis_url, monkeypatch):
    """The same pages on DATABASE_URL: the store is built there on first start, and a save lands there."""
    monkeypatch.setenv("DATABASE_URL", postgis_url)
    monkeypatch.setenv("HANOI_TILES", "none")
    from geo.storage import postgis

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    n = len(reference.read_sites_csv(DEFAULTS.sites_csv))
    current = [t for t in indicators.load_targets(DEFAULTS.targets_file) if t.period == "2026-2030"]
    assert len(at.metric) == len(current) and f"{n}/{n}" in all_text(at)
    pg = postgis.PostGISStore(postgis_url)
    admin = auth.create_user(pg, None, "admin", "quan-tri-vien-2025", "admin")
    _, token = auth.sign_in(pg, "admin", "quan-tri-vien-2025")
    for page in ("pages/map.py", "pages/targets.py", "pages/sites.py", "pages/data.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at = site_page(session={"auth_token": token})
    next(t for t in at.text_input if t.label == "Nguồn (văn bản, biên bản)").input("Biên bản PostGIS")
    next(b for b in at.button if b.label == "Lưu thay đổi").click()
    at.run()
    assert "Biên bản PostGIS" in set(pg.read_history(SITE)["source"])
    assert admin.role == "admin"


def test_the_site_page_shows_a_field_inspection_with_its_photos_and_note(s):
    from geo.io.field import submissions
    from tests.io.field.conftest import odk_zip, photo, visit

    upload = odk_zip([visit(site_id=SITE, anh_1="anh-tram.jpg", anh_2="anh-cong-xa.jpg", ket_qua="Trạm XLNT chạy 2 ca")],
                     {"anh-tram.jpg": photo(), "anh-cong-xa.jpg": photo((20, 20, 200))})
    subs = submissions.read_submissions("odk.zip", upload)
    plan = submissions.plan_submissions(subs, s.read_site_table(), s.read_sites(), s.read_inspections(), "thanh")
    assert plan.ok, plan.problems
    recording.commit_field_import(s, auth.User("thanh", "Trần Thanh", "inspector"), plan, "odk.zip")
    at = site_page()
    images = at.get("image")
    assert len(images) == 1, "one gallery"
    assert [plain(c) for c in images[0].captions] == ["anh-tram.jpg", "anh-cong-xa.jpg"]
    assert "Trạm XLNT chạy 2 ca" in all_text(at) and "ODK Central 00000000-aaaa" in all_text(at)


def test_a_visitor_reports_an_error_and_the_admin_queue_decides_it(s):
    at = site_page()
    assert any("Báo thông tin sai" in h.value for h in at.subheader)
    next(t for t in at.text_area if t.label == "Sai thế nào, đúng ra là gì").input("Trạm đã vận hành <b>từ 2024</b> **thật**")
    next(t for t in at.text_input if t.label.startswith("Liên hệ của bạn")).input("0912 345 678")
    next(b for b in at.button if b.label == "Gửi báo lỗi").click()
    at.run()
    assert not at.exception and "Đã nhận báo lỗi" in all_text(at)
    shown = next(d.value for d in at.dataframe if "Kết quả" in d.value.columns)
    assert list(shown["Nội dung"]) == ["Trạm đã vận hành <b>từ 2024</b> **thật**"] and list(shown["Kết quả"]) == ["Đang chờ xử lý"]
    assert "0912 345 678" not in all_text(at) and "0912 345 678" not in str(shown.to_dict())
    # The admins' queue shows it, with the contact, escaped.
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    data = run_page("pages/data.py", session={"auth_token": token})
    queue = next(e for e in data.expander if " · Tên · " in e.label)  # the site, the field reported ("name" by default), when
    said = plain(" ".join(m.value for m in queue.markdown))
    assert "0912 345 678" in said and "<b>từ 2024</b>" in said and "**thật**" in said  # escaped: shown as typed
    next(r for r in data.radio if r.label == "Quyết định").set_value("rejected")
    next(t for t in data.text_input if t.label == "Lý do (khi không chấp nhận)").input("Biên bản 2025 ghi trạm chưa chạy")
    next(b for b in data.button if b.label == "Lưu quyết định").click()
    data.run()
    assert not data.exception
    again = site_page()
    shown = next(d.value for d in again.dataframe if "Kết quả" in d.value.columns)
    assert list(shown["Kết quả"]) == ["Không chấp nhận"] and "Biên bản 2025" in shown.iloc[0, -1]


def test_the_changes_page_lists_a_save_of_today_with_who_and_its_effect_and_a_report_resets_its_start(s):
    recording.record_status_change(s, auth.User("thanh", "", "inspector"), SITE, "ww_status", "operating", dt.date.today(),
                                   "Biên bản 12/2026")
    at = run_page("pages/changes.py", params={"since": (dt.date.today() - dt.timedelta(days=3)).isoformat()})
    events = next(d.value for d in at.dataframe if "Ai" in d.value.columns)
    row = events[events["Cơ sở"].str.contains("Tân Triều")]
    assert len(row) == 1 and row.iloc[0]["Ai"] == "Trần Thanh" and row.iloc[0]["Loại"] == "Thay đổi trạng thái"
    effect = next(d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns)
    assert len(effect) >= 4 and effect["Thay đổi"].map(lambda v: v == "—" or v.endswith("điểm %")).all()
    assert effect["Thay đổi"].str.startswith("+").any()  # the plant now operating raises the wastewater targets
    assert at.query_params["since"] and at.query_params["until"]  # the link names the window
    assert "Khoảng ngày đã chọn (theo liên kết hoặc vừa đổi), không phải mặc định" in all_text(at)
    from geo.core import changelog
    s.append_entries([{"kind": changelog.REPORT_MADE, "subject": "city", "body": {}}])
    fresh = run_page("pages/changes.py")
    assert "Mặc định từ lần lập báo cáo họp gần nhất" in all_text(fresh) and "Khoảng ngày đã chọn" not in all_text(fresh)
    assert next(d for d in fresh.date_input if d.key == "since").value == dt.date.today()


def test_a_signed_in_user_subscribes_and_unsubscribes_and_a_bad_address_is_said(s):
    from geo.io import notify

    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    at = run_page("pages/data.py", session={"auth_token": token})
    next(t for t in at.text_input if t.label == "Địa chỉ e-mail").input("khong-phai-email")
    next(m for m in at.multiselect if m.label == "Địa bàn theo dõi").select("city")
    next(b for b in at.button if b.label == "Lưu đăng ký").click()
    at.run()
    assert "cần một địa chỉ e-mail hợp lệ" in all_text(at) and s.read_entries(notify.SUBSCRIPTION).empty
    next(t for t in at.text_input if t.label == "Địa chỉ e-mail").input("thanh@example.vn")
    next(b for b in at.button if b.label == "Lưu đăng ký").click()
    at.run()
    sub = notify.subscriptions(s.read_entries(notify.SUBSCRIPTION))["thanh"]
    assert sub.active and sub.email == "thanh@example.vn" and sub.areas == ("city",) and set(sub.kinds) == set(notify.DigestKind.codes())
    again = run_page("pages/data.py", session={"auth_token": token})
    next(b for b in again.button if b.label == "Hủy đăng ký").click()
    again.run()
    assert not notify.subscriptions(s.read_entries(notify.SUBSCRIPTION))["thanh"].active
