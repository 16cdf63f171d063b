
import itertools
import random

import pytest

from geo.core import inspections, visits
from geo.errors import DashboardError
from tests.conftest import make_sites

ORIGIN = (105.8542, 21.0285)


def _shortest(origin, points):
    """Brute force: every order of the points, from the origin and back."""
    xy = visits.metres([origin, *points])
    return min(visits.tour_length([0, *p], xy) for p in itertools.permutations(range(1, len(points) + 1)))


@pytest.mark.parametrize("seed", range(40))
def test_the_route_is_the_shortest_tour_on_small_inputs(seed):
    r = random.Random(seed)
    points = [(105.5 + r.random() * 0.5, 20.7 + r.random() * 0.6) for _ in range(r.randint(3, 8))]
    order, length, legs = visits.route(ORIGIN, points)
    assert sorted(order) == list(range(len(points)))  # every site once
    best = _shortest(ORIGIN, points)
    assert length <= 1.5 * best  # Christofides' guarantee, whatever the input
    assert length == pytest.approx(best, rel=1e-9)  # and on these inputs, the shortest
    assert sum(legs) == pytest.approx(length) and len(legs) == len(points) + 1


def test_points_on_a_circle_are_visited_round_it():
    import math
    points = [(105.85 + 0.1 * math.cos(a), 21.0 + 0.1 * math.sin(a)) for a in [i * math.pi / 6 for i in range(12)]]
    shuffled = [points[i] for i in (5, 0, 9, 3, 11, 7, 1, 10, 2, 8, 4, 6)]
    order, _, _ = visits.route((105.95, 21.0), shuffled)  # starts beside point 0
    angles = [points.index(shuffled[i]) for i in order]
    assert angles in ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [0, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])


def test_one_or_two_sites_and_none():
    assert visits.route(ORIGIN, [])[0] == []
    assert visits.route(ORIGIN, [(105.9, 21.0)])[0] == [0]
    assert sorted(visits.route(ORIGIN, [(105.9, 21.0), (105.7, 21.1)])[0]) == [0, 1]


SITES = make_sites([
    {"site_id": f"s{i}", "name": f"Cơ sở {i}", "kind": "lang_nghe", "lon": 105.6 + 0.05 * i, "lat": 21.0 + 0.02 * (i % 3)}
    for i in range(6)
])


def test_a_plan_orders_its_sites_and_refuses_what_cannot_be_done():
    plan = visits.new_plan("Đợt 1", "Đoàn A", "2026-12-01", "2026-12-31", SITES, ORIGIN, "Trụ sở", "thanh")
    assert sorted(plan.site_ids) == sorted(SITES["site_id"]) and plan.length_m > 0
    with pytest.raises(DashboardError) as err:
        visits.new_plan(" ", "", "2026-12-31", "2026-12-01", SITES.iloc[0:0], ORIGIN, "x", "thanh")
    said = err.value.message.en
    assert "needs a title" in said and "end date" in said and "no site" in said
    unplaced = SITES.copy()
    unplaced.loc[0, "geometry"] = None
    with pytest.raises(DashboardError, match="Cơ sở 0"):
        visits.new_plan("x", "", "2026-12-01", "2026-12-31", unplaced, ORIGIN, "x", "thanh")


def test_plans_in_force_leave_out_what_an_amendment_replaced():
    first = visits.new_plan("Đợt 1", "", "2026-12-01", "2026-12-31", SITES, ORIGIN, "x", "thanh", plan_id="KH1")
    second = visits.new_plan("Đợt 1 (sửa)", "", "2026-12-01", "2026-12-31", SITES.head(3), ORIGIN, "x", "thanh", plan_id="KH2",
                             supersedes="KH1")
    import pandas as pd
    entries = pd.DataFrame([visits.entry(first), visits.entry(second)])
    plans = visits.from_entries(entries)
    assert [p.plan_id for p in plans] == ["KH2"] and plans[0].site_ids == second.site_ids


def test_progress_counts_inspections_within_the_period_only():
    plan = visits.new_plan("Đợt 1", "", "2026-12-01", "2026-12-31", SITES.head(3), ORIGIN, "x", "thanh")
    records = inspections.to_frame([
        inspections.new_inspection(plan.site_ids[0], "2026-12-05", "Sở", "A", "Đạt", "t"),
        inspections.new_inspection(plan.site_ids[1], "2026-11-30", "Sở", "A", "Trước đợt", "t"),
    ])
    done = visits.progress(plan, records)
    assert list(done["visited"]) == [True, False, False] and done.iloc[0]["inspection_date"] == "2026-12-05"


def test_choosing_sites_by_band_or_overdue_keeps_the_highest_first():
    state = SITES.assign(priority_score=[5, 70, 45, 90, 62, 10], priority_band=["A", "E", "C", "E", "E", "A"],
                         overdue_actions=[0, 0, 2, 0, 1, 0])
    assert list(visits.choose(state, "bands", limit=2)["site_id"]) == ["s3", "s1"]
    assert list(visits.choose(state, "overdue")["site_id"]) == ["s4", "s2"]
    assert list(visits.choose(state, "view", limit=3)["site_id"]) == ["s3", "s1", "s4"]

