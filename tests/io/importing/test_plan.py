"""The plan: matching existing sites, placing new ones, and row errors that block the commit."""

import pandas as pd
import pytest

from geo.access import recording
from tests.io.importing.conftest import ADMIN, one_row, plan_of


def test_a_name_only_alike_is_asked_about_with_a_score_and_the_answer_is_followed(s, dept_xlsx, boundaries):
    plan = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries)
    question = [p for p in plan.problems if p.row == 12]
    assert len(question) == 1 and "“CCN Bình Phú 1”" in question[0].text("vi") and not plan.ok
    row = plan.rows.set_index("_row").loc[12]
    assert row["match_id"] == "ccn-binh-phu-1" and 85 <= row["match_score"] < 100
    same = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches={12: "ccn-binh-phu-1"})
    assert same.ok and same.rows.set_index("_row").loc[12, "site_id"] == "ccn-binh-phu-1"
    assert same.rows.set_index("_row").loc[12, "action"] == "update"          # the file's area and plant, on the existing site
    new = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches={12: ""})
    assert new.ok and new.rows.set_index("_row").loc[12, "action"] == "create"


def test_department_xlsx_plan_matches_existing_sites_and_places_new_ones(s, dept_xlsx, boundaries):
    plan = plan_of(s, "ccn.xlsx", dept_xlsx, boundaries, matches={12: ""})
    assert plan.ok, [p.text() for p in plan.problems]
    rows = plan.rows.set_index("name")
    assert rows.loc["CCN Ngọc Hồi", "site_id"] == "ccn-ngoc-hoi"      # matched by name and commune
    # The store already knows Ngọc Hồi's plant and its 1,800 m³/d (hanoi-facts): nothing to change.
    assert rows.loc["CCN Ngọc Hồi", "action"] == "unchanged" and rows.loc["CCN Ngọc Hồi", "changes"] == ""
    assert rows.loc["CCN Tân Triều mở rộng", "action"] == "create"
    new = plan.sites.set_index("name").loc["CCN Tân Triều mở rộng"]
    assert new["old_commune_name"] == "Xã Tân Triều" and new["new_unit_code"] and new["location_precision"] == "new_unit"
    assert new["area_ha"] == 12.5                                     # "12,5" read as a number
    by_field = {(c.site_id, c.field): c.value for c in plan.changes.itertuples()}
    assert by_field[(rows.loc["CCN Tân Triều mở rộng", "site_id"], "ww_status")] == "none"


def test_duplicates_and_impossible_values_are_row_errors_and_nothing_is_planned_for_them(s):
    frame = pd.concat([one_row(), one_row()], ignore_index=True).assign(**{"Diện tích (ha)": ["-3", "x"]})
    frame.loc[1, "Kinh độ"] = 108.2                                     # Đà Nẵng, not Hanoi
    plan = plan_of(s, "d.csv", frame.to_csv(index=False).encode("utf-8"))
    messages = " | ".join(p.text("en") for p in plan.problems)
    assert "duplicates row 2" in messages and "not a number" in messages and "outside Hanoi" in messages
    assert "“-3” is outside the plausible range (0-100000 ha)" in messages
    assert set(plan.rows["action"]) == {"error"} and not plan.ok
    with pytest.raises(Exception, match="problem"):
        recording.commit_import(s, ADMIN, plan, "d.csv", "x")
