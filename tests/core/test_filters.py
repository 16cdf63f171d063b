import datetime as dt

import pytest

from geo.core import filters, history, indicators, inspections, links, priority
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

SITES = make_sites([
    {"site_id": "a", "name": "Làng gốm Bát Tràng", "kind": "lang_nghe", "recognised": "yes", "old_district_code": "018", "lon": 105.9, "lat": 21.0},
    {"site_id": "b", "name": "CCN Bát Tràng", "kind": "ccn", "old_district_code": "018", "lon": 105.91, "lat": 21.0},
    {"site_id": "c", "name": "CCN Ngọc Hồi", "kind": "ccn", "old_district_code": "020", "lon": 105.84, "lat": 20.93},
])
CHANGES = history.to_frame([
    change("b", "operating_status", "operating", "2020-01-01"), change("b", "ww_status", "none", "2020-01-01"),
    change("c", "operating_status", "operating", "2020-01-01"), change("c", "ww_status", "operating", "2020-01-01"),
])
TARGETS = indicators.load_targets(DEFAULTS.targets_file)
STATE = filters.add_shortfall_flags(history.state_as_of(SITES, CHANGES, "2025-12-31"), TARGETS)


def ids(f, state=STATE):
    return sorted(filters.apply(state, f)["site_id"])


def test_no_filter_keeps_everything():
    assert ids(filters.Filters.of()) == ["a", "b", "c"]


def test_filters_combine_with_and_and_values_with_or():
    assert ids(filters.Filters.of(kind=("ccn",))) == ["b", "c"]
    assert ids(filters.Filters.of(kind=("ccn",), od=("018",))) == ["b"]
    assert ids(filters.Filters.of(ww=("none", "operating"))) == ["b", "c"]


def test_search_matches_without_diacritics():
    assert ids(filters.Filters.of(q="bat trang")) == ["a", "b"]
    assert ids(filters.Filters.of(q="ngoc")) == ["c"]
    assert ids(filters.Filters.of(q="   ")) == ["a", "b", "c"]


def test_falls_short_of_a_target():
    assert ids(filters.Filters.of(short=("p307-2",))) == ["b"]
    assert ids(filters.Filters.of(short=("p307-4",))) == ["a"]


def test_overdue_keeps_sites_with_an_action_past_its_deadline():
    records = inspections.to_frame([inspections.new_inspection(
        "c", "2025-01-10", "Sở", "A", "Thiếu sổ theo dõi", "t", actions=[{"action": "Lập sổ", "deadline": "2025-03-01"}])])
    state = filters.add_overdue_counts(STATE, records, dt.date(2025, 6, 1))
    assert ids(filters.Filters.of(overdue=True), state) == ["c"]
    assert ids(filters.Filters.of(overdue=True), filters.add_overdue_counts(STATE, records, dt.date(2025, 2, 1))) == []


def test_active_lists_only_restricting_filters_by_their_link_parameter():
    assert filters.Filters.of(kind=("ccn",), q="x", overdue=False).active() == {"q": "x", "kind": ["ccn"]}


def test_describe_says_the_filters_in_words_in_either_language():
    f = filters.Filters.of(kind=("ccn", "kcn"), short=("p307-2",), overdue=True)
    areas = {"old_district": {}, "new_unit": {}}
    assert f.describe("vi", areas, TARGETS) == {"Loại hình": "Cụm công nghiệp, Khu công nghiệp", "Chưa đạt chỉ tiêu": "Trạm XLNT tập trung",
                                               "Có yêu cầu khắc phục quá hạn": "Có"}
    assert f.describe("en", areas, TARGETS)["Kind"] == "Industrial cluster, Industrial park"


def test_an_unknown_filter_is_refused():
    with pytest.raises(KeyError, match="no such filter"):
        filters.Filters.of(colour=("red",))


def test_every_filter_is_one_catalogue_entry_that_the_link_scheme_reads():
    full = filters.view_state(SITES, CHANGES, inspections.empty(), "2025-12-31", TARGETS, priority.load_rules(DEFAULTS.priority_file))
    for spec in filters.FILTERS:
        param = links.PARAMS[spec.param]
        assert param.kind == filters.WIDGETS[spec.widget] and param.default == spec.default
        assert spec.label("vi") and spec.label("en") and spec.label("vi") != spec.param
        if spec.widget == "multiselect":
            assert spec.options in filters.OPTION_SOURCES
            assert spec.options == "targets" or spec.column in full.columns


def test_options_come_from_the_named_source():
    areas = {"old_district": {"020": "Huyện Thanh Trì", "018": "Huyện Gia Lâm"}, "new_unit": {}}
    assert filters.options(filters.BY_PARAM["od"], areas, TARGETS) == ["018", "020"]
    assert filters.options(filters.BY_PARAM["kind"], areas, TARGETS) == ["lang_nghe", "ccn_lang_nghe", "ccn", "kcn"]
    assert "p96-clean-tech" not in filters.options(filters.BY_PARAM["short"], areas, TARGETS)  # not a share of sites
    assert filters.option_label(filters.BY_PARAM["od"], "020", "vi", areas, TARGETS) == "Huyện Thanh Trì"


def test_an_area_is_the_city_a_former_district_or_a_new_unit_and_an_unknown_one_holds_nothing():
    assert ids(filters.Filters.of(), filters.in_area(STATE, "")) == ["a", "b", "c"]
    assert sorted(filters.in_area(STATE, "city")["site_id"]) == ["a", "b", "c"]
    assert sorted(filters.in_area(STATE, "old_district:018")["site_id"]) == ["a", "b"]
    assert filters.in_area(STATE, "county:018").empty and filters.in_area(STATE, "old_district:999").empty
