"""Reading a file as uploaded: its type, size and text encoding, then the grid of cells.

CSV in UTF-8 or Windows-1258 (converted; TCVN3 refused with how to convert it), XLSX
with merged cells filled and formulas checked, and GeoJSON, GeoPackage or a zipped
Shapefile through pyogrio."""

from __future__ import annotations

import io
import logging
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import ImportRefused
from geo.io.importing.problems import Problem
from geo.io import exports
from geo.io.importing.tables import RawTable, find_table, typed_number
from geo.language import i18n, text

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a file may hold, checked from its headers before it is read (settings: HANOI_IMPORT_MAX_*)."""

    max_features: int = 50_000
    max_unpacked_bytes: int = 200 * 2**20

    @classmethod
    def of(cls, cfg) -> Limits:
        return cls(cfg.import_max_features, cfg.import_max_unpacked_mb * 2**20)


def _too_many(count: int, limits: Limits) -> ImportRefused:
    return ImportRefused([Problem.of(
        0, "", f"tệp có {i18n.format_number(count, 'vi')} dòng/đối tượng, vượt giới hạn {i18n.format_number(limits.max_features, 'vi')}; "
               "chia nhỏ danh sách (quản trị có thể đổi giới hạn: HANOI_IMPORT_MAX_FEATURES)",
        f"the file holds {i18n.format_number(count, 'en')} rows/features, over the limit of {i18n.format_number(limits.max_features, 'en')}; "
        "split the list (an administrator can change the limit: HANOI_IMPORT_MAX_FEATURES)")])
FORMATS = {".csv": "CSV", ".xlsx": "XLSX", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)"}
#: Coordinate systems an official list may use; VN-2000 TM-3 105° (k 0.9999) is Hanoi's local one.
_VN_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _vietnamese_letter(ch: str) -> bool:
    """A letter of the Vietnamese alphabet (TCVN3 read as Windows-1258 gives other symbols)."""
    if ch in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", ch)
    return parts[0].isascii() and parts[0].isalpha() and all(m in _VN_MARKS for m in parts[1:]) and len(parts) > 1


def read_upload(name: str, data: bytes, limits: Limits = Limits()) -> RawTable:
    """Read a file as uploaded: checks its type, size, encoding and, from its headers, how much it holds first."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise ImportRefused([Problem.of(0, "", f"loại tệp '{suffix or name}' không được hỗ trợ; dùng CSV, XLSX, GeoJSON, GeoPackage hoặc Shapefile nén .zip",
                                     f"file type '{suffix or name}' is not supported; use CSV, XLSX, GeoJSON, GeoPackage or a zipped Shapefile")])
    if not data:
        raise ImportRefused([Problem.of(0, "", "tệp rỗng", "the file is empty")])
    if len(data) > MAX_BYTES:
        size, limit = len(data) / 2**20, MAX_BYTES / 2**20
        raise ImportRefused([Problem.of(0, "", f"tệp quá lớn ({i18n.format_number(size, 'vi', 1)} MB, tối đa {i18n.format_number(limit, 'vi')} MB); "
                                               "chia nhỏ danh sách",
                                     f"the file is too large ({i18n.format_number(size, 'en', 1)} MB, at most {i18n.format_number(limit, 'en')} MB); "
                                     "split the list")])
    if suffix == ".csv":
        table = read_csv(data)
    elif suffix == ".xlsx":
        table = read_xlsx(data, limits)
    else:
        return read_geo(name, data, limits)
    if len(table.frame) > limits.max_features:
        raise _too_many(len(table.frame), limits)
    return table


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
        raise ImportRefused([Problem.of(0, "", "tệp dùng bảng mã cũ TCVN3 (ABC); mở bằng Unikey Toolkit hoặc Excel, chuyển sang Unicode "
                                            "rồi lưu lại dạng “CSV UTF-8”",
                                     "the file uses the legacy TCVN3 (ABC) encoding; convert it to Unicode (Unikey Toolkit or Excel) "
                                     "and save as “CSV UTF-8”")])
    if "\ufffd" in guess:
        raise ImportRefused([Problem.of(0, "", "không nhận ra bảng mã của tệp; lưu lại dạng “CSV UTF-8”",
                                     "the file's encoding is not recognised; save it as “CSV UTF-8”")])
    return unicodedata.normalize("NFC", guess), "windows-1258"


def read_csv(data: bytes) -> RawTable:
    import csv

    content, encoding = decode_text(data)
    # Split on line ends only ("\n", "\r\n"): str.splitlines() also splits on U+2028 and friends, and feeding
    # lines to the reader would lose the line breaks inside a quoted cell.
    lines = content.split("\n")
    # Leading "# key: value" lines are metadata (this app's own exports write them).
    meta = []
    while lines and lines[0].startswith("#"):
        meta.append(lines.pop(0).rstrip("\r"))
    delimiter = sniff_delimiter("\n".join(line for line in lines[:60] if not line.startswith("#")))
    try:
        grid = [row for row in csv.reader(io.StringIO("\n".join(lines), newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportRefused([Problem.of(0, "", f"không đọc được CSV ({exc}); kiểm tra dấu phân cách và dấu ngoặc kép",
                                     f"cannot parse the CSV ({exc}); check the separator and quotes")]) from exc
    table = find_table(grid)
    declared = " ".join(meta)
    if exports.NUMBER_FORMAT_EN in declared:
        table.number_style = "en"
    if meta:
        table.notes.insert(0, f"{len(meta)} dòng siêu dữ liệu đầu tệp / metadata lines: " + " | ".join(m.lstrip("# ") for m in meta)[:300])
    if encoding != "utf-8":
        table.notes.insert(0, f"bảng mã {encoding} đã được chuyển sang Unicode / converted from {encoding}")
    return table


def sniff_delimiter(sample: str) -> str:
    """The separator (',', ';' or tab) and nothing else from the sniffer: its guesses at quoting are unreliable (a
    name holding '"' and ',' made it drop the doubled quotes of Excel's standard CSV), and every CSV the product
    meets quotes as Excel does."""
    import csv

    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def read_xlsx(data: bytes, limits: Limits = Limits()) -> RawTable:
    """The first sheet with a recognisable table: merged cells filled, formulas checked."""
    import openpyxl

    check_archive(data, limits, "XLSX")
    try:
        outline = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in outline.worksheets:  # the size each sheet declares, before any cell is read
            rows = sheet.max_row or 0
            if rows > limits.max_features + 50:
                raise _too_many(rows, limits)
        outline.close()
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # The formulas are read only where a sheet has any (a second full read costs seconds at 10,000 rows).
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False) if _has_formulas(data) else None
    except ImportRefused:
        raise
    except Exception as exc:  # a valid zip with truncated XML raises the XML parser's own errors
        log.info("broken XLSX upload: %s", exc.__class__.__name__)
        raise ImportRefused([Problem.of(0, "", "tệp XLSX bị hỏng hoặc không phải XLSX; mở bằng Excel và lưu lại dạng .xlsx",
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
        problems = []
        for r, row in enumerate(formulas[sheet.title].iter_rows() if formulas is not None else [], start=1):
            for c, cell in enumerate(row, start=1):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    if grid[r - 1][c - 1] is None:
                        problems.append(Problem.of(r, cell.coordinate, "ô công thức chưa có giá trị đã tính; mở tệp bằng Excel, lưu lại, "
                                                                    "hoặc dán đặc biệt dạng giá trị", "a formula cell has no computed value; "
                                                                    "open and save the file in Excel, or paste it as values"))
        try:
            table = find_table(grid)
        except ImportRefused as exc:
            last_error = exc
            continue
        table.problems = [p for p in problems if p.row in set(table.rows)]
        table.notes.insert(0, f"trang tính '{sheet.title}' / sheet '{sheet.title}'")
        return table
    raise last_error or ImportRefused([Problem.of(0, "", "tệp không có trang tính nào", "the workbook has no sheet")])


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of an XLSX holds a formula cell (an <f> element), read from the zip without parsing."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with z.open(name) as f:
                    tail = b""
                    while chunk := f.read(1 << 20):
                        chunk, tail = tail + chunk, chunk[-4:]  # a tag split between two reads is still seen
                        if b"<f>" in chunk or b"<f " in chunk or b"<f/>" in chunk:
                            return True
    return False


def check_archive(data: bytes, limits: Limits, what: str) -> None:
    """A zip (XLSX, zipped Shapefile) that would unpack to more than the limit is refused from its directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportRefused([Problem.of(0, "", f"tệp {what} bị hỏng hoặc không phải {what}; mở bằng phần mềm tạo ra nó và lưu lại",
                                        f"the {what} file is broken or not an {what}; open it in the program that made it and save it again")]) from exc
    if unpacked > limits.max_unpacked_bytes:
        mb, limit = unpacked / 2**20, limits.max_unpacked_bytes / 2**20
        raise ImportRefused([Problem.of(
            0, "", f"tệp nén giải ra {i18n.format_number(mb, 'vi')} MB, vượt giới hạn {i18n.format_number(limit, 'vi')} MB; "
                   "chia nhỏ dữ liệu (quản trị có thể đổi giới hạn: HANOI_IMPORT_MAX_UNPACKED_MB)",
            f"the archive unpacks to {i18n.format_number(mb, 'en')} MB, over the limit of {i18n.format_number(limit, 'en')} MB; "
            "split the data (an administrator can change the limit: HANOI_IMPORT_MAX_UNPACKED_MB)")])


def _dbf_records(z: zipfile.ZipFile, shp: str) -> int | None:
    """The record count a Shapefile's .dbf header states (bytes 4-7), read without unpacking the rest."""
    dbf = next((n for n in z.namelist() if n.lower() == shp[:-4].lower() + ".dbf"), None)
    if dbf is None:
        return None
    with z.open(dbf) as f:
        head = f.read(8)
    return int.from_bytes(head[4:8], "little") if len(head) == 8 else None


def read_geo(name: str, data: bytes, limits: Limits = Limits()) -> RawTable:
    """GeoJSON, GeoPackage or a zipped Shapefile, through pyogrio; how much it holds is checked from its headers first."""
    import pyogrio

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload" + suffix)
        path.write_bytes(data)
        source = str(path)
        if suffix == ".zip":
            check_archive(data, limits, "ZIP")
            with zipfile.ZipFile(path) as z:
                shps = [n for n in z.namelist() if n.lower().endswith(".shp")]
                records = _dbf_records(z, shps[0]) if shps else None
            if records is not None and records > limits.max_features:
                raise _too_many(records, limits)
            if not shps:
                raise ImportRefused([Problem.of(0, "", "tệp .zip không chứa Shapefile (.shp, .shx, .dbf, .prj)",
                                             "the .zip holds no Shapefile (.shp, .shx, .dbf, .prj)")])
            source = f"/vsizip/{path}/{shps[0]}"
        layer = None
        if suffix == ".gpkg":
            try:
                spatial = [name for name, gtype in pyogrio.list_layers(source) if gtype]
            except Exception as exc:
                raise ImportRefused([Problem.of(0, "", "tệp GeoPackage bị hỏng", "the GeoPackage file is broken")]) from exc
            layer = spatial[0] if spatial else None
        try:
            count = pyogrio.read_info(source, layer=layer).get("features", -1) if suffix != ".zip" else -1
        except Exception:  # an unreadable file: said below, by the reader itself
            count = -1
        if count > limits.max_features:
            raise _too_many(count, limits)
        try:
            gdf = gpd.read_file(source, layer=layer) if layer else gpd.read_file(source)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise ImportRefused([Problem.of(0, "", f"không đọc được tệp dữ liệu không gian ({exc.__class__.__name__})",
                                         f"cannot read the spatial file ({exc.__class__.__name__}: {exc})")]) from exc
    if gdf.empty:
        raise ImportRefused([Problem.of(0, "", "tệp không có đối tượng nào", "the file has no features")])
    meta = gdf.attrs.get("metadata")
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).where(lambda f: f.notna(), "")
    frame = frame.apply(lambda col: col.map(lambda v: typed_number(v) if isinstance(v, float) else text.nfc(v)))
    table = RawTable(frame.reset_index(drop=True), list(range(1, len(frame) + 1)), list(frame.columns),
                     geometry=gdf.geometry.reset_index(drop=True), crs=gdf.crs.to_string() if gdf.crs else None)
    if gdf.crs is None:
        table.notes.append("tệp không ghi hệ tọa độ: chọn hệ tọa độ bên dưới / the file has no CRS: choose one below")
    if meta:
        table.notes.append("có siêu dữ liệu / has metadata")
    return table
