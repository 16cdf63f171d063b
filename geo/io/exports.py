"""Exports of exactly what a page shows, each carrying where it came from.

Every file says which filters and date produced it, the link that reopens the view,
the data sources and licences, and, when any row is illustrative, says so in words.
"""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

from dataclasses import dataclass

from geo.language import dates, i18n, text
from geo.places import boundaries
from geo.views import tables

ILLUSTRATIVE_NOTICE = {
    "vi": "CẢNH BÁO: Bảng có số liệu MINH HỌA (kịch bản giả định, không phải số liệu thật) ở các dòng đánh dấu.",
    "en": "WARNING: this table contains ILLUSTRATIVE values (a made-up scenario, not real data) in the rows so marked.",
}
DATA_SOURCES = {
    "vi": "Nguồn: danh mục cơ sở tổng hợp từ tin bài công khai (xem cột Nguồn); Kế hoạch 307/KH-UBND ngày 27/12/2021.",
    "en": "Sources: sites compiled from public reports (see the Source column); Plan 307/KH-UBND of 27/12/2021.",
}


def metadata(lang: str, as_of, filters: dict, link: str, illustrative: bool, rows: int, what: str = "") -> dict:
    """What a file says about itself, in plain words in the chosen language (``filters``: label -> chosen)."""
    tr = i18n.translator(lang)
    meta = {
        tr("Nội dung", "Content"): what or tr("Làng nghề, cụm/khu công nghiệp Hà Nội", "Hanoi craft villages, industrial clusters and parks"),
        tr("Tạo lúc", "Made at"): i18n.format_datetime(dates.now_utc(), lang) + tr(" (giờ Hà Nội)", " (Hanoi time)"),
        tr("Trạng thái tại ngày", "Status as of"): i18n.format_date(as_of, lang),
        tr("Bộ lọc", "Filters"): "; ".join(f"{k}: {v}" for k, v in filters.items()) or tr("không lọc", "none"),
        tr("Liên kết mở lại đúng danh sách này", "Link that reopens this list"): link,
        tr("Số dòng", "Rows"): i18n.format_number(rows, lang),
        tr("Nguồn", "Sources"): DATA_SOURCES[lang],
        tr("Giấy phép dữ liệu", "Data licences"): "; ".join(boundaries.attribution(lang)),
        tr("Có số liệu minh họa", "Holds illustrative values"): tr("Có", "Yes") if illustrative else tr("Không", "No"),
    }
    if illustrative:
        meta[tr("Lưu ý", "Notice")] = ILLUSTRATIVE_NOTICE[lang]
    return meta


def file_stem(lang: str, what: str, parts, as_of) -> str:
    """A file name that says what the file holds: "danh-sach-co-so-cum-cong-nghiep-huyen-thach-that-2026-12-01"."""
    words = [what, *[p for p in parts if p], dates.iso_date(as_of)]
    return "-".join(text.slug(w) for w in words if text.slug(w))[:150]


def _meta_lines(meta: dict) -> list[str]:
    return [f"{key}: {value}" for key, value in meta.items()]


#: Declared in every CSV, so the import reads "8.887" as 8.887 and not as a Vietnamese 8887.
NUMBER_FORMAT_EN = "Number format: 1234.5"
#: Text a spreadsheet would run as a formula (OWASP's list); written behind an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """Every text cell that a spreadsheet would take for a formula, behind an apostrophe; numbers untouched."""
    def fix(value):
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    return table.apply(lambda col: col if pd.api.types.is_numeric_dtype(col) else col.map(fix))


def to_csv(table: pd.DataFrame, meta: dict) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese; metadata as leading '#' lines; formulas neutralised."""
    buf = io.StringIO()
    for line in [*_meta_lines(meta), f"Định dạng số / {NUMBER_FORMAT_EN} (dấu chấm thập phân / decimal point)"]:
        buf.write("# " + line.replace("\n", " ") + "\n")
    neutralised(table).to_csv(buf, index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(table: pd.DataFrame, meta: dict) -> bytes:
    """Two sheets: the rows, and 'Thông tin' with the metadata."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        sheet = _words(meta, "Danh sách", "List")
        notice = next((v for v in meta.values() if v in ILLUSTRATIVE_NOTICE.values()), None)
        start = 2 if notice else 0
        table.to_excel(writer, sheet_name=sheet, index=False, startrow=start)
        _as_text(writer.sheets[sheet])
        if notice:
            writer.sheets[sheet].cell(row=1, column=1, value=notice)
        info = pd.DataFrame(list(meta.items()), columns=[_words(meta, "Mục", "Item"), _words(meta, "Nội dung", "Value")])
        info.to_excel(writer, sheet_name=_words(meta, "Thông tin", "About this file"), index=False)
        _as_text(writer.sheets[_words(meta, "Thông tin", "About this file")])
    return buf.getvalue()


def _as_text(sheet) -> None:
    """openpyxl writes a string starting with "=" as a live formula: store every such cell as text, shown as typed."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def to_gpkg(state: gpd.GeoDataFrame, table: pd.DataFrame, meta: dict) -> bytes:
    """A GeoPackage with the rows as layer 'co_so' and the metadata as table 'thong_tin'."""
    import tempfile
    from pathlib import Path

    import pyogrio

    gdf = gpd.GeoDataFrame(table.reset_index(drop=True), geometry=list(state.geometry), crs=state.crs)
    info = pd.DataFrame([(k, str(v)) for k, v in meta.items()], columns=["key", "value"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        pyogrio.write_dataframe(gdf, path, layer="co_so", driver="GPKG")
        pyogrio.write_dataframe(info, path, layer="thong_tin", driver="GPKG")
        return path.read_bytes()


def to_geojson(state: gpd.GeoDataFrame, table: pd.DataFrame, meta: dict) -> bytes:
    """A FeatureCollection with the metadata as a foreign member (RFC 7946 §6.1)."""
    gdf = gpd.GeoDataFrame(table.reset_index(drop=True), geometry=list(state.geometry), crs=state.crs)
    doc = json.loads(gdf.to_json(na="null", drop_id=True))
    doc["metadata"] = meta
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _words(meta: dict, vi: str, en: str) -> str:
    """The language a metadata block was written in decides the words around it."""
    return vi if "Nội dung" in meta else en


#: The Sites page's four files, by format: their media types.
MEDIA_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3"}


@dataclass
class SitesList:
    """The Sites page's list as its files hold it: one rule for the page's buttons and its download links."""

    rows: gpd.GeoDataFrame
    table: pd.DataFrame
    meta: dict
    stem: str

    def file(self, fmt: str) -> bytes:
        return {"csv": lambda: to_csv(self.table, self.meta), "xlsx": lambda: to_xlsx(self.table, self.meta),
                "geojson": lambda: to_geojson(self.rows, self.table, self.meta),
                "gpkg": lambda: to_gpkg(self.rows, self.table, self.meta)}[fmt]()


def sites_list(rows: gpd.GeoDataFrame, lang: str, as_of, described: dict, link: str, only_short: bool) -> SitesList:
    """``rows`` as the Sites page exports them; ``described``: the filters in words."""
    described = dict(described)
    if only_short:
        described[i18n.pick(lang, "Chỉ cơ sở chưa đạt", "Only sites falling short")] = i18n.pick(lang, "Có", "Yes")
    marked = bool(rows["illustrative"].any()) if len(rows) else False
    meta = metadata(lang, as_of, described, link, marked, len(rows))
    stem = file_stem(lang, i18n.pick(lang, "danh sách cơ sở", "sites"), described.values(), as_of)
    return SitesList(rows, tables.display_table(rows, lang, screen=False), meta, stem)
