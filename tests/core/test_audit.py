from geo.core import audit, history, inspections
from tests.conftest import INSPECTOR, an_inspection as _inspection
from geo.access import recording


def test_the_audit_trail_lists_every_record_with_who_and_when(s):
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "operating", "2025-06-01", "Biên bản 12/BB", "ảnh chụp trạm")
    first = _inspection(s, INSPECTOR)
    recording.update_follow_up(s, INSPECTOR, first, "closed", [True, True], "đã khắc phục")
    trail = audit.trail(s.read_history("c1"), s.read_inspections("c1"), "vi")
    assert len(trail) == 4                                   # r1, the status change, two inspection versions
    assert set(trail["recorded_by"]) == {"tester", "thanh"}
    superseded = trail[trail["superseded_by"] != ""]
    assert len(superseded) == 1 and superseded.iloc[0]["record_id"] == first
    assert trail["what"].str.contains("Trạm XLNT").any() and trail["what"].str.contains("Biên bản kiểm tra").any()


def test_the_trail_says_what_a_correction_replaced_and_marks_illustrative_records():
    from tests.conftest import change

    changes = history.to_frame([change("c1", "ww_status", "none", "2021-01-01", record_id="old", illustrative=True),
                                change("c1", "ww_status", "planned", "2021-01-01", record_id="new", supersedes="old")])
    trail = audit.trail(changes, inspections.empty(), "en").set_index("record_id")
    assert trail.loc["old", "superseded_by"] == "new" and trail.loc["new", "supersedes"] == "old"
    assert bool(trail.loc["old", "illustrative"]) and not bool(trail.loc["new", "illustrative"])
    assert trail.loc["new", "what"] == "Wastewater plant: Plant planned"
