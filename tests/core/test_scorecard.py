"""Scorecards on a hand-checked fixture: Thanh Trì's Tân Triều commune was split between
four new units (the site is counted once, in the unit chosen for it), and Gia Lâm has a
cluster whose wastewater status was never recorded (it counts against the target)."""

import datetime as dt

import pandas as pd
import pytest

from geo.core import history, indicators, scorecard
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

TARGETS = {t.id: t for t in indicators.load_targets(DEFAULTS.targets_file)}
P2 = TARGETS["p307-2"]

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Tân Triều", "kind": "ccn", "old_district_code": "020", "old_district_name": "Huyện Thanh Trì",
     "old_commune_name": "Xã Tân Triều", "new_unit_code": "U1", "new_unit_name": "Phường Thanh Liệt",
     "placement_note": "xã cũ Tân Triều bị chia cho 4 đơn vị; chọn Thanh Liệt", "lon": 105.80, "lat": 20.97},
    {"site_id": "c2", "name": "CCN Hai", "kind": "ccn", "old_district_code": "020", "old_district_name": "Huyện Thanh Trì",
     "new_unit_code": "U2", "new_unit_name": "Phường Định Công", "lon": 105.83, "lat": 20.98},
    {"site_id": "c3", "name": "CCN Chưa rõ", "kind": "ccn", "old_district_code": "018", "old_district_name": "Huyện Gia Lâm",
     "location_precision": "old_district", "lon": 105.93, "lat": 21.02},
    {"site_id": "c4", "name": "CCN làng nghề Bốn", "kind": "ccn_lang_nghe", "old_district_code": "018",
     "old_district_name": "Huyện Gia Lâm", "new_unit_code": "U3", "new_unit_name": "Xã Bát Tràng", "lon": 105.91, "lat": 20.98},
    {"site_id": "k1", "name": "KCN Một", "kind": "kcn", "old_district_code": "018", "old_district_name": "Huyện Gia Lâm",
     "new_unit_code": "U3", "new_unit_name": "Xã Bát Tràng", "lon": 105.92, "lat": 20.99},
    {"site_id": "v1", "name": "Làng Một", "kind": "lang_nghe", "recognised": "yes", "old_district_code": "020",
     "old_district_name": "Huyện Thanh Trì", "new_unit_code": "U1", "new_unit_name": "Phường Thanh Liệt", "lon": 105.81, "lat": 20.96},
])

CHANGES = history.to_frame([
    *[change(s, "operating_status", "operating", "2019-01-01") for s in ("c1", "c2", "c3", "c4", "k1")],
    change("c1", "ww_status", "none", "2019-01-01"),
    change("c1", "ww_status", "operating", "2023-06-01"),
    change("c2", "ww_status", "none", "2019-01-01"),
    change("c4", "ww_status", "operating", "2022-03-01"),
    # c3: no wastewater record at all
    change("k1", "haz_waste_generated", "yes", "2019-01-01"),
    change("k1", "haz_waste", "partly", "2019-01-01"),
    change("v1", "haz_waste_generated", "yes", "2019-01-01"),
    change("v1", "haz_waste", "none_handled", "2019-01-01"),
])
TODAY = dt.date(2026, 11, 23)


def states(dates):
    return {d: history.state_as_of(SITES, CHANGES, d) for d in dates}


def test_timeline_gives_each_year_end_and_the_change():
    values = scorecard.timeline(P2, states(history.year_ends()))
    # c1, c2, c3, c4 operating clusters every year; c4 met from 2022, c1 from mid-2023.
    assert values["denominator"].tolist() == [4, 4, 4, 4, 4]
    assert values["numerator"].tolist() == [0, 1, 2, 2, 2]
    assert values["percent"].tolist() == [0.0, 25.0, 50.0, 50.0, 50.0]
    assert values["change"].tolist()[1:] == [25.0, 25.0, 0.0, 0.0]
    assert pd.isna(values["change"].iloc[0])


def test_timeline_keeps_the_same_sites_every_year():
    values = scorecard.timeline(P2, states(history.year_ends()), site_ids={"c1", "c2"})  # Thanh Trì's clusters
    assert values["numerator"].tolist() == [0, 0, 1, 1, 1]
    assert values["denominator"].tolist() == [2, 2, 2, 2, 2]


def test_split_commune_site_is_counted_once_in_its_chosen_unit():
    now = history.state_as_of(SITES, CHANGES, TODAY)
    by_unit = indicators.breakdown(P2, now, "new_unit").set_index("code")
    assert by_unit.loc["U1", ["numerator", "denominator"]].tolist() == [1, 1]   # c1 only in Thanh Liệt
    assert by_unit.loc["U2", ["numerator", "denominator"]].tolist() == [0, 1]
    assert by_unit.loc["", "denominator"] == 1                                  # c3: new unit not known
    city = indicators.compute(P2, now)
    assert by_unit["denominator"].sum() == city.denominator
    by_district = indicators.breakdown(P2, now, "old_district").set_index("code")
    assert by_district.loc["020", ["numerator", "denominator"]].tolist() == [1, 2]
    every = indicators.breakdown(P2, now, "old_district", {"020": "Huyện Thanh Trì", "018": "Huyện Gia Lâm", "271": "Huyện Ba Vì"})
    assert every.set_index("code").loc["271", ["numerator", "denominator"]].tolist() == [0, 0]
    assert every["code"].tolist()[-1] == "271"                     # areas without sites come last
    assert by_district.loc["018", ["numerator", "denominator"]].tolist() == [1, 2]


def test_unknown_status_counts_against_the_target_and_says_so():
    now = history.state_as_of(SITES, CHANGES, TODAY)
    r = indicators.compute(P2, now)
    assert (r.numerator, r.denominator) == (2, 4)
    reason = dict(zip(r.shortfalls["site_id"], r.shortfalls["reasons_vi"]))
    assert reason["c3"] == "Chưa rõ: Trạm XLNT"
    assert reason["c2"] == "Chưa có trạm XLNT tập trung"


def test_days_late_after_left_before_and_zero_once_met():
    assert scorecard.days_late(P2, False, TODAY) == 327
    assert scorecard.days_late(P2, False, dt.date(2025, 12, 1)) == -30
    assert scorecard.days_late(P2, True, TODAY) == 0


def _values(percents, denominator=10, first=2021):
    return pd.DataFrame({"date": [dt.date(first + i, 12, 31) for i in range(len(percents))],
                         "numerator": [None if p is None else p * denominator / 100 for p in percents],
                         "denominator": [denominator] * len(percents), "percent": percents})


def test_projection_at_the_observed_pace():
    p = scorecard.project(P2, _values([20, 30, 40, 50, 60]))
    assert p.status == "projected"
    assert p.slope == pytest.approx(10.0)
    assert p.when.year == 2029 and p.when.month == 12    # 60 % at end-2025, +10 a year, 40 to go
    assert "2029" in p.text(P2, "vi") and "+10,0" in p.text(P2, "vi")


def test_projection_says_plainly_when_it_cannot_be_made():
    assert scorecard.project(P2, _values([50, 50, 45, 40])).status == "no_progress"
    assert scorecard.project(P2, _values([10, 60, 15, 70, 30])).status == "irregular"
    assert scorecard.project(P2, _values([10, 20])).status == "too_few"
    assert scorecard.project(P2, _values([10, 20, 30, 40], denominator=4)).status == "too_few"  # under MIN_SITES
    assert scorecard.project(P2, _values([80, 90, 100])).status == "met"
    assert scorecard.project(P2, _values([None, None])).status == "no_data"
    for status in ("no_progress", "irregular", "too_few"):
        assert "dự kiến" not in scorecard.Projection(status, slope=1.0, r2=0.1).text(P2, "vi")


def test_card_on_the_fixture_says_it_has_stalled():
    dates = [*history.year_ends(), TODAY]
    c = scorecard.card(P2, states(dates), TODAY)
    assert c.now.percent == 50.0 and not c.now.met
    assert c.days_late == 327
    assert [d.year for d in c.year_ends["date"]] == [2021, 2022, 2023, 2024, 2025]
    # The fixture's cluster value has not moved over the year ends: stalled, and it says so rather than a year.
    assert c.projection.status == "stalled" and c.projection.since is not None
    assert "Đứng yên" in c.projection.text(P2, "vi") and "dự kiến" not in c.projection.text(P2, "vi")


def test_blockers_are_grouped_by_area_with_the_agency_of_each_kind():
    now = history.state_as_of(SITES, CHANGES, TODAY)
    blocked = scorecard.blockers(TARGETS["p307-1"], now, "old_district", "vi")
    # Clusters with no hazardous-waste record are in the denominator ("unknown" generates) and fall short.
    assert set(blocked["site_id"]) == {"c1", "c2", "c3", "c4", "k1", "v1"}
    assert blocked.set_index("site_id").loc["c3", "reason"].startswith("Chưa rõ")
    agency = dict(zip(blocked["site_id"], blocked["agency"]))
    assert agency["k1"].startswith("Ban quản lý các khu công nghiệp")
    assert agency["v1"].startswith("UBND cấp xã")
    assert dict(zip(blocked["site_id"], blocked["reason"]))["k1"] == "Chất thải nguy hại mới xử lý một phần"
    summary = scorecard.blocker_summary(blocked)
    assert summary["sites"].sum() == len(blocked)


def test_blockers_by_new_unit_put_sites_without_a_unit_last():
    now = history.state_as_of(SITES, CHANGES, TODAY)
    blocked = scorecard.blockers(P2, now, "new_unit", "en")
    assert blocked["site_id"].tolist() == ["c2", "c3"]
    assert blocked["area_code"].tolist() == ["U2", ""]


def test_card_verdict_in_words_for_each_standing():
    dates = [*history.year_ends(), TODAY]
    c = scorecard.card(P2, states(dates), TODAY)
    assert (c.standing, c.verdict("vi")) == ("late", "Chưa đạt · quá hạn 327 ngày")
    early = scorecard.card(P2, states([*history.year_ends()[:4], dt.date(2025, 12, 1)]), dt.date(2025, 12, 1))
    assert (early.standing, early.verdict("en")) == ("due", "Not met yet · 30 days to the deadline")


def test_a_target_that_counts_none_of_the_chosen_sites_does_not_apply():
    dates = [*history.year_ends(), TODAY]
    parks = scorecard.card(P2, states(dates), TODAY, site_ids={"k1"})        # a park-only list and the cluster target
    assert (parks.standing, parks.verdict("vi")) == ("not_applicable", "Không áp dụng cho các cơ sở đang chọn")
    unknown = scorecard.card(P2, states(dates), TODAY, site_ids={"c3"})     # a cluster with nothing recorded still counts
    assert unknown.applies and unknown.standing == "late"


PERIODS = {p.id: p for p in indicators.load_periods(DEFAULTS.targets_file)}


def test_a_closed_period_gives_its_final_result_on_its_last_day_and_no_projection():
    period = PERIODS["2021-2025"]
    later = pd.concat([CHANGES, history.to_frame([change("c2", "ww_status", "operating", "2026-03-01")])])
    days = period.days(TODAY)
    assert days[-1] == dt.date(2025, 12, 31) and TODAY not in days
    c = scorecard.card(P2, {d: history.state_as_of(SITES, later, d) for d in days}, TODAY, period=period, changes=later)
    assert c.closed and c.now.as_of == dt.date(2025, 12, 31)
    assert c.now.percent == 50.0            # c2's plant of 2026 does not change Plan 307's result
    assert c.projection.status == "closed" and "đã kết thúc" in c.projection.text(P2, "vi")
    assert c.gap == 50.0 and c.verdict("vi") == "Không đạt khi kết thúc kỳ (31/12/2025): còn thiếu 50,0 điểm %; 2 cơ sở chưa đạt"
    # Freshness: the latest record on a field the target reads, for a site it counts, up to the day judged.
    assert c.freshness == dt.date(2023, 6, 1)
    assert c.freshness_in_words("vi") == "Không có số liệu mới từ 01/06/2023."


def test_the_current_period_starts_from_plan_307s_last_day_and_projects_to_its_own_deadline():
    period = PERIODS["2026-2030"]
    assert period.days(TODAY) == [dt.date(2025, 12, 31), TODAY]
    target = next(t for t in indicators.load_targets(DEFAULTS.targets_file) if t.period == "2026-2030" and t.measure == "share_of_sites")
    rising = scorecard.project(target, _values([40, 50, 60], first=2026))
    assert rising.status == "projected" and rising.when.year == 2032
    assert "sau hạn 31/12/2030" in rising.text(target, "vi")
    fast = scorecard.project(target, _values([40, 60, 80], first=2026))
    assert "kịp hạn 31/12/2030" in fast.text(target, "vi")


def test_a_count_target_is_read_as_a_number_of_sites_not_a_percent():
    count = next(t for t in indicators.load_targets(DEFAULTS.targets_file) if t.measure == "count_of_sites")
    now = history.state_as_of(SITES, CHANGES, TODAY)
    r = indicators.compute(count, now)
    in_scope = now["kind"].isin(count.denominator["kind"]) & now["operating_status"].isin(count.denominator["operating_status"])
    assert r.percent == float(in_scope.sum()) == 4.0 and not r.met
    assert count.format_value(r.percent, "vi") == "4 cơ sở"


def test_an_unmeasured_target_has_no_data_and_says_no_public_data():
    t = next(t for t in indicators.load_targets(DEFAULTS.targets_file) if t.measure == "unmeasured")
    c = scorecard.card(t, states([TODAY]), TODAY)
    assert c.standing == "no_data" and c.verdict("vi") == "Chưa có số liệu công khai"
    assert c.projection.text(t, "vi") == "Không có số liệu công khai để đo chỉ tiêu này."
