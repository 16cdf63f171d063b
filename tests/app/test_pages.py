"""Streamlit AppTest of every page: it renders without exceptions and shows its data."""

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.core import filters, indicators, plan_tasks
from geo.dataset import reference
from geo.language import text
from geo.settings import DEFAULTS
from tests.app.helpers import plain, run_page
from tests.conftest import ROOT, streamlit_config

SITES = reference.read_sites_csv(DEFAULTS.sites_csv)
PAGES = {"": "pages/overview.py", "ban-do": "pages/map.py", "danh-sach": "pages/sites.py", "chi-tiet": "pages/site.py",
         "chi-tieu": "pages/targets.py", "du-lieu": "pages/data.py", "gioi-thieu": "pages/about.py"}


@pytest.fixture(autouse=True)
def _store(tmp_path_factory, monkeypatch):
    store = tmp_path_factory.getbasetemp() / "apptest.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(store))
    monkeypatch.setenv("HANOI_TILES", "none")


def texts(at) -> str:
    return plain(" ".join(m.value for m in list(at.markdown) + list(at.title) + list(at.caption) + list(at.warning) + list(at.info)))


TARGETS = indicators.load_targets(DEFAULTS.targets_file)
PERIODS = {p.id: p for p in indicators.load_periods(DEFAULTS.targets_file)}


def test_overview_shows_plan_307_final_result_then_the_current_period():
    at = run_page("pages/overview.py")
    assert at.title[0].value.startswith("Làng nghề")
    assert "Kết quả cuối cùng Kế hoạch 307 (tại 31/12/2025)" in [h.value for h in at.subheader]
    final = _frame_with(at, "Đạt?")
    assert final["Chỉ tiêu"].tolist() == [t.short_vi for t in TARGETS if t.plan == "307/KH-UBND"]
    assert set(final["Đạt?"]) <= {"Đạt", "Không đạt"} and (final["Cơ sở còn cản trở 100%"] != "").all()
    # The cards are the current period's (today is inside 2026-2030), each saying how fresh it is.
    current = [t for t in TARGETS if t.period == "2026-2030"]
    assert [m.label for m in at.metric] == [t.name_vi for t in current]
    assert at.segmented_control(key="per").value == "current"
    shown = texts(at)
    assert "Số liệu minh họa" in shown and "đã kết thúc" in shown
    assert shown.count("Không có số liệu mới từ") + shown.count("Số liệu mới nhất") == len(current)
    assert "không phải tỷ lệ của toàn thành phố" in shown


def test_the_period_is_in_the_link_and_a_closed_period_shows_its_final_result():
    at = run_page("pages/overview.py", params={"per": "2021-2025"})
    period = [t for t in TARGETS if t.period == "2021-2025"]
    assert [m.label for m in at.metric] == [t.name_vi for t in period]
    shown = texts(at)
    assert "Kỳ kế hoạch đã kết thúc ngày 31/12/2025; không dự báo." in shown
    assert "Không đạt khi kết thúc kỳ (31/12/2025)" in shown and "quá hạn" not in shown
    assert "Đo gián tiếp" in shown                              # target 1 says it is a proxy
    assert "Tập dữ liệu có 61/331 làng nghề được công nhận" in shown
    years = _frame_with(at, "Cuối năm")
    assert years["Cuối năm"].tolist() == ["2021", "2022", "2023", "2024", "2025"]
    written = {k: list(v) if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert written.get("per") == ["2021-2025"]


def test_overview_in_english_from_the_link():
    at = run_page("pages/overview.py", params={"lang": "en"})
    assert at.title[0].value.startswith("Hanoi craft villages")
    assert "Illustrative data" in texts(at)


def test_map_page_renders_with_boundaries_and_colour_by():
    at = run_page("pages/map.py", params={"color": "ww_status", "bl": "units"})
    assert at.selectbox(key="color").value == "ww_status"
    assert at.selectbox(key="bl").value == "units"


def test_sites_page_filters_from_the_link():
    at = run_page("pages/sites.py", params={"kind": "kcn"})
    table = at.dataframe[0].value
    assert len(table) == (SITES["kind"] == "kcn").sum() > 0
    assert set(table["Loại hình"]) == {"Khu công nghiệp"}


def test_decision_2546_list_is_a_filter_from_the_link():
    at = run_page("pages/sites.py", params={"rl": "iv"})
    table = at.dataframe[0].value
    assert len(table) == (SITES["roadmap_list"] == "iv").sum() > 0
    assert set(table["Tên"]) == set(SITES.loc[SITES["roadmap_list"] == "iv", "name"])


def test_more_filters_are_drawn_only_while_open_and_filter_all_the_same():
    assert "rl" not in [m.key for m in run_page("pages/sites.py").sidebar.multiselect]
    at = run_page("pages/sites.py", params={"rl": "iv"})   # a link that sets one of them opens the box
    assert at.sidebar.multiselect(key="rl").value == ["iv"]
    at.session_state["more_filters"] = False               # closed, the filter stays and still applies
    at.run()
    assert "rl" not in [m.key for m in at.sidebar.multiselect]
    assert set(at.dataframe[0].value["Tên"]) == set(SITES.loc[SITES["roadmap_list"] == "iv", "name"]) != set(SITES["name"])


def test_search_without_diacritics_finds_bat_trang():
    at = run_page("pages/sites.py", params={"q": "bat trang"})
    names = set(at.dataframe[0].value["Tên"])
    # Every site that names Bát Tràng anywhere it is searched (name, craft, commune, district, unit), and no other.
    searched = SITES[list(filters.SEARCH_COLUMNS)].astype(str).agg(" ".join, axis=1)
    expected = set(SITES.loc[searched.map(lambda t: "bat trang" in text.fold(t)), "name"])
    assert names == expected and {"Làng gốm Bát Tràng", "CCN Bát Tràng"} <= names


def test_site_page_shows_attributes_history_and_illustrative_flag():
    at = run_page("pages/site.py", params={"site": "ccn-tan-trieu"})
    assert at.title[0].value == "CCN Tân Triều"
    assert any("Đã xây, chưa vận hành" in plain(" ".join(map(str, t.value.values.ravel()))) for t in at.table)
    assert len(at.dataframe) == 3  # timeline, sourced facts, change records
    facts = _frame_with(at, "Sự việc")
    assert facts["Sự việc"].str.contains("Đã xây, chưa vận hành").any()  # the real plant record, with its source
    assert (facts["Nguồn"] != "").all()


def test_site_page_without_a_site_offers_a_picker():
    at = run_page("pages/site.py")
    assert [s.label for s in at.main.selectbox] == ["Tìm cơ sở theo tên"]


def test_an_unknown_site_says_so_with_a_search_and_leaves_the_address():
    at = run_page("pages/site.py", params={"site": "ccn-khong-co-that"})
    assert at.title[0].value == "Không có cơ sở này"
    assert "ccn-khong-co-that" in plain(at.warning[0].value) and [s.label for s in at.main.selectbox] == ["Tìm cơ sở theo tên"]
    written = {k: list(v) if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert "site" not in written


def test_a_search_with_a_typo_finds_the_place_and_offers_the_right_words():
    at = run_page("pages/sites.py", params={"q": "bat trag"})
    names = set(at.dataframe[0].value["Tên"])
    assert {"Làng gốm Bát Tràng", "CCN Bát Tràng"} <= names
    hints = [b.label for b in at.sidebar.button if b.key and b.key.startswith("did_you_mean_")]
    assert plain(hints[0]) == "Bát Tràng"
    next(b for b in at.sidebar.button if b.key == "did_you_mean_Bát Tràng").click()
    at.run()
    assert at.sidebar.text_input(key="q").value == "Bát Tràng"
    assert set(at.dataframe[0].value["Tên"]) == names


def _frame_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_overview_as_of_a_day_inside_plan_307_shows_it_running_with_lateness_and_pace():
    at = run_page("pages/overview.py", params={"when": "2024"})
    running = [t for t in TARGETS if t.period == "2021-2025"]
    assert [m.label for m in at.metric] == [t.name_vi for t in running]
    assert "còn" in texts(at) and "ngày đến hạn" in texts(at)    # 31/12/2024: the deadline is ahead
    assert len(at.get("vega_lite_chart")) == 1


def test_targets_page_breaks_down_by_new_unit(boundaries):
    at = run_page("pages/targets.py", params={"tgt": "p307-2", "grp": "new_unit"})
    table = _frame_with(at, "Xã/phường mới")
    assert set(boundaries.units["code"]) <= set(table["Mã"])          # every new unit, with or without sites


def test_targets_page_opens_one_districts_shortfalls_from_the_link():
    at = run_page("pages/targets.py", params={"tgt": "p307-4", "unit": "277"})  # Chương Mỹ
    assert at.selectbox(key="unit").value == "277"
    assert any(h.value.startswith("Huyện Chương Mỹ") for h in at.subheader)
    sites = _frame_with(at, "Lý do chưa đạt")
    assert len(sites) > 0 and all(sites["Lý do chưa đạt"].str.len() > 0)


def test_targets_page_unit_of_the_other_grouping_is_cleared_with_a_notice():
    at = run_page("pages/targets.py", params={"tgt": "p307-4", "grp": "new_unit", "unit": "277"})
    assert "đã bỏ chọn" in texts(at)
    assert at.selectbox(key="unit").value == ""


def test_what_blocks_100_lists_sites_by_area_and_agency_with_exports():
    at = run_page("pages/targets.py", params={"tgt": "p307-2", "tv": "blockers", "lang": "en"})
    summary = _frame_with(at, "Responsible agency")
    listing = _frame_with(at, "Why it falls short")
    assert summary["Sites"].sum() == len(listing) > 0
    assert {b.label for b in at.get("download_button")} >= {":material/download: CSV", ":material/download: XLSX"}


def test_all_plans_view_shows_every_registered_target():
    at = run_page("pages/targets.py", params={"tv": "plans"})
    assert sorted(m.label for m in at.metric) == sorted(t.name_vi for t in TARGETS)
    unmeasured = [t.name_vi for t in TARGETS if t.measure == "unmeasured"]
    assert unmeasured and {m.label for m in at.metric if m.value == "Chưa có số liệu công khai"} == set(unmeasured)
    headers = [h.value for h in at.main.header]
    assert headers == [PERIODS[pid].name_vi + (" · đã kết thúc" if PERIODS[pid].end < dt.date.today() else " · đang thực hiện")
                       for pid in reversed(list(PERIODS))]
    tasks = _frame_with(at, "Nhiệm vụ")
    assert len(tasks) == len(plan_tasks.load_tasks(DEFAULTS.tasks_file))
    assert set(tasks["Tình trạng"]) == {"Chưa rõ (chưa có báo cáo công khai)"}


def test_data_and_about_pages_render():
    at = run_page("pages/data.py")
    assert len(at.metric) == 3
    at = run_page("pages/about.py")
    assert "Kế hoạch 307" in texts(at)


def test_a_malicious_link_is_ignored_with_a_notice():
    at = run_page("pages/overview.py", params={"kind": "<script>alert(1)</script>", "evil": "1", "z": "999", "site": "../../etc"})
    notices = plain(" ".join(w.value for w in at.warning))
    assert "evil" in notices and "kind" in notices and "'z'" in notices  # a bad site id is said by the site page
    assert len(at.metric) == len([t for t in TARGETS if t.period == "2026-2030"])


def test_without_boundary_files_the_app_still_starts_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("HANOI_BOUNDARIES_DIR", str(tmp_path))
    at = run_page("pages/map.py")
    assert any("ranh giới" in i.value for i in at.sidebar.info)


SAVED = json.loads((ROOT / "tests" / "fixtures" / "links_v1.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("entry", SAVED, ids=[e["link"] for e in SAVED])
def test_a_link_saved_from_the_first_version_opens_the_same_view(entry):
    """Links made before the renovation (their address as the app then wrote it back) reopen the same view."""
    parts = urlsplit(entry["link"])
    at = run_page(PAGES[parts.path.strip("/")], params=parse_qs(parts.query))
    written = {k: list(v) if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert written == entry["writes_back"]
    caption = " ".join(c.value for c in at.caption)
    shown = re.search(r"(\d+)/(\d+) cơ sở theo bộ lọc", caption)
    if shown:  # the filtered count is what the link's filters select from the sites
        wanted = {k: tuple(v) if filters.BY_PARAM[k].widget == "multiselect" else v[0] for k, v in written.items() if k in filters.BY_PARAM}
        wanted = {k: v == "true" if filters.BY_PARAM[k].widget == "toggle" else v for k, v in wanted.items()}
        assert int(shown.group(2)) == len(SITES)
        if not set(wanted) & {"short", "overdue", "sector", "op", "ww", "hw", "wat", "air", "soil", "ep"}:
            expected = filters.apply(SITES.assign(overdue_actions=0), filters.Filters.of(**wanted))
            assert int(shown.group(1)) == len(expected), entry["link"]


def test_an_unexpected_error_shows_a_reference_and_no_details(monkeypatch, caplog):
    from geo.views import tables

    def broken(*args, **kwargs):
        raise RuntimeError("boom in /srv/secret/path: SELECT * FROM users")

    monkeypatch.setattr(tables, "display_table", broken)
    at = run_page("pages/sites.py")
    shown = " ".join(e.value for e in at.error)
    assert "mã tham chiếu" in shown and "/srv/secret" not in shown and "SELECT" not in shown
    reference = re.search(r"mã tham chiếu ([0-9A-F]{8})", shown).group(1)
    assert reference in caplog.text and "boom in /srv/secret/path" in caplog.text   # the details are in the server log


def test_a_store_path_at_a_foreign_file_is_one_plain_line(monkeypatch, tmp_path):
    foreign = tmp_path / "not-a-store.gpkg"
    foreign.write_bytes(b"PK\x03\x04 a zip, not a store")
    monkeypatch.setenv("HANOI_STORE", str(foreign))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("is not a store of this dashboard" in e.value for e in at.error)


def test_visitors_see_no_server_paths_or_store_metadata_on_the_data_page():
    at = run_page("pages/data.py")
    shown = texts(at) + " ".join(str(d.value) for d in at.dataframe)
    assert "apptest.gpkg" not in shown and "data_version" not in shown and "built_from" not in shown


def test_no_page_stops_the_run_before_the_router_writes_the_link():
    """``st.stop()`` in a page would skip the address update and the navigation (``widgets.end_page`` does not)."""
    from pathlib import Path

    pages = Path(__file__).resolve().parents[2] / "pages"
    assert [p.name for p in pages.glob("*.py") if "st.stop(" in p.read_text(encoding="utf-8")] == []


def test_an_unknown_site_leaves_the_address_and_the_navigation_is_still_drawn():
    at = run_page("pages/site.py", params={"site": "khong-co-that", "kind": "ccn"})
    assert "Không có cơ sở này" in [t.value for t in at.title]
    assert dict(at.query_params) == {"v": "1", "kind": "ccn"}


def _page_list(at) -> list[tuple[str, str, bool]]:
    """The sidebar's page list as (label, href, is the current page)."""
    from html.parser import HTMLParser

    bodies = [h.value for h in at.sidebar.html if 'class="hanoi-nav"' in h.value]
    assert len(bodies) == 1, "the page list is one element"
    rows = []

    class Links(HTMLParser):
        inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                a = dict(attrs)
                rows.append(["", a["href"], a.get("aria-current") == "page"])
                self.inside = True

        def handle_endtag(self, tag):
            self.inside = self.inside and tag != "a"

        def handle_data(self, data):
            if self.inside:
                rows[-1][0] = data  # the icon's ligature comes first, the page's title last

    Links().feed(bodies[0])
    return [tuple(r) for r in rows]


def test_the_page_list_links_every_page_with_the_whole_view_and_marks_the_current_one():
    at = run_page("pages/sites.py", params={"kind": "ccn", "od": "276", "q": "gỗ & <mộc>"})
    rows = _page_list(at)
    assert [label for label, _, _ in rows] == ["Tổng quan", "Bản đồ", "Danh sách cơ sở", "Chi tiết", "Kế hoạch kiểm tra",
                                               "Thay đổi", "Chỉ tiêu", "Dữ liệu", "Giới thiệu"]
    assert [href.split("?")[0] for _, href, _ in rows] == ["/", "/ban-do", "/danh-sach", "/chi-tiet", "/ke-hoach", "/thay-doi",
                                                          "/chi-tieu", "/du-lieu", "/gioi-thieu"]
    for _, href, _ in rows:
        query = parse_qs(urlsplit(href).query)
        assert query["kind"] == ["ccn"] and query["od"] == ["276"] and query["q"] == ["gỗ & <mộc>"]
    assert [label for label, _, here in rows if here] == ["Danh sách cơ sở"]
    english = run_page("pages/map.py", params={"lang": "en"})
    assert [label for label, _, here in _page_list(english) if here] == ["Map"]


def test_the_page_list_links_stay_below_the_servers_path_prefix():
    from streamlit import config

    before = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "hn")
    try:
        at = run_page("pages/map.py", params={"kind": "ccn"})
    finally:
        config.set_option("server.baseUrlPath", before)
    assert [href.split("?")[0] for _, href, _ in _page_list(at)][:3] == ["/hn/", "/hn/ban-do", "/hn/danh-sach"]


def test_no_script_has_a_bare_value_for_magic_to_write():
    """Magic is off (``runner.magicEnabled``): a bare value in a page would show nothing, silently."""
    import ast

    from streamlit.runtime.scriptrunner import magic

    assert streamlit_config()["runner"]["magicEnabled"] is False
    scripts = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]
    written = {path.name: ast.unparse(magic.add_magic(path.read_text(encoding="utf-8"), str(path))).count("transparent_write")
               for path in scripts}
    assert len(written) >= 10
    assert {name: n for name, n in written.items() if n} == {}
