import datetime as dt
import json

import pandas as pd

from geo.core import changelog, error_reports, history, indicators, inspections
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "old_district_code": "277", "lon": 105.8, "lat": 21.0},
    {"site_id": "c2", "name": "CCN Hai", "kind": "ccn", "old_district_code": "277", "lon": 105.81, "lat": 21.0},
    {"site_id": "c3", "name": "CCN Ba", "kind": "ccn", "old_district_code": "999", "lon": 105.82, "lat": 21.0},
])
UTC = dt.timezone.utc
BEFORE, INSIDE, AFTER = (dt.datetime(2026, 10, 15, 3, tzinfo=UTC), dt.datetime(2026, 11, 10, 3, tzinfo=UTC),
                         dt.datetime(2026, 12, 5, 3, tzinfo=UTC))
SINCE, UNTIL = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
CHANGES = history.to_frame([
    change(s, f, v, "2021-01-01", recorded_at=BEFORE) for s in ("c1", "c2", "c3")
    for f, v in (("operating_status", "operating"), ("ww_status", "none"))
] + [
    change("c1", "ww_status", "operating", "2026-11-05", recorded_at=INSIDE, record_id="fix1"),  # in the window and the area
    change("c3", "ww_status", "operating", "2026-11-05", recorded_at=INSIDE),  # in the window, another area
    change("c2", "ww_status", "operating", "2026-12-02", recorded_at=AFTER),  # after the window
    change("c2", "event", "pollution_incident", "2026-11-03", recorded_at=INSIDE),
])
VISIT = inspections.new_inspection("c2", "2026-09-01", "Sở", "A", "Chưa có trạm", "tester",
                                   violations=[{"description": "Xả thải chưa xử lý", "legal_ref": "NĐ 45/2022 Đ.18"}],
                                   actions=[{"action": "Xây trạm", "deadline": "2026-11-20"}, {"action": "Lập hồ sơ", "deadline": "2026-11-10"}],
                                   recorded_at=dt.datetime(2026, 9, 2, tzinfo=UTC))
UPDATE = inspections.new_inspection("c2", "2026-09-01", "Sở", "A", "Chưa có trạm", "lan",
                                    actions=[{"action": "Xây trạm", "deadline": "2026-11-20"},
                                             {"action": "Lập hồ sơ", "deadline": "2026-11-10", "done": True}],
                                    supersedes=VISIT["record_id"], recorded_at=INSIDE)
NEW = inspections.new_inspection("c1", "2026-11-12", "Thanh tra", "B", "Trạm đã chạy", "thanh",
                                 violations=[{"description": "Thiếu sổ nhật ký", "legal_ref": ""}], recorded_at=INSIDE)
RECORDS = inspections.to_frame([VISIT, UPDATE, NEW])
IMPORTS = pd.DataFrame([{"import_id": "i1", "kind": "import", "filename": "ccn.xlsx", "source": "Sở CT", "imported_by": "admin",
                         "imported_at": INSIDE.isoformat(), "created": "[]", "updated_before": "", "change_ids": json.dumps(["fix1"]),
                         "reverts": "", "summary": "{}"}])
REPORTS = error_reports.table(
    pd.DataFrame([{"entry_id": "r1", "subject": "c1", "recorded_by": "", "recorded_at": BEFORE.isoformat(),
                   "body": {"field": "ww_status", "what": "Trạm chạy rồi"}}]),
    pd.DataFrame([{"entry_id": "o1", "subject": "r1", "recorded_by": "admin", "recorded_at": INSIDE.isoformat(),
                   "body": {"outcome": "resolved", "correction": "fix1", "reason": ""}}]))


def test_the_window_lists_exactly_the_known_events_of_the_area():
    out = changelog.events(SITES, CHANGES, RECORDS, IMPORTS, REPORTS, SINCE, UNTIL, {"c1", "c2"})
    got = sorted(zip(out["kind"], out["site_id"], out["who"]))
    assert got == sorted([
        ("status", "c1", "tester"),            # c1's plant operating (c3's is another area, c2's came after)
        ("event", "c2", "tester"),             # the incident
        ("inspection", "c1", "thanh"), ("violation", "c1", "thanh"),
        ("action_closed", "c2", "lan"),        # "Lập hồ sơ" ticked done in the update
        ("action_overdue", "c2", ""),          # "Xây trạm" due 20/11, not done by 30/11
        ("import", "", "admin"),
        ("error_report", "c1", "admin"),
    ])
    said = dict(zip(out["kind"], out["what_vi"]))
    assert said["status"].startswith("Trạm XLNT: Đang vận hành đạt chuẩn từ 05/11/2026")
    assert said["action_overdue"] == "Quá hạn từ 21/11/2026: Xây trạm" and said["action_closed"] == "Đã xong: Lập hồ sơ"
    assert list(out["when"]) == sorted(out["when"], reverse=True)


def test_the_effect_on_each_target_is_the_change_in_points_over_the_same_sites():
    targets = indicators.load_targets(DEFAULTS.targets_file)
    before = history.state_as_of(SITES, CHANGES, SINCE)
    after = history.state_as_of(SITES, CHANGES, UNTIL)
    effect = changelog.effect(targets, before, after, {"c1", "c2"}).set_index("target_id")
    ww = effect.loc["p307-2"]
    assert (ww["met_before"], ww["of_before"], ww["met_after"], ww["of_after"]) == (0, 2, 1, 2)
    assert ww["points"] == 50.0 and changelog.points_text(ww["points"], "vi") == "+50,0 điểm %"
    assert changelog.points_text(-1.5, "en") == "−1.5 points" and changelog.points_text(0, "vi") == "±0,0 điểm %"
    assert changelog.points_text(None, "vi") == "—"


def test_the_default_start_is_the_last_report_made_for_that_area():
    made = pd.DataFrame([{"entry_id": "m1", "subject": "old_district:277", "recorded_at": "2026-11-20T08:00:00+00:00", "body": {}},
                         {"entry_id": "m2", "subject": "city", "recorded_at": "2026-11-25T08:00:00+00:00", "body": {}}])
    assert changelog.default_since(made, "old_district:277", UNTIL) == dt.date(2026, 11, 20)
    assert changelog.default_since(made, "new_unit:1", UNTIL) == UNTIL - dt.timedelta(days=changelog.DEFAULT_DAYS)
    assert changelog.default_since(made.iloc[0:0], "city", UNTIL) == UNTIL - dt.timedelta(days=30)
