import datetime as dt

from geo.core import history
from tests.conftest import change, make_sites

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
    {"site_id": "c2", "name": "CCN Hai", "kind": "ccn", "lon": 105.81, "lat": 21.01},
])


def ww(frame, site_id):
    return frame.set_index("site_id").loc[site_id, "ww_status"]


def test_state_on_a_date_uses_the_latest_record_effective_by_then():
    changes = history.to_frame([
        change("c1", "ww_status", "none", "2021-03-01"),
        change("c1", "ww_status", "under_construction", "2023-05-01"),
        change("c1", "ww_status", "operating", "2025-02-01"),
    ])
    assert ww(history.state_as_of(SITES, changes, dt.date(2020, 12, 31)), "c1") == "unknown"
    assert ww(history.state_as_of(SITES, changes, dt.date(2022, 12, 31)), "c1") == "none"
    assert ww(history.state_as_of(SITES, changes, dt.date(2024, 12, 31)), "c1") == "under_construction"
    assert ww(history.state_as_of(SITES, changes, "2025-02-01"), "c1") == "operating"


def test_a_site_without_records_is_unknown_not_guessed():
    state = history.state_as_of(SITES, history.empty_changes(), dt.date(2025, 12, 31))
    row = state.set_index("site_id").loc["c2"]
    assert row["ww_status"] == "unknown" and row["water_class"] == "not_assessed"
    assert row["ep_all_met"] == "unknown" and not row["illustrative"]


def test_a_correction_supersedes_the_old_record_even_for_past_dates():
    wrong = change("c1", "ww_status", "operating", "2022-01-01", record_id="r-wrong")
    fix = change("c1", "ww_status", "built_not_operating", "2022-01-01", supersedes="r-wrong",
                  recorded_at=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
    changes = history.to_frame([wrong, fix])
    assert ww(history.state_as_of(SITES, changes, "2023-01-01"), "c1") == "built_not_operating"
    hist = history.site_history(changes, "c1")
    assert hist.set_index("record_id").loc["r-wrong", "superseded_by"] == fix["record_id"]


def test_real_record_wins_over_a_later_illustrative_one():
    changes = history.to_frame([
        change("c1", "ww_status", "built_not_operating", "2020-01-01"),
        change("c1", "ww_status", "operating", "2024-01-01", illustrative=True),
        change("c2", "ww_status", "operating", "2024-01-01", illustrative=True),
    ])
    state = history.state_as_of(SITES, changes, "2025-01-01").set_index("site_id")
    assert state.loc["c1", "ww_status"] == "built_not_operating" and not state.loc["c1", "illustrative"]
    assert state.loc["c2", "ww_status"] == "operating" and state.loc["c2", "illustrative"]
    assert state.loc["c2", "illustrative_fields"] == "ww_status"


def test_same_day_records_are_ordered_by_when_they_were_recorded():
    early = change("c1", "ww_status", "planned", "2024-01-01", recorded_at=dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc))
    late = change("c1", "ww_status", "none", "2024-01-01", recorded_at=dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc))
    assert ww(history.state_as_of(SITES, history.to_frame([late, early]), "2024-06-01"), "c1") == "none"


def test_numbers_come_back_as_numbers():
    changes = history.to_frame([change("c1", "ww_capacity_m3d", 500, "2020-01-01")])
    state = history.state_as_of(SITES, changes, "2021-01-01").set_index("site_id")
    assert state.loc["c1", "ww_capacity_m3d"] == 500.0


def test_validate_changes_reports_each_kind_of_bad_record():
    bad = history.to_frame([
        change("nope", "ww_status", "operating", "2024-01-01"),
        change("c1", "colour", "red", "2024-01-01"),
        change("c1", "ww_status", "great", "2024-01-01"),
        change("c1", "ww_capacity_m3d", "-5", "2024-01-01"),
        change("c1", "ww_status", "none", "31/12/2024"),
    ])
    errors = history.validate_changes(bad, {"c1", "c2"})
    assert [(e.row, e.field) for e in errors] == [
        (1, "site_id"), (2, "field"), (3, "ww_status"), (4, "ww_capacity_m3d"), (5, "effective_date")]
