"""Calendar dates and times as the product stores them (ISO 8601) and Hanoi's clock.

Records keep dates as ``YYYY-MM-DD`` text and times as UTC ISO text, so the same rows
work in a GeoPackage and in PostgreSQL; people see them in Hanoi time
(Asia/Ho_Chi_Minh). Every parse of a stored date goes through here.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_date(value) -> dt.date | None:
    """A date from a date, a datetime or ISO text (anything after the day is ignored); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def iso_date(value) -> str:
    """``YYYY-MM-DD`` of a date or date-like text; text that is no date is returned as it is."""
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else ("" if value is None else str(value))


def parse_datetime(value) -> dt.datetime | None:
    """An aware datetime from ISO text (a naive one is taken as UTC); None for nothing or nonsense."""
    if isinstance(value, dt.datetime):
        when = value
    elif not value:
        return None
    else:
        try:
            when = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stamp(when: dt.datetime | None = None) -> str:
    """A record's time: UTC, ISO, to the second."""
    return (when or now_utc()).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def today() -> dt.date:
    """Today in Hanoi (the day officials mean, whatever the server's clock zone)."""
    return dt.datetime.now(HANOI).date()
