"""Numbers, years and tick-marks as departments write them.

A Vietnamese sheet writes "6,28" for 6.28 and "1.250" for one thousand two hundred and
fifty, an English one the reverse; a cell such as "1,250" means either. The file's own
unambiguous cells ("6,28", "1.250,5", "6.28") say which convention it uses; a cell that
only the convention could decide, and that the convention does not decide, is asked
about rather than guessed. Parsing itself is Babel's, for the Vietnamese or English locale.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from babel.numbers import NumberFormatError, parse_decimal

from geo.errors import Message
from geo.language import text

#: Plausible bounds per numeric field: a value outside is refused, not stored (1e308 ha is a typo).
BOUNDS = {"area_ha": (0.0, 100_000.0), "ww_capacity_m3d": (0.0, 1_000_000.0), "haz_waste_tonnes": (0.0, 10_000_000.0),
          "lon": (-180.0, 180.0), "lat": (-90.0, 90.0)}
UNITS = {"area_ha": "ha", "ww_capacity_m3d": "m³/ngày", "haz_waste_tonnes": "tấn"}
FIRST_YEAR = 1900
#: Excel stores dates as days since 30/12/1899; a year column holding one shows a number like 44196.
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: Cells that mean "yes" or "no" under a yes/no column (folded); an empty cell means "not stated".
YES = {"x", "v", "✓", "✔", "☑", "✅", "co", "da co", "yes", "y", "true", "1", "dat", "da dat"}
NO = {"khong", "khong co", "chua", "chua co", "no", "n", "false", "0", "✗", "✘"}
#: Cells that state nothing, like an empty one.
NOT_STATED = {"-", "—", "–", "?", "n/a", "khong ro", "chua ro"}

_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f\u2009]+(?=\d)")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,])\d{3}$")   # "1.250", "1,250": one separator, three digits after it
_NUMBERISH = re.compile(r"^[+-]?[\d.,]+$")


@dataclass(frozen=True)
class Reading:
    """What a cell was read as: a value, or why it could not be, with the fix."""

    value: float | None = None
    problem: Message | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _clean(cell) -> str:
    return _SPACES.sub("", text.nfc(cell).strip())


def evidence(cell) -> str | None:
    """'vi' or 'en' when a cell's shape shows the convention ("6,28", "1.250,5" / "6.28", "1,250.5"), else None."""
    s = _clean(cell).lstrip("+-")
    if not _NUMBERISH.match(s) or not any(ch.isdigit() for ch in s):
        return None
    if "," in s and "." in s:
        return "vi" if s.rfind(",") > s.rfind(".") else "en"
    for sep, style in ((",", "vi"), (".", "en")):
        if sep in s:
            parts = s.split(sep)
            if len(parts) == 2 and len(parts[1]) != 3:   # "6,28": a decimal separator
                return style
            if len(parts) > 2:                           # "1.250.000": a thousands separator
                return "en" if sep == "," else "vi"
    return None


def style_of(cells) -> str:
    """The file's convention from its unambiguous cells: 'vi' (the default of a Vietnamese sheet), 'en', or 'mixed'."""
    seen = {e for e in (evidence(c) for c in cells) if e}
    if len(seen) > 1:
        return "mixed"
    return seen.pop() if seen else "vi"


def read_number(cell, style: str = "vi", field: str = "", declared: bool = False) -> Reading:
    """A number as the file's convention writes it; nan, inf, out-of-bounds and ambiguous cells are refused with the fix.

    ``declared``: the file states its convention (this product's exports do), so "8.887" in an
    English-convention file is 8.887, not a question."""
    raw = text.nfc(cell).strip()
    if raw == "":
        return Reading(None)
    s = _clean(raw)
    folded = text.fold(s)
    if folded in ("nan", "inf", "-inf", "+inf", "infinity", "#n/a", "#value!", "#div/0!", "#ref!"):
        return Reading(None, Message(f"“{raw}” không phải là một số; để trống nếu chưa biết",
                                     f"“{raw}” is not a number; leave the cell empty if it is not known"))
    grouped = _GROUPED.match(s)
    if grouped and not declared:
        sep = grouped.group(1)
        thousands = {"vi": ".", "en": ","}.get(style)
        if sep != thousands:
            alt_small, alt_big = f"{float(s.replace(sep, '.')):g}", s.replace(sep, "")
            habit_vi = {"mixed": "vừa dùng dấu phẩy vừa dùng dấu chấm thập phân", "en": "dùng dấu chấm thập phân"}.get(style, "dùng dấu phẩy thập phân")
            habit_en = {"mixed": "uses both decimal commas and decimal points", "en": "uses decimal points"}.get(style, "uses decimal commas")
            small_vi = alt_small.replace(".", ",")
            return Reading(None, Message(
                f"“{raw}” có thể là {small_vi} hoặc {alt_big}: tệp này {habit_vi}; ghi rõ “{small_vi}” hoặc “{alt_big}”",
                f"“{raw}” could be {alt_small} or {alt_big}: this file {habit_en}; write “{small_vi}” (decimal comma) or “{alt_big}” to say which"))
    locale = "en" if style == "en" or (style == "mixed" and evidence(s) == "en") else "vi"
    try:
        value = float(parse_decimal(s, locale=locale))
    except (NumberFormatError, ValueError):
        try:
            value = float(s.replace(",", "."))  # "1e5" and other plain forms Python reads
        except ValueError:
            return Reading(None, Message(f"“{raw}” không phải là số", f"“{raw}” is not a number"))
    if not math.isfinite(value):
        return Reading(None, Message(f"“{raw}” không phải là một số hữu hạn", f"“{raw}” is not a finite number"))
    low, high = BOUNDS.get(field, (-1e12, 1e12))
    if not low <= value <= high:
        unit = UNITS.get(field, "")
        return Reading(None, Message(f"“{raw}” nằm ngoài khoảng hợp lý ({low:g}–{high:g} {unit}); kiểm tra lại số và đơn vị".replace(" )", ")"),
                                     f"“{raw}” is outside the plausible range ({low:g}-{high:g} {unit}); check the number and its unit".replace(" )", ")")))
    return Reading(value)


def plain(value: float) -> str:
    """A value read, as the preview shows it: no grouping, decimal comma ("1250", "6,28", never "1.250")."""
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def read_year(cell, today: dt.date | None = None) -> Reading:
    """A year such as 2017; an Excel date serial, a full date or a negative number is refused with the fix."""
    raw = text.nfc(cell).strip()
    if raw == "":
        return Reading(None)
    this_year = (today or dt.date.today()).year
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", raw):
        return Reading(None, Message(f"“{raw}” là một ngày đầy đủ; cột này chỉ ghi năm (ví dụ 2017)",
                                     f"“{raw}” is a full date; this column takes a year only (e.g. 2017)"))
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        return Reading(None, Message(f"“{raw}” không phải là năm; ghi bốn chữ số, ví dụ 2017", f"“{raw}” is not a year; write four digits, e.g. 2017"))
    if number != int(number) or number < 0:
        return Reading(None, Message(f"“{raw}” không phải là năm; ghi bốn chữ số, ví dụ 2017", f"“{raw}” is not a year; write four digits, e.g. 2017"))
    year = int(number)
    if year > 10_000:
        as_date = EXCEL_EPOCH + dt.timedelta(days=year)
        return Reading(None, Message(
            f"“{raw}” giống số ngày kiểu Excel ({as_date.strftime('%d/%m/%Y')}); định dạng ô là số và ghi năm, ví dụ {as_date.year}",
            f"“{raw}” looks like an Excel date serial ({as_date.isoformat()}); format the cell as a number and write the year, e.g. {as_date.year}"))
    if not FIRST_YEAR <= year <= this_year:
        return Reading(None, Message(f"năm {year} nằm ngoài khoảng {FIRST_YEAR}–{this_year}", f"year {year} is outside {FIRST_YEAR}-{this_year}"))
    return Reading(float(year))


def read_tick(cell) -> str | None:
    """'yes', 'no', or None (not stated) for a yes/no column; '' (not a tick-mark) when the cell is neither."""
    raw = text.nfc(cell).strip()
    if raw == "":
        return None
    folded = text.fold(raw).strip(" .")
    if folded in NOT_STATED:
        return None
    if folded in YES or raw in YES:
        return "yes"
    if folded in NO or raw in NO:
        return "no"
    return ""


_DMS = re.compile(r"""^\s*(?P<deg>\d{1,3}(?:[.,]\d+)?)\s*°\s*(?:(?P<min>\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?"""
                  r"""(?:(?P<sec>\d{1,2}(?:[.,]\d+)?)\s*(?:["″”]|'')\s*)?(?P<hemi>[NSEWnsew]|[BĐbđ])?\s*$""")


def read_degrees(cell) -> float | None:
    """Degrees-minutes-seconds as surveyors and GPS write them ("21°01'30\"N", "105° 50' E", "21°01'B"); None if not."""
    m = _DMS.match(text.nfc(cell))
    if not m:
        return None
    num = lambda g: float(m.group(g).replace(",", ".")) if m.group(g) else 0.0  # noqa: E731
    if num("min") >= 60 or num("sec") >= 60:
        return None  # 21°99': not a position; said as a problem by the caller
    value = num("deg") + num("min") / 60 + num("sec") / 3600
    return -value if (m.group("hemi") or "").upper() in ("S", "W") else value


#: Where Hanoi lies in a metric system (VN-2000 TM-3 105°, UTM 48N): eastings and northings, in metres.
HANOI_EASTINGS = (400_000.0, 700_000.0)
HANOI_NORTHINGS = (2_200_000.0, 2_400_000.0)


def surveyors_order(x: float, y: float) -> bool:
    """True when X is a northing and Y an easting (the surveyors' VN-2000 convention), not the other way."""
    return HANOI_NORTHINGS[0] <= x <= HANOI_NORTHINGS[1] and HANOI_EASTINGS[0] <= y <= HANOI_EASTINGS[1]
