import datetime as dt

from geo.language import dates


def test_dates_are_read_from_dates_datetimes_and_iso_text():
    assert dates.parse_date("2025-12-31") == dt.date(2025, 12, 31)
    assert dates.parse_date("2025-12-31T10:00:00+00:00") == dt.date(2025, 12, 31)
    assert dates.parse_date(dt.datetime(2025, 1, 2, 3, 4)) == dt.date(2025, 1, 2)
    for bad in ("31/12/2025", "", None, float("nan"), "2025-02-30"):
        assert dates.parse_date(bad) is None, bad


def test_iso_date_keeps_text_that_is_no_date():
    assert dates.iso_date(dt.date(2025, 1, 2)) == "2025-01-02"
    assert dates.iso_date("31/12/2025") == "31/12/2025" and dates.iso_date(None) == ""


def test_times_are_aware_and_stamped_in_utc():
    when = dates.parse_datetime("2026-01-01T00:00:00")
    assert when.tzinfo is not None and when.utcoffset() == dt.timedelta(0)
    hanoi = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dates.HANOI)
    assert dates.stamp(hanoi) == "2026-01-01T00:00:00+00:00"
    assert dates.parse_datetime("nonsense") is None and dates.parse_datetime("") is None


def test_today_is_hanoi_s_day():
    assert dates.today() == dt.datetime.now(dates.HANOI).date()
