import datetime as dt

import pandas as pd
import pytest

from geo.core import error_reports
from geo.errors import DashboardError

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)


def _entries(times, client="1.2.3.4"):
    return pd.DataFrame([{"entry_id": f"e{i}", "subject": "c1", "recorded_by": "", "recorded_at": t.isoformat(timespec="seconds"),
                          "body": {"client": error_reports.client_hash(client), "field": "name", "what": "x"}}
                         for i, t in enumerate(times)])


def test_a_client_may_send_five_an_hour_and_is_told_how_long_to_wait():
    four = _entries([NOW - dt.timedelta(minutes=m) for m in (50, 40, 30, 20)])
    assert error_reports.wait_seconds(four, "1.2.3.4", NOW) == 0
    five = _entries([NOW - dt.timedelta(minutes=m) for m in (50, 40, 30, 20, 10)])
    assert error_reports.wait_seconds(five, "1.2.3.4", NOW) == 10 * 60 + 1  # the oldest of the five leaves the hour then
    assert error_reports.wait_seconds(five, "5.6.7.8", NOW) == 0  # another client
    old = _entries([NOW - dt.timedelta(minutes=m) for m in (90, 80, 70, 65, 61)])
    assert error_reports.wait_seconds(old, "1.2.3.4", NOW) == 0


def test_the_address_is_never_kept_only_a_hash_of_it():
    entry = error_reports.new_report("c1", "ww_status", "Trạm đã chạy từ 2024", client="203.0.113.9", site_ids={"c1"})
    assert "203.0.113.9" not in str(entry) and entry["body"]["client"] == error_reports.client_hash("203.0.113.9")


def test_a_report_says_what_to_fix():
    with pytest.raises(DashboardError) as err:
        error_reports.new_report("zz", "nonsense", "  ", contact="x" * 300, site_ids={"c1"})
    said = err.value.message.en
    assert "no site zz" in said and "choose the wrong item" in said and "say what is wrong" in said and "contact" in said


def test_the_first_decision_counts_and_each_report_shows_its_outcome():
    reports = pd.DataFrame([
        {"entry_id": "r1", "subject": "c1", "recorded_by": "", "recorded_at": "2026-11-01T00:00:00+00:00",
         "body": {"field": "ww_status", "what": "sai", "contact": "a@b"}},
        {"entry_id": "r2", "subject": "c1", "recorded_by": "lan", "recorded_at": "2026-11-02T00:00:00+00:00",
         "body": {"field": "name", "what": "<script>"}},
        {"entry_id": "r3", "subject": "v1", "recorded_by": "", "recorded_at": "2026-11-03T00:00:00+00:00", "body": {"field": "other", "what": "?"}},
    ])
    outcomes = pd.DataFrame([
        {"entry_id": "o1", "subject": "r1", "recorded_by": "admin", "recorded_at": "2026-11-05T00:00:00+00:00",
         **error_reports.new_outcome("r1", "resolved", "admin", correction="rec-9")},
        {"entry_id": "o2", "subject": "r2", "recorded_by": "admin", "recorded_at": "2026-11-06T00:00:00+00:00",
         **error_reports.new_outcome("r2", "rejected", "admin", reason="Tên đúng theo QĐ thành lập")},
        {"entry_id": "o3", "subject": "r2", "recorded_by": "admin", "recorded_at": "2026-11-07T00:00:00+00:00",
         **error_reports.new_outcome("r2", "resolved", "admin", correction="late")},
    ]).drop(columns="kind")
    out = error_reports.table(reports, outcomes).set_index("report_id")
    assert list(out["status"]) == ["open", "rejected", "resolved"]  # newest first
    assert out.loc["r1", "correction"] == "rec-9" and out.loc["r2", "reason"] == "Tên đúng theo QĐ thành lập"
    assert out.loc["r2", "what"] == "<script>"  # kept as typed; the screen escapes it
    with pytest.raises(DashboardError):
        error_reports.new_outcome("r3", "resolved", "admin")
    with pytest.raises(DashboardError):
        error_reports.new_outcome("r3", "rejected", "admin", reason=" ")
