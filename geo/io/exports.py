"""Exports of exactly what a page shows, each carrying where it came from.

Every file says which filters and date produced it, the link that reopens the view,
the data sources and licences, and, when any row is illustrative, says so in words.
"""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

from geo.language import dates, i18n
from geo.places import boundaries

ILLUSTRATIVE_NOTICE = {
    "vi": "CẢNH BÁO: Bảng có số liệu MINH HỌA (kịch bản giả định, không phải số liệu thật) ở các dòng đánh dấu.",
    "en": "WARNING: this table contains ILLUSTRATIVE values (a made-up scenario, not real data) in the rows so marked.",
}
DATA_SOURCES = {
    "vi": "Nguồn: danh mục cơ sở tổng hợp từ tin bài công khai (xem cột Nguồn); Kế hoạch 307/KH-UBND ngày 27/12/2021.",
    "en": "Sources: sites compiled from public reports (see the Source column); Plan 307/KH-UBND of 27/12/2021.",
}


def metadata(lang: str, as_of, filters: dict, link: str, illustrative: bool, rows: int) -> dict:
    meta = {
        i18n.pick(lang, "tieu_de", "title"): i18n.pick(lang, "Làng nghề, cụm/khu công nghiệp Hà Nội",
                                                       "Hanoi craft villages, industrial clusters and parks"),
        "generated_at": dates.stamp(),
        "status_as_of": i18n.format_date(as_of, lang),
        "filters": filters,
        "link": link,
        "rows": rows,
        "sources": DATA_SOURCES[lang],
        "licences": boundaries.attribution(lang),
        "illustrative": bool(illustrative),
    }
    if illustrative:
        meta["notice"] = ILLUSTRATIVE_NOTICE[lang]
    return meta


def _meta_lines(meta: dict) -> list[str]:
    lines = []
    for key, value in meta.items():
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {value}")
    return lines


def to_csv(table: pd.DataFrame, meta: dict) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese; metadata as leading '#' lines."""
    buf = io.StringIO()
    for line in _meta_lines(meta):
        buf.write("# " + line.replace("\n", " ") + "\n")
    table.to_csv(buf, index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(table: pd.DataFrame, meta: dict) -> bytes:
    """Two sheets: the rows, and 'Thông tin' with the metadata."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        sheet = "Danh sách"
        start = 2 if meta.get("illustrative") else 0
        table.to_excel(writer, sheet_name=sheet, index=False, startrow=start)
        if start:
            writer.sheets[sheet].cell(row=1, column=1, value=meta["notice"])
        info = pd.DataFrame([(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                             for k, v in meta.items()], columns=["key", "value"])
        info.to_excel(writer, sheet_name="Thông tin", index=False)
    return buf.getvalue()


def to_gpkg(state: gpd.GeoDataFrame, table: pd.DataFrame, meta: dict) -> bytes:
    """A GeoPackage with the rows as layer 'co_so' and the metadata as table 'thong_tin'."""
    import tempfile
    from pathlib import Path

    import pyogrio

    gdf = gpd.GeoDataFrame(table.reset_index(drop=True), geometry=list(state.geometry), crs=state.crs)
    info = pd.DataFrame([(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)) for k, v in meta.items()],
                        columns=["key", "value"])
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
