import datetime as dt

from geo.access import recording
from geo.core import inspections
from tests.conftest import INSPECTOR, an_inspection as _inspection


def test_overdue_actions_come_from_the_current_version_only(s):
    first = _inspection(s, INSPECTOR)
    day = dt.date(2025, 9, 1)
    overdue = inspections.overdue_actions(s.read_inspections(), day)
    assert overdue[["action", "days_overdue"]].values.tolist() == [["Vận hành lại trạm", 31]]
    recording.update_follow_up(s, INSPECTOR, first, "in_progress", [True, False], "đã vận hành lại")
    assert inspections.overdue_actions(s.read_inspections(), day).empty
    assert len(inspections.overdue_actions(s.read_inspections(), dt.date(2027, 1, 2))) == 1


def _record(follow_up="open", actions=None):
    return inspections.new_inspection("c1", "2025-01-10", "Sở", "A", "Thiếu sổ", "t", follow_up=follow_up,
                                      actions=actions or [{"action": "Lập sổ", "deadline": "2025-03-01"}])


def test_one_rule_says_whether_an_action_is_late():
    rec = _record()
    action = {"action": "Lập sổ", "deadline": "2025-03-01", "done": False}
    assert inspections.action_state(rec, action, dt.date(2025, 3, 1)) == "open"       # due today is not late
    assert inspections.action_state(rec, action, dt.date(2025, 3, 2)) == "overdue"
    assert inspections.action_state(rec, dict(action, done=True), dt.date(2026, 1, 1)) == "done"
    assert inspections.action_state(_record("closed"), action, dt.date(2026, 1, 1)) == "open"  # a closed follow-up is never late
    assert inspections.action_state(rec, dict(action, deadline=""), dt.date(2026, 1, 1)) == "open"  # no deadline, never late


def test_overdue_actions_skip_closed_follow_ups():
    frame = inspections.to_frame([_record(), _record("closed")])
    late = inspections.overdue_actions(frame, dt.date(2025, 4, 1))
    assert len(late) == 1 and late.iloc[0]["days_overdue"] == 31


def test_an_inspection_in_the_future_is_refused_against_the_given_day():
    frame = inspections.to_frame([inspections.new_inspection("c1", "2025-06-01", "Sở", "A", "Kết quả", "t")])
    assert [e.field for e in inspections.validate(frame, {"c1"}, today=dt.date(2025, 5, 31))] == ["inspection_date"]
    assert inspections.validate(frame, {"c1"}, today=dt.date(2025, 6, 1)) == []


def test_open_actions_leave_out_done_ones_closed_follow_ups_and_superseded_versions():
    first = inspections.new_inspection("c1", "2025-01-10", "Sở", "A", "x", "t",
                                       actions=[{"action": "Lập sổ", "deadline": "2025-03-01"}, {"action": "Xây trạm", "deadline": "2026-03-01"}])
    update = inspections.new_inspection("c1", "2025-01-10", "Sở", "A", "x", "t", supersedes=first["record_id"],
                                        actions=[{"action": "Lập sổ", "deadline": "2025-03-01"},
                                                 {"action": "Xây trạm", "deadline": "2026-03-01", "done": True}])
    closed = inspections.new_inspection("c1", "2025-02-10", "Sở", "A", "y", "t", follow_up="closed",
                                        actions=[{"action": "Rào chắn", "deadline": "2025-03-01"}])
    got = inspections.open_actions(inspections.to_frame([first, update, closed]), dt.date(2025, 6, 1))
    assert [(rec["record_id"], a["action"], state) for rec, a, state in got] == [(update["record_id"], "Lập sổ", "overdue")]
