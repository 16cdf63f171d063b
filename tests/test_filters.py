from geo import filters, history, indicators
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
STATE = filters.add_shortfall_flags(history.state_as_of(SITES, CHANGES, "2025-12-31"), indicators.load_targets())


def ids(f):
    return sorted(filters.apply(STATE, f)["site_id"])


def test_no_filter_keeps_everything():
    assert ids(filters.Filters()) == ["a", "b", "c"]


def test_filters_combine_with_and_and_values_with_or():
    assert ids(filters.Filters(kinds=("ccn",))) == ["b", "c"]
    assert ids(filters.Filters(kinds=("ccn",), old_districts=("018",))) == ["b"]
    assert ids(filters.Filters(ww=("none", "operating"))) == ["b", "c"]


def test_search_matches_without_diacritics():
    assert ids(filters.Filters(query="bat trang")) == ["a", "b"]
    assert ids(filters.Filters(query="ngoc")) == ["c"]


def test_falls_short_of_a_target():
    assert ids(filters.Filters(short_of=("p307-2",))) == ["b"]
    assert ids(filters.Filters(short_of=("p307-4",))) == ["a"]


def test_active_lists_only_restricting_filters():
    assert filters.Filters(kinds=("ccn",), query="x").active() == {"kinds": ["ccn"], "query": "x"}
