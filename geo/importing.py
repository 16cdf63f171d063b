"""Importing the lists departments send: read, find the table, map headers, locate, plan.

Departments send spreadsheets with a title block, merged two-row headers, a "TT" column,
district heading rows, sub-totals and notes under the table, sometimes CSV in a legacy
encoding. This module turns any of them into candidate site rows and a plan that says,
row by row, what would be created, updated or left unchanged and what is wrong, before
anything is written (:mod:`geo.store` commits a plan in one transaction).

Every problem is said in words with the fix; a row that cannot be placed is listed,
never dropped.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo import history, i18n, model, placement, text, vocab
from geo.errors import DashboardError

MAX_BYTES = 20 * 1024 * 1024
FORMATS = {".csv": "CSV", ".xlsx": "XLSX", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)"}
#: Coordinate systems an official list may use; VN-2000 TM-3 105° (k 0.9999) is Hanoi's local one.
CRS_CHOICES = {
    "EPSG:4326": ("WGS84, độ thập phân", "WGS84, decimal degrees"),
    "EPSG:5897": ("VN-2000 / TM-3 kinh tuyến 105° (Hà Nội)", "VN-2000 / TM-3 105° (Hanoi)"),
    "EPSG:3405": ("VN-2000 / UTM múi 48N", "VN-2000 / UTM zone 48N"),
    "EPSG:32648": ("WGS84 / UTM múi 48N", "WGS 84 / UTM zone 48N"),
}
#: Status columns an import may carry; each value becomes a dated change record.
IMPORT_STATUS = ["operating_status", "ww_status", "ww_capacity_m3d", "haz_waste", "water_class", "air_class", "soil_class",
                 "ep_plan", "ep_org", "ep_infra"]
EXTRA_FIELDS = ["address", "lon", "lat", "tt"]
#: Every field a column can be mapped to.
IMPORT_FIELDS = [*model.SITE_COLUMNS, *IMPORT_STATUS, *EXTRA_FIELDS]
#: Header words departments use, per field (matched without diacritics).
HEADER_SYNONYMS: dict[str, list[str]] = {
    "tt": ["tt", "stt", "số tt", "số thứ tự"],
    "site_id": ["mã", "mã cơ sở", "mã số", "site id", "id"],
    "name": ["tên", "tên cụm công nghiệp", "tên ccn", "tên làng nghề", "tên cơ sở", "tên khu công nghiệp", "tên kcn", "name"],
    "kind": ["loại hình", "loại", "kind"],
    "old_district_name": ["quận/huyện", "huyện", "quận huyện", "quận, huyện, thị xã", "huyện/thị xã", "old district"],
    "old_commune_name": ["xã", "xã/phường", "xã, phường, thị trấn", "xã cũ", "old commune"],
    "new_unit_name": ["xã/phường mới", "đơn vị hành chính mới", "xã, phường mới", "new unit"],
    "address": ["địa điểm", "địa chỉ", "vị trí", "address", "location"],
    "area_ha": ["diện tích (ha)", "diện tích", "quy mô (ha)", "area (ha)", "area"],
    "craft": ["nghề", "nghề chính", "ngành nghề", "craft"],
    "operating_status": ["tình trạng", "tình trạng hoạt động", "hiện trạng", "operating status"],
    "ww_status": ["trạm xlnt", "trạm xử lý nước thải", "xlnt tập trung", "hệ thống xlnt", "wastewater plant"],
    "ww_capacity_m3d": ["công suất (m3/ngđ)", "công suất xlnt", "công suất", "capacity (m3/d)"],
    "lon": ["kinh độ", "lon", "longitude", "x", "tọa độ x"],
    "lat": ["vĩ độ", "lat", "latitude", "y", "tọa độ y"],
    "source": ["nguồn", "source"],
    "notes": ["ghi chú", "notes", "note"],
}
#: Department phrases for status values, folded -> code (beyond the vocabulary's own labels).
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "ww_status": {"chua co": "none", "khong": "none", "khong co": "none", "co, dang van hanh": "operating",
                  "dang van hanh": "operating", "da van hanh": "operating", "co": "operating",
                  "da xay, chua van hanh": "built_not_operating", "da xay dung chua van hanh": "built_not_operating",
                  "dang xay dung": "under_construction", "dang dau tu": "under_construction", "co ke hoach": "planned"},
    "operating_status": {"dang hoat dong": "operating", "hoat dong": "operating", "da di vao hoat dong": "operating",
                         "dang dau tu xay dung": "under_construction", "dang xay dung": "under_construction",
                         "quy hoach": "planned", "chua dau tu": "planned", "chua trien khai": "planned", "dong cua": "closed"},
    "kind": {"ccn": "ccn", "cum cong nghiep": "ccn", "kcn": "kcn", "khu cong nghiep": "kcn", "lang nghe": "lang_nghe",
             "ccn lang nghe": "ccn_lang_nghe", "cum cong nghiep lang nghe": "ccn_lang_nghe"},
}
_DISTRICT_HEADING = re.compile(r"^(huyen|quan|thi xa)\s+\S")
_VN_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _vietnamese_letter(ch: str) -> bool:
    """A letter of the Vietnamese alphabet (TCVN3 read as Windows-1258 gives other symbols)."""
    if ch in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", ch)
    return parts[0].isascii() and parts[0].isalpha() and all(m in _VN_MARKS for m in parts[1:]) and len(parts) > 1


@dataclass
class Problem:
    """One thing wrong with the input: where, and what to do about it."""

    row: int  # 0 = the file as a whole
    column: str
    message_vi: str
    message_en: str

    def text(self, lang: str = "vi") -> str:
        where = "" if self.row == 0 else (f"Row {self.row}: " if lang == "en" else f"Dòng {self.row}: ")
        col = f"{self.column}: " if self.column else ""
        return where + col + (self.message_en if lang == "en" else self.message_vi)


class ImportRefused(DashboardError):
    """The file cannot be read at all; ``problems`` says why and how to fix it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(" / ".join(p.text("vi") for p in problems[:1]) + " | " + problems[0].text("en"))


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


# -- reading -------------------------------------------------------------------

def read_upload(name: str, data: bytes) -> RawTable:
    """Read a file as uploaded: checks its type, size and encoding first."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise ImportRefused([Problem(0, "", f"loại tệp '{suffix or name}' không được hỗ trợ; dùng CSV, XLSX, GeoJSON, GeoPackage hoặc Shapefile nén .zip",
                                     f"file type '{suffix or name}' is not supported; use CSV, XLSX, GeoJSON, GeoPackage or a zipped Shapefile")])
    if not data:
        raise ImportRefused([Problem(0, "", "tệp rỗng", "the file is empty")])
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(0, "", f"tệp quá lớn ({len(data) / 1e6:.1f} MB, tối đa {MAX_BYTES / 1e6:.0f} MB); chia nhỏ danh sách",
                                     f"the file is too large ({len(data) / 1e6:.1f} MB, at most {MAX_BYTES / 1e6:.0f} MB); split the list")])
    if suffix == ".csv":
        return read_csv(data)
    if suffix == ".xlsx":
        return read_xlsx(data)
    return read_geo(name, data)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else Windows-1258; TCVN3 is refused."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    letters = [ch for ch in guess if not ch.isascii() and ch != "\ufffd"]
    odd = sum(not _vietnamese_letter(ch) for ch in letters)
    if letters and odd / len(letters) > 0.3:
        raise ImportRefused([Problem(0, "", "tệp dùng bảng mã cũ TCVN3 (ABC); mở bằng Unikey Toolkit hoặc Excel, chuyển sang Unicode "
                                            "rồi lưu lại dạng “CSV UTF-8”",
                                     "the file uses the legacy TCVN3 (ABC) encoding; convert it to Unicode (Unikey Toolkit or Excel) "
                                     "and save as “CSV UTF-8”")])
    if "\ufffd" in guess:
        raise ImportRefused([Problem(0, "", "không nhận ra bảng mã của tệp; lưu lại dạng “CSV UTF-8”",
                                     "the file's encoding is not recognised; save it as “CSV UTF-8”")])
    return unicodedata.normalize("NFC", guess), "windows-1258"


def read_csv(data: bytes) -> RawTable:
    import csv

    content, encoding = decode_text(data)
    lines = content.splitlines()
    sample = "\n".join(line for line in lines[:60] if not line.startswith("#"))
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Leading "# key: value" lines are metadata (this app's own exports write them).
    meta = []
    while lines and lines[0].startswith("#"):
        meta.append(lines.pop(0))
    try:
        grid = [row for row in csv.reader(lines, dialect)]
    except csv.Error as exc:
        raise ImportRefused([Problem(0, "", f"không đọc được CSV ({exc}); kiểm tra dấu phân cách và dấu ngoặc kép",
                                     f"cannot parse the CSV ({exc}); check the separator and quotes")]) from exc
    table = _table_from_grid(grid)
    if meta:
        table.notes.insert(0, f"{len(meta)} dòng siêu dữ liệu đầu tệp / metadata lines: " + " | ".join(m.lstrip("# ") for m in meta)[:300])
    if encoding != "utf-8":
        table.notes.insert(0, f"bảng mã {encoding} đã được chuyển sang Unicode / converted from {encoding}")
    return table


def read_xlsx(data: bytes) -> RawTable:
    """The first sheet with a recognisable table: merged cells filled, formulas checked."""
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused([Problem(0, "", "tệp XLSX bị hỏng hoặc không phải XLSX; mở bằng Excel và lưu lại dạng .xlsx",
                                     "the XLSX file is broken or not an XLSX; open it in Excel and save it again as .xlsx")]) from exc
    last_error = None
    for sheet in values.worksheets:
        grid = [[cell.value for cell in row] for row in sheet.iter_rows()]
        for rng in sheet.merged_cells.ranges:  # a merged header's text applies to every column it spans
            top = sheet.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
        formula_sheet = formulas[sheet.title]
        problems = []
        for r, row in enumerate(formula_sheet.iter_rows(), start=1):
            for c, cell in enumerate(row, start=1):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    if grid[r - 1][c - 1] is None:
                        problems.append(Problem(r, cell.coordinate, "ô công thức chưa có giá trị đã tính; mở tệp bằng Excel, lưu lại, "
                                                                    "hoặc dán đặc biệt dạng giá trị", "a formula cell has no computed value; "
                                                                    "open and save the file in Excel, or paste it as values"))
        try:
            table = _table_from_grid(grid)
        except ImportRefused as exc:
            last_error = exc
            continue
        table.problems = [p for p in problems if p.row in set(table.rows)]
        table.notes.insert(0, f"trang tính '{sheet.title}' / sheet '{sheet.title}'")
        return table
    raise last_error or ImportRefused([Problem(0, "", "tệp không có trang tính nào", "the workbook has no sheet")])


def read_geo(name: str, data: bytes) -> RawTable:
    """GeoJSON, GeoPackage or a zipped Shapefile, through pyogrio."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload" + suffix)
        path.write_bytes(data)
        source = str(path)
        if suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as z:
                    shps = [n for n in z.namelist() if n.lower().endswith(".shp")]
            except zipfile.BadZipFile as exc:
                raise ImportRefused([Problem(0, "", "tệp .zip bị hỏng", "the .zip file is broken")]) from exc
            if not shps:
                raise ImportRefused([Problem(0, "", "tệp .zip không chứa Shapefile (.shp, .shx, .dbf, .prj)",
                                             "the .zip holds no Shapefile (.shp, .shx, .dbf, .prj)")])
            source = f"/vsizip/{path}/{shps[0]}"
        layer = None
        if suffix == ".gpkg":
            import pyogrio

            try:
                spatial = [name for name, gtype in pyogrio.list_layers(source) if gtype]
            except Exception as exc:
                raise ImportRefused([Problem(0, "", "tệp GeoPackage bị hỏng", "the GeoPackage file is broken")]) from exc
            layer = spatial[0] if spatial else None
        try:
            gdf = gpd.read_file(source, layer=layer) if layer else gpd.read_file(source)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise ImportRefused([Problem(0, "", f"không đọc được tệp dữ liệu không gian ({exc.__class__.__name__})",
                                         f"cannot read the spatial file ({exc.__class__.__name__}: {exc})")]) from exc
    if gdf.empty:
        raise ImportRefused([Problem(0, "", "tệp không có đối tượng nào", "the file has no features")])
    meta = gdf.attrs.get("metadata")
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).where(lambda f: f.notna(), "").astype(str)
    frame = frame.apply(lambda col: col.map(text.nfc))
    table = RawTable(frame.reset_index(drop=True), list(range(1, len(frame) + 1)), list(frame.columns),
                     geometry=gdf.geometry.reset_index(drop=True), crs=gdf.crs.to_string() if gdf.crs else None)
    if gdf.crs is None:
        table.notes.append("tệp không ghi hệ tọa độ: chọn hệ tọa độ bên dưới / the file has no CRS: choose one below")
    if meta:
        table.notes.append("có siêu dữ liệu / has metadata")
    return table


def _table_from_grid(grid: list[list]) -> RawTable:
    """Find the header row (one or two rows), then the data rows, skipping headings, totals and notes."""
    rows = [[text.nfc(v) if v is not None else "" for v in row] for row in grid]
    rows = [[_cell(v) for v in row] for row in rows]
    if not any(any(row) for row in rows):
        raise ImportRefused([Problem(0, "", "tệp không có dữ liệu", "the file has no data")])
    header_at = None
    for i, row in enumerate(rows[:40]):
        hits = {match_field(v) for v in dict.fromkeys(row) if v} - {None}
        if len(hits) >= 2:
            header_at = i
            break
    if header_at is None:
        raise ImportRefused([Problem(0, "", "không tìm thấy dòng tiêu đề (ví dụ “Tên cụm công nghiệp”, “Địa điểm”, “Diện tích (ha)”); "
                                            "tệp cần một dòng tiêu đề cột",
                                     "no header row found (such as “Tên cụm công nghiệp”, “Địa điểm”, “Diện tích (ha)”); the file needs a row of column headers")])
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    headers = rows[header_at]
    start = header_at + 1
    below = rows[start] if start < len(rows) else []
    # A second header row: merged groups above ("Trạm XLNT" over "Có/Không", "Công suất").
    merged_above = any(a and a == b for a, b in zip(headers, headers[1:]))
    if below and merged_above and any(v and _exact_field(v) for v in below) and not any(_numeric(v) for v in below if v):
        headers = [f"{a} / {b}" if b and a and b != a else (a or b) for a, b in zip(headers, below)]
        start += 1
    elif below and all(re.fullmatch(r"\(?\d+\)?", v) for v in below if v) and any(below):
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
        raise ImportRefused([Problem(0, "", "có dòng tiêu đề nhưng không có dòng dữ liệu nào", "there is a header row but no data rows")])
    frame = pd.DataFrame(data, columns=headers + ["__group_district__"])
    return RawTable(frame, numbers, headers, notes)


def _exact_field(value: str) -> str | None:
    f = fold_cell(value)
    return next((name for name, words in _synonyms().items() if f in words), None)


def _numeric(value: str) -> bool:
    return bool(re.fullmatch(r"[-+]?\d+([.,]\d+)?", value.strip()))


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value not in (None, "") else ""


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


def fold_cell(value) -> str:
    return text.fold(value).strip()


# -- mapping -----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    """Department words plus the labels this app's own exports use, so exports import back."""
    out = {k: [fold_cell(s) for s in v] for k, v in HEADER_SYNONYMS.items()}
    for column in [*model.SITE_COLUMNS, *IMPORT_STATUS]:
        for lang in ("vi", "en"):
            out.setdefault(column, []).append(fold_cell(i18n.field_label(column, lang)))
        out[column].append(column)
    return out


@functools.lru_cache(maxsize=4096)
def match_field(header: str) -> str | None:
    """The field a header means, or None: exact (folded) first, then the longest synonym it contains.

    A two-row header "Trạm XLNT / Công suất" means the sub-header's field, except that a
    generic sub-header ("Tình trạng") means the group's own field.
    """
    if " / " in header:
        top, bottom = header.split(" / ", 1)
        m_top, m_bottom = match_field(top), match_field(bottom)
        if m_bottom and (m_bottom != "operating_status" or not m_top):
            return m_bottom
        return m_top or m_bottom
    h = fold_cell(header)
    if not h:
        return None
    syn = _synonyms()
    for name, words in syn.items():
        if h in words:
            return name
    best, best_len = None, 0
    for name, words in syn.items():
        for w in words:
            if len(w) >= 4 and re.search(rf"(^|\W){re.escape(w)}(\W|$)", h) and len(w) > best_len:
                best, best_len = name, len(w)
    return best


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """header -> field for every header that matches, each field used once (first header wins)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for h in headers:
        f = match_field(h)
        if f and f not in used:
            mapping[h] = f
            used.add(f)
    return mapping


def signature(headers: list[str]) -> str:
    """Identifies a file layout, so a confirmed mapping is offered again next time."""
    return hashlib.sha1(json.dumps([fold_cell(h) for h in headers]).encode("utf-8")).hexdigest()[:16]


def infer_kind(headers: list[str]) -> str | None:
    """'Tên cụm công nghiệp' -> ccn, 'Tên làng nghề' -> lang_nghe, 'Tên khu công nghiệp' -> kcn."""
    for h in headers:
        f = fold_cell(h)
        if "cum cong nghiep lang nghe" in f:
            return "ccn_lang_nghe"
        if "cum cong nghiep" in f or re.search(r"\bccn\b", f):
            return "ccn"
        if "khu cong nghiep" in f or re.search(r"\bkcn\b", f):
            return "kcn"
        if "lang nghe" in f:
            return "lang_nghe"
    return None


def code_of(field_name: str, value: str) -> str | None:
    """The vocabulary code a cell means (code, label in either language, or a department phrase)."""
    if value is None or str(value).strip() == "":
        return None
    voc = vocab.FIELD_VOCAB.get(field_name)
    raw = str(value).strip()
    if voc is None:
        return raw
    if raw in voc.codes():
        return raw
    f = fold_cell(raw)
    for code in voc.codes():
        if f in (fold_cell(voc.label_of(code, "vi")), fold_cell(voc.label_of(code, "en"))):
            return code
    return VALUE_SYNONYMS.get(field_name, {}).get(f.rstrip(". "))


# -- candidates ----------------------------------------------------------------------

@dataclass
class Options:
    mapping: dict[str, str]  # header -> field
    kind: str | None = None  # for files without a kind column
    crs: str = "EPSG:4326"  # for x/y columns or geo files without a CRS
    status_date: str = ""  # effective date of the status values in the file (ISO)
    source: str = ""  # what the file is, e.g. "Sở Công Thương, danh sách CCN 10/2026"


def candidates(raw: RawTable, opts: Options, b=None) -> tuple[gpd.GeoDataFrame, list[Problem], dict[int, dict]]:
    """Mapped, typed and located rows; problems per row; and status values per row."""
    problems = list(raw.problems)
    fields = {f: h for h, f in opts.mapping.items() if f}
    out = []
    statuses: dict[int, dict] = {}
    for pos, (_, row) in enumerate(raw.frame.iterrows()):
        n = raw.rows[pos]
        get = lambda f: text.nfc(row.get(fields[f], "")) if f in fields else ""  # noqa: E731
        rec = {c: "" for c in model.SITE_COLUMNS}
        for c in model.SITE_COLUMNS:
            if c in fields:
                rec[c] = get(c)
        for c in ("kind", "recognised", "craft_title", "sector", "trade_group", "location_precision"):
            if rec.get(c):
                code = code_of(c, rec[c])
                if code is None:
                    allowed = ", ".join(vocab.FIELD_VOCAB[c].codes())
                    problems.append(Problem(n, fields.get(c, c), f"giá trị “{rec[c]}” không hiểu được; dùng một trong: {allowed}",
                                            f"cannot understand “{rec[c]}”; use one of: {allowed}"))
                rec[c] = code or rec[c]
        rec["kind"] = rec["kind"] or opts.kind or ""
        if not rec["kind"]:
            problems.append(Problem(n, "kind", "không rõ loại hình; thêm cột loại hình hoặc chọn loại hình cho cả tệp",
                                    "the kind is unknown; add a kind column or choose a kind for the whole file"))
        for c in ("area_ha", "recognition_year"):
            rec[c] = _number_or_problem(rec[c], n, fields.get(c, c), problems)
        if not rec["old_district_name"] and row.get("__group_district__"):
            rec["old_district_name"] = row["__group_district__"]
        address = get("address")
        if address:
            commune, district = split_address(address)
            rec["old_commune_name"] = rec["old_commune_name"] or commune
            rec["old_district_name"] = rec["old_district_name"] or district
        point = _point(raw, pos, get("lon"), get("lat"), opts.crs, n, problems)
        rec.update(_place(b, rec, point, n, problems))
        if not rec["site_id"]:
            place = text.bare_admin_name(rec["old_commune_name"] or rec["old_district_name"])
            rec["site_id"] = text.slug(f"{rec['name']} {place}")[:80]
        vals = {}
        for f in IMPORT_STATUS:
            if f in fields and get(f):
                kind = model.STATUS_FIELDS[f]
                value = code_of(f, get(f)) if kind == "code" else get(f).replace(",", ".")
                if value is None:
                    allowed = ", ".join(vocab.FIELD_VOCAB[f].codes())
                    problems.append(Problem(n, fields[f], f"giá trị “{get(f)}” không hiểu được; dùng một trong: {allowed}",
                                            f"cannot understand “{get(f)}”; use one of: {allowed}"))
                else:
                    vals[f] = value
        statuses[pos] = vals
        rec["_row"] = n
        out.append(rec)
    frame = pd.DataFrame(out)
    geoms = [Point(r["lon"], r["lat"]) if r.get("lon") is not None and r.get("lat") is not None else None for r in out]
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"], errors="ignore"), geometry=geoms, crs=model.CRS)
    return gdf, problems, statuses


def split_address(address: str) -> tuple[str, str]:
    """'Xã Tân Triều, huyện Thanh Trì, Hà Nội' -> ('Xã Tân Triều', 'huyện Thanh Trì')."""
    commune = district = ""
    for part in [p.strip() for p in re.split(r"[,;–-]", address) if p.strip()]:
        f = fold_cell(part)
        if f.startswith(("xa ", "phuong ", "thi tran ", "tt ")) and not commune:
            commune = part
        elif f.startswith(("huyen ", "quan ", "thi xa ")) and not district:
            district = part
    return commune, district


def _number_or_problem(value, n, column, problems):
    if value in ("", None):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        problems.append(Problem(n, column, f"“{value}” không phải là số", f"“{value}” is not a number"))
        return None


def _point(raw: RawTable, pos: int, lon: str, lat: str, crs: str, n: int, problems) -> Point | None:
    if raw.geometry is not None:
        geom = raw.geometry.iloc[pos]
        if geom is None or geom.is_empty:
            return None
        geom = geom if geom.geom_type == "Point" else geom.representative_point()
        source_crs = raw.crs or crs
        if source_crs and source_crs not in ("EPSG:4326", "OGC:CRS84"):
            geom = gpd.GeoSeries([geom], crs=source_crs).to_crs(model.CRS).iloc[0]
        return geom
    if not lon and not lat:
        return None
    try:
        x, y = float(lon.replace(",", ".")), float(lat.replace(",", "."))
    except ValueError:
        problems.append(Problem(n, "lon/lat", f"tọa độ “{lon}, {lat}” không phải là số", f"coordinates “{lon}, {lat}” are not numbers"))
        return None
    if abs(x) > 1000 and crs == "EPSG:4326":
        problems.append(Problem(n, "lon/lat", "tọa độ có vẻ là mét (VN-2000 hoặc UTM); chọn đúng hệ tọa độ của tệp",
                                "the coordinates look like metres (VN-2000 or UTM); choose the file's coordinate system"))
        return None
    if crs != "EPSG:4326":
        return gpd.GeoSeries([Point(x, y)], crs=crs).to_crs(model.CRS).iloc[0]
    return Point(x, y)


def _place(b, rec: dict, point: Point | None, n: int, problems) -> dict:
    """Old and new units and a point: from the coordinates, else from the names, else listed as unplaced."""
    if b is None:
        if point is None:
            problems.append(Problem(n, "geometry", "không định vị được: không có tọa độ và chưa cài tệp ranh giới",
                                    "cannot place the row: no coordinates and no boundary files installed"))
            return {"lon": None, "lat": None, "location_precision": "unplaced"}
        return {"lon": point.x, "lat": point.y, "location_precision": "surveyed"}
    p = placement.place_site(b, rec["site_id"] or rec["name"], rec["old_district_name"], rec["old_commune_name"],
                             rec["new_unit_name"], point.x if point is not None else None, point.y if point is not None else None)
    if p.lon is None:
        problems.append(Problem(n, "geometry", "không định vị được từ địa chỉ; thêm tọa độ hoặc tên xã/huyện cũ đúng",
                                "cannot place the row from its address; add coordinates or a correct old commune/district"))
    return {"old_district_code": p.old_district_code, "old_district_name": p.old_district_name or rec["old_district_name"],
            "old_commune_code": p.old_commune_code, "old_commune_name": p.old_commune_name or rec["old_commune_name"],
            "new_unit_code": p.new_unit_code, "new_unit_name": p.new_unit_name or rec["new_unit_name"],
            "location_precision": p.location_precision, "placement_note": p.placement_note, "lon": p.lon, "lat": p.lat}


# -- plan ----------------------------------------------------------------------------

@dataclass
class Plan:
    """What an import would do, row by row, before anything is written."""

    rows: pd.DataFrame  # _row, site_id, name, action ("create", "update", "unchanged", "error"), changes (text)
    sites: gpd.GeoDataFrame  # the site rows to create or update (identity columns + geometry)
    changes: pd.DataFrame  # status change records to add
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return self.rows["action"].value_counts().to_dict()


COMPARED = [c for c in model.SITE_COLUMNS if c not in ("last_updated", "placement_note", "site_id")]
PLACEMENT_COLUMNS = ["old_district_code", "old_district_name", "old_commune_code", "old_commune_name", "new_unit_code",
                     "new_unit_name", "location_precision", "placement_note"]


def plan(existing: gpd.GeoDataFrame, state: pd.DataFrame, cand: gpd.GeoDataFrame, problems: list[Problem],
         statuses: dict[int, dict], opts: Options, recorded_by: str, outline=None) -> Plan:
    """Match each candidate to an existing site (by id, else by name and commune) and say what changes."""
    problems = list(problems)
    by_id = existing.set_index("site_id")
    by_commune = _unique_keys(((fold_cell(r.name), text.bare_admin_name(r.old_commune_name)), r.site_id)
                              for r in existing.itertuples() if r.old_commune_name)
    by_district = _unique_keys(((fold_cell(r.name), text.bare_admin_name(r.old_district_name)), r.site_id)
                               for r in existing.itertuples() if r.old_district_name)

    def find(rec):
        if rec["site_id"] in by_id.index:
            return rec["site_id"]
        name = fold_cell(rec["name"])
        hit = by_commune.get((name, text.bare_admin_name(rec["old_commune_name"]))) if rec["old_commune_name"] else None
        hit = hit or (by_district.get((name, text.bare_admin_name(rec["old_district_name"]))) if rec["old_district_name"] else None)
        return hit or rec["site_id"]

    cur = state.set_index("site_id") if len(state) else None
    seen: dict[str, int] = {}
    rows, keep, records = [], [], []
    for pos, rec in cand.reset_index(drop=True).iterrows():
        n = int(rec["_row"])
        sid = find(rec)
        if sid in seen:
            problems.append(Problem(n, "site_id", f"trùng với dòng {seen[sid]} (cùng mã hoặc cùng tên và xã); bỏ một dòng",
                                    f"duplicates row {seen[sid]} (same id, or same name and commune); remove one"))
        seen[sid] = n
        rec = rec.copy()
        rec["site_id"] = sid
        diffs = []
        if sid in by_id.index:
            old = by_id.loc[sid]
            changed = []  # (column, what changed)
            for c in COMPARED:
                new_v, old_v = rec.get(c), old.get(c)
                if model.is_blank(new_v):
                    rec[c] = old_v  # a column the file does not have keeps its value
                elif not _same(new_v, old_v):
                    changed.append((c, f"{i18n.field_label(c, 'vi')}: {old_v} → {new_v}"))
            same_unit = (rec["location_precision"] != "surveyed" and rec["new_unit_code"] == old["new_unit_code"]
                         and rec["old_district_code"] == old["old_district_code"])
            moved = not (rec.geometry is None or rec.geometry.is_empty or same_unit) and (
                old.geometry is None or rec.geometry.distance(old.geometry) > 1e-5)
            # Placement only changes with the position; otherwise the file cannot know better.
            diffs = [text_ for c, text_ in changed if moved or c not in PLACEMENT_COLUMNS]
            if moved:
                diffs.append("vị trí / location")
            else:
                rec["geometry"] = old.geometry
                for c in PLACEMENT_COLUMNS:
                    rec[c] = old.get(c)
            action = "update" if diffs else "unchanged"
        else:
            action = "create"
            rec["source"] = rec["source"] or opts.source
        for f, value in statuses.get(pos, {}).items():
            old_value = cur.loc[sid, f] if cur is not None and sid in cur.index else None
            if not _same(value, old_value):
                diffs.append(f"{i18n.field_label(f, 'vi')}: {vocab.label(f, old_value, 'vi') if old_value else '—'} → {vocab.label(f, value, 'vi')}")
                records.append(history.new_change(sid, f, value, opts.status_date, opts.source or "import", recorded_by,
                                                  note=f"nhập từ tệp / imported, dòng {n}"))
                action = "update" if action == "unchanged" else action
        rows.append({"_row": n, "site_id": sid, "name": rec["name"], "action": action, "changes": "; ".join(diffs)})
        if action in ("create", "update"):
            keep.append(rec)
    sites = gpd.GeoDataFrame(pd.DataFrame(keep), geometry="geometry", crs=model.CRS) if keep else gpd.GeoDataFrame(
        columns=[*model.SITE_COLUMNS, "geometry"], geometry="geometry", crs=model.CRS)
    if len(sites):
        sites = sites[[*model.SITE_COLUMNS, "geometry"]].copy()
        sites["last_updated"] = opts.status_date or sites["last_updated"]
        for err in model.validate_sites(sites, outline):
            n = int(keep[err.row - 1]["_row"]) if 0 < err.row <= len(keep) else 0
            if err.field == "site_id" and "duplicate" in err.message_en:
                continue  # said above, with the row it duplicates
            problems.append(Problem(n, err.field, err.message_vi, err.message_en))
    changes = history.to_frame(records)
    for err in history.validate_changes(changes):
        problems.append(Problem(0, err.field, err.message_vi, err.message_en))
    frame = pd.DataFrame(rows, columns=["_row", "site_id", "name", "action", "changes"])
    bad_rows = {p.row for p in problems if p.row}
    frame.loc[frame["_row"].isin(bad_rows), "action"] = "error"
    return Plan(frame, sites, changes, sorted(problems, key=lambda p: p.row))


def _unique_keys(pairs) -> dict:
    """key -> site id, leaving out keys that two sites share (ambiguous: matched by id only)."""
    out: dict = {}
    clash = set()
    for k, sid in pairs:
        if k in out and out[k] != sid:
            clash.add(k)
        out[k] = sid
    return {k: v for k, v in out.items() if k not in clash}


def _same(a, b) -> bool:
    if model.is_blank(a) and model.is_blank(b):
        return True
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return text.nfc(a) == text.nfc(b)


def main(argv=None) -> int:
    """``python -m geo.importing FILE --user ADMIN [--commit]``: the same checks as the Data page.

    Prints the plan (and every problem with its row); writes only with ``--commit``, as the
    named admin, in one transaction.
    """
    import argparse
    import datetime as dt
    import os
    import sys

    from geo import auth, boundaries as boundaries_mod, recording, settings, store as store_mod
    from geo.errors import BoundariesUnavailable

    parser = argparse.ArgumentParser(prog="python -m geo.importing", description="Import a list of sites (preview unless --commit)")
    parser.add_argument("file")
    parser.add_argument("--user", required=True, help="an admin of the store: the import is recorded under this name")
    parser.add_argument("--source", default="", help="what the file is (document number, department, date)")
    parser.add_argument("--kind", choices=vocab.Kind.codes(), help="kind of every row, when the file has no kind column")
    parser.add_argument("--crs", default="EPSG:4326", choices=list(CRS_CHOICES), help="coordinate system of x/y columns")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="date the status values hold (YYYY-MM-DD)")
    parser.add_argument("--commit", action="store_true", help="write the import (default: only show what it would do)")
    args = parser.parse_args(argv)
    cfg = settings.from_environ(os.environ)
    s = store_mod.open_store(cfg.store_path, cfg.database_url)
    row = s.get_user(args.user)
    if not row:
        print(f"Không có người dùng / no user '{args.user}'", file=sys.stderr)
        return 2
    user = auth.User(row["username"], row["display_name"], row["role"])
    try:
        b = boundaries_mod.load_boundaries(cfg.boundaries_dir) if cfg.boundaries_configured else None
    except BoundariesUnavailable:
        b = None
    path = Path(args.file)
    try:
        raw = read_upload(path.name, path.read_bytes())
    except ImportRefused as exc:
        for p in exc.problems:
            print(p.text("vi"), "|", p.text("en"), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Không đọc được tệp / cannot read {path}: {exc}", file=sys.stderr)
        return 2
    mapping = s.get_mapping(signature(raw.headers)) or auto_mapping(raw.headers)
    opts = Options(mapping, args.kind or infer_kind(raw.headers), args.crs, args.date, args.source or path.name)
    cand, problems, statuses = candidates(raw, opts, b)
    result = plan(s.read_site_table(), s.read_sites(dt.date.fromisoformat(args.date)), cand, problems, statuses, opts,
                  user.username, b.city.geometry.iloc[0] if b is not None else None)
    for note in raw.notes:
        print("·", note)
    print("Ghép cột / mapping:", json.dumps(mapping, ensure_ascii=False))
    print(result.rows.to_string(index=False))
    print("Tổng / totals:", json.dumps(result.counts(), ensure_ascii=False))
    for p in result.problems:
        print("LỖI / PROBLEM:", p.text("vi"), "|", p.text("en"), file=sys.stderr)
    if not result.ok:
        return 1
    if args.commit:
        import_id = recording.commit_import(s, user, result, path.name, opts.source)
        print(f"Đã nhập / imported: {import_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
