"""The site model: one GeoDataFrame of sites in EPSG:4326, and its validation.

A site's identity (name, kind, place, source) lives in the sites table; everything
that changes over time (statuses, classifications, conditions) lives only in dated
change records (see :mod:`geo.core.history`) and is joined on for a chosen date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point

from geo.core import vocab
from geo.errors import Message
from geo.language import i18n, text

CRS = "EPSG:4326"

#: Rough envelope of Hanoi; the exact outline is used when boundary files are installed.
HANOI_BBOX = (105.28, 20.53, 106.03, 21.40)  # min lon, min lat, max lon, max lat

#: Identity columns of the sites table, in display order.
SITE_COLUMNS: list[str] = [
    "site_id",
    "name",
    "kind",
    "recognised",
    "craft_title",
    "recognition_year",
    "sector",
    "trade_group",
    "craft",
    "old_district_code",
    "old_district_name",
    "old_commune_code",
    "old_commune_name",
    "new_unit_code",
    "new_unit_name",
    "location_precision",
    "placement_note",
    "placement_note_en",
    "area_ha",
    "area_text",
    "roadmap_list",
    "water_body",
    "source",
    "notes",
    "notes_en",
    "last_updated",
]

#: Fields whose value changes over time; each is kept as dated change records.
STATUS_FIELDS: dict[str, str] = {
    "operating_status": "code",
    "ww_status": "code",
    "ww_capacity_m3d": "number",
    "haz_waste_generated": "code",
    "haz_waste": "code",
    "haz_waste_tonnes": "number",
    "water_class": "code",
    "air_class": "code",
    "soil_class": "code",
    "assessment_date": "date",
    "ep_plan": "code",
    "ep_org": "code",
    "ep_infra": "code",
    "enterprises_total": "number",
    "enterprises_clean_tech": "number",
    "event": "event",
}
#: Fields whose records are events (an incident, an order), not a state that lasts: listed, never "the value on a date".
EVENT_FIELDS = {f for f, kind in STATUS_FIELDS.items() if kind == "event"}

#: What a status field is when no record says otherwise: "unknown", never a guess.
STATUS_DEFAULTS: dict[str, object] = {
    "operating_status": "unknown",
    "ww_status": "unknown",
    "ww_capacity_m3d": None,
    "haz_waste_generated": "unknown",
    "haz_waste": "unknown",
    "haz_waste_tonnes": None,
    "water_class": "not_assessed",
    "air_class": "not_assessed",
    "soil_class": "not_assessed",
    "assessment_date": None,
    "ep_plan": "unknown",
    "ep_org": "unknown",
    "ep_infra": "unknown",
    "enterprises_total": None,
    "enterprises_clean_tech": None,
}

#: Columns added when the state on a date is computed.
DERIVED_COLUMNS = ["ep_all_met", "illustrative", "illustrative_fields", "status_sources", "field_sources", "status_as_of"]

_NUMERIC_SITE_COLUMNS = ("area_ha", "recognition_year")
_TEXT_COLUMNS = [c for c in SITE_COLUMNS if c not in _NUMERIC_SITE_COLUMNS]


def empty_sites() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: pd.Series(dtype="object") for c in SITE_COLUMNS}, geometry=[], crs=CRS)


def all_conditions_met(plan, org, infra) -> str:
    """Art. 56(1) of the 2020 law: met only when all three are 'yes'; any 'no' means not met."""
    values = (plan, org, infra)
    if all(v == "yes" for v in values):
        return "yes"
    if any(v == "no" for v in values):
        return "no"
    return "unknown"


def normalise_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with every text column in NFC; importers call this before validating."""
    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            out[col] = out[col].map(lambda v: text.nfc(v) if isinstance(v, str) else v)
    return out


@dataclass(frozen=True)
class RowError:
    """One problem in one row, said in plain words in both languages."""

    row: int  # 1-based position in the input
    site_id: str
    field: str
    value: str
    message: Message

    def text(self, lang: str = "vi") -> str:
        return i18n.pick(lang, f"Dòng {self.row} ({self.site_id or 'không mã'}), {self.field}: {self.message.vi}",
                         f"Row {self.row} ({self.site_id or 'no id'}), {self.field}: {self.message.en}")


def validate_sites(frame: pd.DataFrame, outline=None) -> list[RowError]:
    """Every problem in a sites frame, row by row; an empty list means it can be stored.

    ``outline`` is Hanoi's polygon when boundary files are installed; without it the
    coordinates are checked against :data:`HANOI_BBOX`.
    """
    missing = [c for c in ("site_id", "name", "kind") if c not in frame.columns]
    if missing:
        return [RowError(0, "", c, "", Message("thiếu cột bắt buộc; thêm cột này vào tệp", "required column is missing; add it to the file"))
                for c in missing]
    errors: list[RowError] = []
    ids = frame["site_id"].map(lambda v: "" if is_blank(v) else str(v))
    counts = ids.value_counts()
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else None
    area = None
    if outline is not None and geoms is not None:
        area = outline.buffer(0.005)  # about 500 m of slack at the border, once for every row
        shapely.prepare(area)
    codes = {field: set(voc.codes()) for field, voc in vocab.FIELD_VOCAB.items() if field in frame.columns}
    shapes = list(geoms) if geoms is not None else None
    # Plain dicts, not iterrows: 10,000 imported rows are checked here in a fraction of a second.
    for pos, (sid, row) in enumerate(zip(ids, frame.to_dict("records")), start=1):

        def err(field, value, vi, en):
            errors.append(RowError(pos, sid, field, "" if is_blank(value) else str(value), Message(vi, en)))

        if not sid:
            err("site_id", "", "thiếu mã cơ sở", "site id is empty")
        elif counts[sid] > 1:
            err("site_id", sid, f"mã bị trùng ({counts[sid]} dòng cùng mã); mỗi cơ sở cần một mã riêng",
                f"duplicate id ({counts[sid]} rows share it); each site needs its own id")
        if is_blank(row.get("name")):
            err("name", "", "thiếu tên cơ sở", "name is empty")
        for field, allowed_codes in codes.items():
            if is_blank(row.get(field)):
                continue
            value = str(row[field])
            if value not in allowed_codes:
                allowed = ", ".join(vocab.FIELD_VOCAB[field].codes())
                err(field, value, f"giá trị '{value}' không có trong danh mục; dùng một trong: {allowed}",
                    f"'{value}' is not in the vocabulary; use one of: {allowed}")
        for field in _TEXT_COLUMNS:
            value = row.get(field)
            if isinstance(value, str) and not text.is_nfc(value):
                err(field, value, "văn bản chưa chuẩn Unicode NFC (dấu tổ hợp); hãy chuẩn hóa về NFC",
                    "text is not Unicode NFC (decomposed accents); normalise it to NFC")
        for field in ("area_ha", "ww_capacity_m3d", "haz_waste_tonnes"):
            if field in frame.columns and not is_blank(row.get(field)):
                number = _number(row[field])
                if number is None or number < 0:
                    err(field, row[field], "phải là số không âm", "must be a number of zero or more")
        if shapes is not None:
            _check_point(shapes[pos - 1], area, err)
    return errors


def _check_point(geom, outline, err) -> None:
    if geom is None or geom.is_empty:
        err("geometry", "", "thiếu tọa độ", "coordinates are missing")
        return
    if not isinstance(geom, Point):
        err("geometry", geom.geom_type, "vị trí phải là một điểm", "the location must be a point")
        return
    lon, lat = geom.x, geom.y
    min_lon, min_lat, max_lon, max_lat = HANOI_BBOX
    if min_lon <= lat <= max_lon and min_lat <= lon <= max_lat:
        err("geometry", f"{lon}, {lat}", "kinh độ và vĩ độ có vẻ bị đảo chỗ; đổi lại (kinh độ ≈ 105–106, vĩ độ ≈ 20–21)",
            "longitude and latitude look swapped; swap them (longitude ≈ 105–106, latitude ≈ 20–21)")
        return
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90 or abs(lon) > 180:
        err("geometry", f"{lon}, {lat}", "tọa độ không hợp lệ (kinh độ −180..180, vĩ độ −90..90)",
            "malformed coordinates (longitude −180..180, latitude −90..90)")
        return
    inside = outline.contains(geom) if outline is not None else (
        min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    )
    if not inside:
        err("geometry", f"{lon:.5f}, {lat:.5f}", "điểm nằm ngoài địa giới Hà Nội; kiểm tra lại tọa độ (WGS84, độ thập phân)",
            "the point lies outside Hanoi; check the coordinates (WGS84, decimal degrees)")


def is_blank(value) -> bool:
    """None, NaN, pd.NA or white space only: a value that is not there."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip()) or value is pd.NA


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
