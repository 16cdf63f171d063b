"""Reading a file as uploaded: its type, size and text encoding, then the grid of cells.

CSV in UTF-8 or Windows-1258 (converted; TCVN3 refused with how to convert it), XLSX
with merged cells filled and formulas checked, and GeoJSON, GeoPackage or a zipped
Shapefile through pyogrio."""

from __future__ import annotations

import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import ImportRefused
from geo.io.importing.problems import Problem
from geo.io.importing.tables import RawTable, find_table
from geo.language import i18n, text

MAX_BYTES = 20 * 1024 * 1024
FORMATS = {".csv": "CSV", ".xlsx": "XLSX", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)"}
#: Coordinate systems an official list may use; VN-2000 TM-3 105° (k 0.9999) is Hanoi's local one.
_VN_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _vietnamese_letter(ch: str) -> bool:
    """A letter of the Vietnamese alphabet (TCVN3 read as Windows-1258 gives other symbols)."""
    if ch in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", ch)
    return parts[0].isascii() and parts[0].isalpha() and all(m in _VN_MARKS for m in parts[1:]) and len(parts) > 1


def read_upload(name: str, data: bytes) -> RawTable:
    """Read a file as uploaded: checks its type, size and encoding first."""
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
        raise ImportRefused([Problem.of(0, "", f"không đọc được CSV ({exc}); kiểm tra dấu phân cách và dấu ngoặc kép",
                                     f"cannot parse the CSV ({exc}); check the separator and quotes")]) from exc
    table = find_table(grid)
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
        formula_sheet = formulas[sheet.title]
        problems = []
        for r, row in enumerate(formula_sheet.iter_rows(), start=1):
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
                raise ImportRefused([Problem.of(0, "", "tệp .zip bị hỏng", "the .zip file is broken")]) from exc
            if not shps:
                raise ImportRefused([Problem.of(0, "", "tệp .zip không chứa Shapefile (.shp, .shx, .dbf, .prj)",
                                             "the .zip holds no Shapefile (.shp, .shx, .dbf, .prj)")])
            source = f"/vsizip/{path}/{shps[0]}"
        layer = None
        if suffix == ".gpkg":
            import pyogrio

            try:
                spatial = [name for name, gtype in pyogrio.list_layers(source) if gtype]
            except Exception as exc:
                raise ImportRefused([Problem.of(0, "", "tệp GeoPackage bị hỏng", "the GeoPackage file is broken")]) from exc
            layer = spatial[0] if spatial else None
        try:
            gdf = gpd.read_file(source, layer=layer) if layer else gpd.read_file(source)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise ImportRefused([Problem.of(0, "", f"không đọc được tệp dữ liệu không gian ({exc.__class__.__name__})",
                                         f"cannot read the spatial file ({exc.__class__.__name__}: {exc})")]) from exc
    if gdf.empty:
        raise ImportRefused([Problem.of(0, "", "tệp không có đối tượng nào", "the file has no features")])
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
