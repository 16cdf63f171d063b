import datetime as dt
import textwrap

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from geo.core import filters, history, inspections, priority
from geo.errors import InvalidConfiguration
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

DAY = dt.date(2026, 6, 30)
#: Small weights, each factor once, so every expected score below is added up by hand.
RULES_TOML = textwrap.dedent("""
    [bands]
    A = 0
    B = 10
    C = 20
    D = 40
    E = 60

    [[factors]]
    id = "trade"
    rule = "value"
    field = "sector"
    points = { dyeing_tanning = 7 }
    label_vi = "Ngành nghề"
    label_en = "Trade"
    basis = "ND 08/2022"

    [[factors]]
    id = "ww"
    rule = "value"
    field = "ww_status"
    points = { none = 30, built_not_operating = 20 }
    label_vi = "Trạm XLNT"
    label_en = "Plant"
    basis = "QCVN 40"

    [[factors]]
    id = "classes"
    rule = "classes"
    fields = ["water_class", "air_class"]
    points = { seriously_polluted = 5, polluted = 2 }
    label_vi = "Ô nhiễm"
    label_en = "Pollution"
    basis = "TT 31/2016"

    [[factors]]
    id = "events"
    rule = "events"
    values = ["pollution_incident"]
    years = 3
    points = 4
    max = 6
    label_vi = "Sự cố"
    label_en = "Incidents"
    basis = "Luat 2020"

    [[factors]]
    id = "late"
    rule = "overdue"
    points = 10
    per_30_days = 1
    max = 12
    label_vi = "Quá hạn"
    label_en = "Overdue"
    basis = "ND 45/2022"

    [[factors]]
    id = "seen"
    rule = "inspected"
    after_days = 365
    points = 3
    never = 9
    label_vi = "Kiểm tra"
    label_en = "Inspected"
    basis = "Luat 2020 d160"

    [[factors]]
    id = "river"
    rule = "river"
    within_m = 1000
    points = 11
    label_vi = "Gần sông"
    label_en = "Near a river"
    basis = "Luat 2020 d8"

    [[factors]]
    id = "unknown"
    rule = "unknown"
    fields = ["haz_waste"]
    points = 1
    label_vi = "Thiếu"
    label_en = "Missing"
    basis = "KH 307"
""")

SITES = make_sites([
    # a: dyeing, no plant, water seriously polluted, air polluted, two incidents in three years (one older), never inspected
    {"site_id": "a", "name": "A", "kind": "lang_nghe", "sector": "dyeing_tanning", "lon": 105.80, "lat": 21.00},
    # b: plant built not operating, an action 95 days overdue, inspected 100 days ago, on the river line
    {"site_id": "b", "name": "B", "kind": "ccn", "sector": "food_processing", "lon": 105.90, "lat": 21.05},
    # c: nothing wrong, inspected 500 days ago (too long)
    {"site_id": "c", "name": "C", "kind": "ccn", "sector": "food_processing", "lon": 105.70, "lat": 20.80},
])
CHANGES = history.to_frame([
    change("a", "ww_status", "none", "2020-01-01"), change("a", "water_class", "seriously_polluted", "2024-01-01"),
    change("a", "air_class", "polluted", "2024-01-01"), change("a", "haz_waste", "all_licensed", "2024-01-01"),
    change("a", "event", "pollution_incident", "2025-02-01"), change("a", "event", "pollution_incident", "2026-03-01"),
    change("a", "event", "pollution_incident", "2026-04-01"), change("a", "event", "pollution_incident", "2022-01-01"),
    change("b", "ww_status", "built_not_operating", "2020-01-01"), change("b", "haz_waste", "all_licensed", "2024-01-01"),
    change("c", "ww_status", "operating", "2020-01-01"),
])
RECORDS = inspections.to_frame([
    inspections.new_inspection("b", (DAY - dt.timedelta(days=100)).isoformat(), "Sở", "X", "Trạm không chạy", "t",
                               actions=[{"action": "Vận hành trạm", "deadline": (DAY - dt.timedelta(days=95)).isoformat()}]),
    inspections.new_inspection("c", (DAY - dt.timedelta(days=500)).isoformat(), "Sở", "X", "Đạt", "t"),
])
#: A river through b's point (a line of longitude 105.90).
RIVERS = gpd.GeoDataFrame({"name": ["Sông Thử"]}, geometry=[LineString([(105.90, 20.9), (105.90, 21.2)])], crs="EPSG:4326")


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("prio") / "priority.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    return priority.load_rules(path)


def scored(rules, rivers=RIVERS, changes=CHANGES):
    state = filters.add_overdue_counts(history.state_as_of(SITES, changes, DAY), RECORDS, DAY)
    inputs = filters.priority_inputs(state, changes, RECORDS, DAY, rivers)
    return priority.add_scores(state, rules, inputs).set_index("site_id"), inputs, state


def test_each_factor_adds_its_hand_counted_points(rules):
    out, inputs, state = scored(rules)
    # a: trade 7 + no plant 30 + water 5 + air 2 + incidents min(3*4, 6) = 6 (the 2022 one is too old) + never inspected 9
    assert out.loc["a", priority.SCORE] == 7 + 30 + 5 + 2 + 6 + 9
    # b: plant not operating 20 + overdue 10 + 95 // 30 = 3, capped at 12 + on the river 11 (inspected 100 days ago: nothing)
    assert out.loc["b", priority.SCORE] == 20 + 12 + 11
    # c: last inspection 500 days ago, more than 365, + 3; haz_waste unknown + 1; 20 km from the river
    assert out.loc["c", priority.SCORE] == 3 + 1
    assert list(out.loc[["a", "b", "c"], priority.BAND]) == ["D", "D", "A"]  # 59 is one short of E


def test_breakdown_explains_every_point_largest_first(rules):
    out, inputs, state = scored(rules)
    lines = priority.breakdown(state, "b", rules, inputs)
    assert [(line.factor.id, line.points) for line in lines] == [("ww", 20), ("late", 12), ("river", 11)]
    assert sum(line.points for line in lines) == out.loc["b", priority.SCORE]
    assert lines[1].text("vi") == "+12: Quá hạn (quá hạn 95 ngày)"
    assert lines[0].text("en") == "+20: Plant (Built, not operating)"
    assert "Sông Thử" in lines[2].text("vi") and lines[2].text("vi").startswith("+11: Gần sông (cách Sông Thử 0 m")
    never = priority.breakdown(state, "a", rules, inputs)
    assert any(line.text("vi") == "+9: Kiểm tra (chưa từng được kiểm tra)" for line in never)
    assert any(line.text("en") == "+6: Incidents (3 time(s))" for line in never)


def test_without_a_rivers_layer_the_river_factor_adds_nothing(rules):
    out, _, _ = scored(rules, rivers=None)
    assert out.loc["b", priority.SCORE] == 20 + 12


def test_an_illustrative_input_makes_the_score_illustrative(rules):
    changes = history.to_frame([*CHANGES.to_dict("records"), change("c", "water_class", "polluted", "2025-01-01", illustrative=True)])
    out, _, _ = scored(rules, changes=changes)
    assert bool(out.loc["c", priority.ILLUSTRATIVE]) and not bool(out.loc["b", priority.ILLUSTRATIVE])
    assert out.loc["c", priority.SCORE] == 3 + 1 + 2
    events = history.to_frame([*CHANGES.to_dict("records"), change("b", "event", "pollution_incident", "2026-01-01", illustrative=True)])
    assert bool(scored(rules, changes=events)[0].loc["b", priority.ILLUSTRATIVE])


def test_a_superseded_incident_no_longer_counts(rules):
    first = CHANGES[(CHANGES["site_id"] == "a") & (CHANGES["effective_date"] == "2026-03-01")].iloc[0]
    withdrawn = change("a", "event", history.RETRACTED, "2026-03-01", supersedes=first["record_id"])
    out, _, _ = scored(rules, changes=history.to_frame([*CHANGES.to_dict("records"), withdrawn]))
    assert out.loc["a", priority.SCORE] == 7 + 30 + 5 + 2 + 6 + 9  # still 2 recent ones: 8, capped at 6
    both = CHANGES[(CHANGES["site_id"] == "a") & CHANGES["effective_date"].isin(["2026-03-01", "2026-04-01"])]
    gone = [change("a", "event", history.RETRACTED, r.effective_date, supersedes=r.record_id) for r in both.itertuples()]
    out, _, _ = scored(rules, changes=history.to_frame([*CHANGES.to_dict("records"), *gone]))
    assert out.loc["a", priority.SCORE] == 7 + 30 + 5 + 2 + 4 + 9


@pytest.mark.parametrize("score, band", [(0, "A"), (9, "A"), (10, "B"), (39, "C"), (40, "D"), (59, "D"), (60, "E"), (500, "E")])
def test_bands_start_at_their_cut_off(rules, score, band):
    assert rules.band_of(score) == band


def test_the_shipped_file_loads_and_states_its_cut_offs():
    rules = priority.load_rules(DEFAULTS.priority_file)
    assert [b for b, _ in rules.bands] == list(priority.BANDS)
    assert all(f.basis for f in rules.factors)
    assert rules.cut_offs("vi").endswith(f"E: từ {dict(rules.bands)['E']}")


@pytest.mark.parametrize("broken, said", [
    ("[bands]\nA = 0\nB = 5\n", "[bands]"),
    (RULES_TOML.replace('rule = "value"\nfield = "sector"', 'rule = "guess"\nfield = "sector"'), "no rule 'guess'"),
    (RULES_TOML.replace("dyeing_tanning = 7", "dyeing = 7"), "not in the vocabulary of sector: dyeing"),
    (RULES_TOML.replace('label_en = "Trade"\n', ""), "factor trade lacks label_en"),
])
def test_a_broken_file_says_what_is_wrong(tmp_path, broken, said):
    path = tmp_path / "p.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InvalidConfiguration) as err:
        priority.load_rules(path)
    assert said in err.value.message.en


def test_sort_puts_the_highest_score_first_and_ties_by_name(rules):
    out, _, _ = scored(rules)
    rows = out.reset_index()
    assert list(filters.sort_rows(rows, "priority")["site_id"]) == ["a", "b", "c"]
    rows.loc[rows["site_id"] == "c", priority.SCORE] = out.loc["a", priority.SCORE]
    assert list(filters.sort_rows(rows, "priority")["site_id"]) == ["a", "c", "b"]
    named = rows.assign(name=["Đông", "Bắc", "Cổ"])
    assert list(filters.sort_rows(named, "name")["name"]) == ["Bắc", "Cổ", "Đông"]
