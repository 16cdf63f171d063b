"""Finding the table in a grid of cells: the header row (one or two rows), the data rows,
and what to skip (district headings, sub-totals, notes under the table)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo.errors import ImportRefused
from geo.io import exports
from geo.io.importing.headers import synonyms, fold_cell, match_field
from geo.io.importing.problems import Problem
from geo.language import text

_DISTRICT_HEADING = re.compile(r"^(huyen|quan|thi xa)\s+\S")


@dataclass
class RawTable:
    """What was read from the file, before mapping."""

    frame: pd.DataFrame  # one column per header, strings, rows as in the file
    rows: list[int]  # the file's own row number of each frame row (1-based)
    headers: list[str]
    notes: list[str] = field(default_factory=list)  # what was skipped and why
    geometry: gpd.GeoSeries | None = None  # for GeoJSON / GeoPackage / Shapefile
    crs: str | None = None
    problems: list[Problem] = field(default_factory=list)  # per-row problems found while reading (formula cells)
    #: The number convention the file declares ("vi" 1.234,5 / "en" 1234.5), when it declares one (this product's exports do).
    number_style: str | None = None


def find_table(grid: list[list]) -> RawTable:
    """Find the header row (one or two rows), then the data rows, skipping headings, totals and notes."""
    rows = [[text.nfc(_cell(v)) for v in row] for row in grid]
    if not any(any(row) for row in rows):
        raise ImportRefused([Problem.of(0, "", "tệp không có dữ liệu", "the file has no data")])
    header_at = None
    for i, row in enumerate(rows[:40]):
        hits = {match_field(v) for v in dict.fromkeys(row) if v} - {None}
        if len(hits) >= 2:
            header_at = i
            break
    if header_at is None:
        raise ImportRefused([Problem.of(0, "", "không tìm thấy dòng tiêu đề (ví dụ “Tên cụm công nghiệp”, “Địa điểm”, “Diện tích (ha)”); "
                                            "tệp cần một dòng tiêu đề cột",
                                     "no header row found (such as “Tên cụm công nghiệp”, “Địa điểm”, “Diện tích (ha)”); the file needs a row of column headers")])
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    levels, start = _header_levels(rows, header_at)
    headers = [" / ".join(dict.fromkeys(level[c] for level in levels if level[c])) for c in range(width)]
    below = rows[start] if start < len(rows) else []
    if below and all(re.fullmatch(r"\(?\d+\)?", v) for v in below if v) and any(below):
        start += 1  # a row of column numbers (1) (2) (3)
    headers = _unique([h or f"cot_{i + 1}" for i, h in enumerate(headers)])
    notes, data, numbers = [], [], []
    district = ""
    for i in range(start, len(rows)):
        row = rows[i]
        filled = [v for v in row if v]
        if not filled:
            if data and all(not any(r) for r in rows[i:i + 2]):
                rest = [" ".join(v for v in r if v) for r in rows[i:] if any(r)]
                if rest:
                    notes.append("ghi chú dưới bảng (bỏ qua) / notes under the table (skipped): " + " | ".join(rest)[:300])
                break
            continue
        first = fold_cell(filled[0])
        if len(filled) == 2 and re.fullmatch(r"[ivx]+\.?|[a-e]\.?", first):
            filled, first = filled[1:], fold_cell(filled[1])  # "I | Huyện Thanh Trì"
        if len(filled) == 1 and (_DISTRICT_HEADING.match(first) or re.fullmatch(r"[ivx]+\.?\s.*", first)):
            district = filled[0] if _DISTRICT_HEADING.match(first) else re.sub(r"^[IVXivx]+\.?\s*", "", filled[0])
            notes.append(f"dòng {i + 1}: tiêu đề nhóm “{filled[0]}” / row {i + 1}: group heading")
            continue
        if _repeats_header(row, levels):
            notes.append(f"dòng {i + 1}: giống dòng tiêu đề, không phải dữ liệu (bỏ qua); nếu đó là tiêu đề phụ, kiểm tra cách ghép cột / "
                         f"row {i + 1}: looks like the header, not data (skipped); if it is a sub-header, check the column mapping")
            continue
        if any(_is_total(v) for v in filled[:2]) and not _numbered(row, headers):
            notes.append(f"dòng {i + 1}: dòng tổng/cộng (bỏ qua) / row {i + 1}: total row (skipped)")
            continue
        if fold_cell(filled[0]).startswith(("ghi chu", "note", "nguon:")) and len(filled) <= 2:
            notes.append("ghi chú dưới bảng (bỏ qua) / notes under the table (skipped): " + " ".join(filled)[:300])
            break
        record = dict(zip(headers, row))
        record["__group_district__"] = district
        data.append(record)
        numbers.append(i + 1)
    if not data:
        raise ImportRefused([Problem.of(0, "", "có dòng tiêu đề nhưng không có dòng dữ liệu nào", "there is a header row but no data rows")])
    frame = pd.DataFrame(data, columns=headers + ["__group_district__"])
    return RawTable(frame, numbers, headers, notes)


#: A merged cell wider than this many characters is a title over the table, not a group of columns.
_GROUP_MAX_CHARS = 60


def _merged_runs(row: list[str]) -> bool:
    """Whether a row has a cell merged over several columns (filled into each: equal neighbours)."""
    return any(a and a == b for a, b in zip(row, row[1:]))


def _header_levels(rows: list[list[str]], header_at: int) -> tuple[list[list[str]], int]:
    """The header's rows (up to three) and the first row after them.

    Below the row found, a row joins the header while the row above it has merged groups and it
    names fields without holding numbers ("Trạm XLNT" over "Tình trạng", "Công suất"; "Tọa độ"
    over "X", "Y"). Above it, a row of merged groups that is not a title across the whole table
    joins too ("Trạm XLNT tập trung" over a header whose "Tình trạng" then means the plant's).
    """
    levels = [rows[header_at]]
    start = header_at + 1
    while start < len(rows) and len(levels) < 3:
        below = rows[start]
        if _merged_runs(levels[-1]) and any(v and _exact_field(v) for v in below) and not any(_numeric(v) for v in below if v):
            levels.append(below)
            start += 1
        else:
            break
    if header_at > 0 and len(levels) < 3:
        above = rows[header_at - 1]
        used = [c for c, v in enumerate(rows[header_at]) if v]
        covered = [c for c in used if above[c]]
        if (_merged_runs(above) and covered and len(covered) < len(used) and not any(_numeric(v) for v in above if v)
                and all(len(above[c]) <= _GROUP_MAX_CHARS for c in covered)):
            levels.insert(0, above)
    return levels, start


def _repeats_header(row: list[str], levels: list[list[str]]) -> bool:
    """A row under the header that is more header: two or more cells repeat a header cell of their column
    (a vertically merged header, a header repeated on each printed page), no cell holds a number."""
    same = sum(1 for c, v in enumerate(row) if v and any(c < len(level) and level[c] == v for level in levels))
    return same >= 2 and not any(_numeric(v) for v in row if v)


def _exact_field(value: str) -> str | None:
    f = fold_cell(value)
    return next((name for name, words in synonyms().items() if f in words), None)


def _numeric(value: str) -> bool:
    return bool(re.fullmatch(r"[-+]?\d+([.,]\d+)?", value.strip()))


def typed_number(value: float) -> str:
    """A number cell of a typed file as text no reader can misread: 8.887 -> "8.8870" (never "8.887", which
    a Vietnamese sheet writes for 8887)."""
    if value.is_integer():
        return str(int(value))
    out = f"{value:.12g}"
    return out + "0" if re.fullmatch(r"-?\d{1,3}\.\d{3}", out) else out


def _cell(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return typed_number(value)
    out = str(value).strip()
    if out.startswith("'") and out[1:].startswith(exports.FORMULA_STARTS):
        return out[1:]  # text a spreadsheet export neutralised: the apostrophe is not part of it
    return out


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def _numbered(row, headers) -> bool:
    """The row has a number in the TT column (sub-totals never do)."""
    return any(match_field(h) == "tt" and re.fullmatch(r"\d+\.?", v or "") for h, v in zip(headers, row))


def _is_total(value) -> bool:
    f = fold_cell(value).rstrip(": ")
    return f in ("cong", "tong", "tong cong", "total", "subtotal", "sum") or f.startswith(("tong cong", "tong so", "cong ", "total "))
