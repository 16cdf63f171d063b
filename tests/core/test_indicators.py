import datetime as dt
import textwrap

import pytest

from geo.core import history, indicators, scorecard
from geo.errors import InvalidTargets
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

TARGETS = {t.id: t for t in indicators.load_targets(DEFAULTS.targets_file)}

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "old_district_code": "276", "old_district_name": "Thạch Thất",
     "new_unit_code": "10006", "new_unit_name": "Tây Phương", "lon": 105.6, "lat": 21.05},
    {"site_id": "c2", "name": "CCN Hai", "kind": "ccn", "old_district_code": "276", "old_district_name": "Thạch Thất",
     "new_unit_code": "09928", "new_unit_name": "Kiều Phú", "lon": 105.61, "lat": 21.04},
    {"site_id": "c3", "name": "CCN Ba", "kind": "ccn_lang_nghe", "old_district_code": "018", "old_district_name": "Gia Lâm",
     "new_unit_code": "00583", "new_unit_name": "Bát Tràng", "lon": 105.9, "lat": 21.0},
    {"site_id": "c4", "name": "CCN Quy hoạch", "kind": "ccn", "old_district_code": "018", "old_district_name": "Gia Lâm",
     "lon": 105.91, "lat": 21.0},
    {"site_id": "v1", "name": "Làng Một", "kind": "lang_nghe", "recognised": "yes", "craft_title": "lang_nghe",
     "old_district_code": "018", "old_district_name": "Gia Lâm", "lon": 105.92, "lat": 21.0},
    {"site_id": "v2", "name": "Làng Hai", "kind": "lang_nghe", "recognised": "unknown", "craft_title": "unknown",
     "old_district_code": "018", "old_district_name": "Gia Lâm", "lon": 105.93, "lat": 21.0},
])

CHANGES = history.to_frame([
    change("c1", "operating_status", "operating", "2019-01-01"),
    change("c1", "ww_status", "none", "2019-01-01"),
    change("c1", "ww_status", "operating", "2024-06-01"),
    change("c2", "operating_status", "operating", "2019-01-01"),
    change("c2", "ww_status", "built_not_operating", "2019-01-01"),
    change("c3", "operating_status", "under_construction", "2022-01-01"),  # ww_status unknown
    change("c4", "operating_status", "planned", "2022-01-01"),
    change("v1", "ep_plan", "yes", "2022-01-01"),
    change("v1", "ep_org", "no", "2022-01-01"),
    change("v1", "ep_infra", "yes", "2022-01-01"),
])


def state(day):
    return history.state_as_of(SITES, CHANGES, day)


def test_target_2_counts_operating_and_new_clusters_only():
    r = indicators.compute(TARGETS["p307-2"], state(dt.date(2025, 12, 31)))
    # c1 met; c2 built not operating; c3 new with unknown plant; c4 only planned: not counted.
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.percent == pytest.approx(100 / 3)
    reasons = dict(zip(r.shortfalls["site_id"], r.shortfalls["reasons_en"]))
    assert reasons == {"c2": "Plant built, not operating", "c3": "Unknown: Wastewater plant"}
    assert not r.met


def test_target_2_a_year_earlier():
    r = indicators.compute(TARGETS["p307-2"], state(dt.date(2023, 12, 31)))
    assert (r.numerator, r.denominator) == (0, 3)


def test_target_4_names_the_missing_legal_condition():
    r = indicators.compute(TARGETS["p307-4"], state(dt.date(2025, 12, 31)))
    assert (r.numerator, r.denominator) == (0, 1)  # v2's recognition is unknown: not counted
    assert r.shortfalls.loc[0, "reasons_vi"] == "Thiếu tổ chức tự quản về BVMT (Điều 56.1.b)"


def test_target_3_unknown_assessment_counts_against_the_target():
    r = indicators.compute(TARGETS["p307-3"], state(dt.date(2025, 12, 31)))
    assert (r.numerator, r.denominator) == (0, 1)
    assert r.shortfalls.loc[0, "reasons_en"] == "Not assessed: water, air, soil"


def test_breakdown_by_old_district_and_new_unit():
    st = state(dt.date(2025, 12, 31))
    by_district = indicators.breakdown(TARGETS["p307-2"], st, "old_district").set_index("code")
    assert by_district.loc["276", ["numerator", "denominator"]].tolist() == [1, 2]
    assert by_district.loc["018", ["numerator", "denominator"]].tolist() == [0, 1]
    by_unit = indicators.breakdown(TARGETS["p307-2"], st, "new_unit").set_index("code")
    assert by_unit.loc["10006", "percent"] == 100.0 and by_unit.loc["09928", "percent"] == 0.0


def test_values_over_year_ends():
    s = scorecard.timeline(TARGETS["p307-2"], {d: state(d) for d in history.year_ends()})
    assert s["numerator"].tolist() == [0, 0, 0, 1, 1]
    assert s["denominator"].tolist() == [2, 3, 3, 3, 3]


def test_ratio_target_without_data_says_so():
    r = indicators.compute(TARGETS["p96-clean-tech"], state(dt.date(2025, 12, 31)))
    assert r.percent is None and not r.has_data


def test_ratio_target_with_data():
    extra = history.to_frame([
        change("c1", "enterprises_total", 10, "2020-01-01"), change("c1", "enterprises_clean_tech", 6, "2020-01-01"),
        change("c2", "enterprises_total", 30, "2020-01-01"), change("c2", "enterprises_clean_tech", 15, "2020-01-01"),
    ])
    st = history.state_as_of(SITES, extra, "2021-01-01")
    r = indicators.compute(TARGETS["p96-clean-tech"], st)
    assert r.percent == pytest.approx(100 * 21 / 40)


def test_a_new_target_is_a_data_file_change_only(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(textwrap.dedent('''
        [[target]]
        id = "2030-ww"
        plan = "2026-2030"
        short_vi = "XLNT 2030"
        short_en = "Wastewater 2030"
        name_vi = "100% CCN có trạm XLNT vận hành"
        name_en = "All clusters with an operating plant"
        legal_basis = "-"
        source = "test"
        agency_vi = "-"
        agency_en = "-"
        target = 100
        deadline = "2030-12-31"
        [target.denominator]
        kind = ["ccn", "ccn_lang_nghe"]
        [target.met]
        ww_status = ["operating", "operating_noncompliant"]
    '''), encoding="utf-8")
    (target,) = indicators.load_targets(path)
    r = indicators.compute(target, state(dt.date(2025, 12, 31)))
    assert (r.numerator, r.denominator) == (1, 4)
    assert target.deadline == dt.date(2030, 12, 31)


def test_a_malformed_target_file_says_which_target_and_field(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(InvalidTargets, match="'x'"):
        indicators.load_targets(path)
    path.write_text(open(DEFAULTS.targets_file, encoding="utf-8").read().replace('haz_waste = ["all_licensed"]', 'haz_waste = ["done"]'), encoding="utf-8")
    with pytest.raises(InvalidTargets, match="unknown values"):
        indicators.load_targets(path)


def test_a_target_states_what_it_counts_in_words():
    t2 = TARGETS["p307-2"]
    assert t2.rule_in_words("denominator", "vi") == ("Loại hình: Cụm công nghiệp hoặc Cụm công nghiệp làng nghề; "
                                                     "Tình trạng hoạt động: Đang hoạt động hoặc Đang xây dựng")
    # Target 2 counts a plant that operates, whether or not its effluent meets QCVN 40 (Plan 20's own target).
    assert t2.rule_in_words("met", "en") == "Wastewater plant: Operating or Operating, effluent not meeting QCVN 40"
    ratio = TARGETS["p96-clean-tech"].rule_in_words("met", "vi")
    assert "[" not in ratio and "enterprises" not in ratio


def test_every_target_belongs_to_a_period_and_a_period_knows_when_it_closed():
    periods = indicators.load_periods(DEFAULTS.targets_file)
    ids = {p.id for p in periods}
    assert all(t.period in ids for t in TARGETS.values())
    plan307 = next(p for p in periods if p.id == "2021-2025")
    assert plan307.closed(dt.date(2026, 1, 1)) and not plan307.closed(dt.date(2025, 12, 31))
    assert indicators.period_on(periods, dt.date(2024, 5, 1)).id == "2021-2025"
    assert indicators.period_on(periods, dt.date(2031, 5, 1)).id == periods[-1].id


def test_a_target_in_an_unknown_period_is_refused(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(open(DEFAULTS.targets_file, encoding="utf-8").read().replace('period = "2026-2030"', 'period = "2031-2035"', 1),
                    encoding="utf-8")
    with pytest.raises(InvalidTargets, match="period must be one of"):
        indicators.load_targets(path)


def test_a_denominator_says_who_it_leaves_out_as_unknown_and_who_is_on_list_iv():
    sites = make_sites([
        {"site_id": "a", "name": "CCN A", "kind": "ccn", "lon": 105.8, "lat": 21.0},
        {"site_id": "b", "name": "CCN B", "kind": "ccn", "lon": 105.8, "lat": 21.0},
        {"site_id": "v", "name": "Làng V", "kind": "lang_nghe", "recognised": "yes", "roadmap_list": "iv", "lon": 105.8, "lat": 21.0},
    ])
    changes = history.to_frame([change("a", "operating_status", "operating", "2020-01-01")])
    state = history.state_as_of(sites, changes, dt.date(2026, 1, 1))
    counts = indicators.denominator_counts(TARGETS["p307-2"], state)
    assert counts["counted"] == 1 and counts["unknown"] == {"operating_status": 1}     # b's operating status is unknown
    words = indicators.denominator_in_words(TARGETS["p307-2"], counts, "vi")
    assert words == "Được tính: 1 cơ sở trong tập dữ liệu; không tính 1 cơ sở chưa rõ “Tình trạng hoạt động”."
    village = indicators.denominator_counts(TARGETS["p307-4"], state)
    assert village["list_iv"] == 1 and "gồm 1 làng thuộc danh mục (iv)" in indicators.denominator_in_words(TARGETS["p307-4"], village, "vi")
