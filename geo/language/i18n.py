"""Labels of fields, the language pick, and dates and numbers written as each language writes them."""

from __future__ import annotations

import functools
import math

from geo.language import dates

LANGS = ("vi", "en")


def pick(lang: str, vi: str, en: str) -> str:
    """The text for the chosen language: the one place that decides Vietnamese or English."""
    return en if lang == "en" else vi


def code(lang: str) -> str:
    """The language a text column or file is in: 'vi' unless English was chosen ("reasons_" + code)."""
    return pick(lang, "vi", "en")


def date_input_format(lang: str) -> str:
    """How a date picker writes its date, as Streamlit's ``date_input`` names the formats."""
    return pick(lang, "DD/MM/YYYY", "YYYY-MM-DD")


def translator(lang: str):
    """``tr(vi, en)`` bound to one language, for code that says many things."""
    return functools.partial(pick, lang)

#: Column labels (Vietnamese, English) with the unit where there is one.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "site_id": ("Mã cơ sở", "Site id"),
    "name": ("Tên", "Name"),
    "kind": ("Loại hình", "Kind"),
    "recognised": ("Được công nhận", "Recognised"),
    "craft_title": ("Danh hiệu", "Title"),
    "recognition_year": ("Năm công nhận", "Year recognised"),
    "sector": ("Ngành sản xuất", "Sector"),
    "trade_group": ("Nhóm ngành nghề nông thôn", "Rural-trade group"),
    "craft": ("Nghề", "Craft"),
    "old_district_code": ("Mã quận/huyện cũ", "Old district code"),
    "old_district_name": ("Quận/huyện cũ (trước 7/2025)", "Old district (before 7/2025)"),
    "old_commune_code": ("Mã xã cũ", "Old commune code"),
    "old_commune_name": ("Xã/phường cũ", "Old commune"),
    "new_unit_code": ("Mã xã/phường mới", "New unit code"),
    "new_unit_name": ("Xã/phường mới (từ 7/2025)", "New unit (from 7/2025)"),
    "location_precision": ("Độ chính xác vị trí", "Location precision"),
    "placement_note": ("Ghi chú định vị", "Placement note"),
    "placement_note_en": ("Ghi chú định vị (tiếng Anh)", "Placement note (English)"),
    "area_ha": ("Diện tích (ha)", "Area (ha)"),
    "water_body": ("Nguồn tiếp nhận nước thải", "Receiving water body"),
    "source": ("Nguồn", "Source"),
    "notes": ("Ghi chú", "Notes"),
    "notes_en": ("Ghi chú (tiếng Anh)", "Notes (English)"),
    "last_updated": ("Cập nhật", "Last updated"),
    "operating_status": ("Tình trạng hoạt động", "Operating status"),
    "ww_status": ("Trạm XLNT", "Wastewater plant"),
    "ww_capacity_m3d": ("Công suất XLNT (m³/ngày)", "Plant capacity (m³/day)"),
    "haz_waste_generated": ("Phát sinh CTNH", "Generates hazardous waste"),
    "haz_waste": ("Xử lý CTNH", "Hazardous waste handling"),
    "haz_waste_tonnes": ("Khối lượng CTNH (tấn/năm)", "Hazardous waste (t/year)"),
    "water_class": ("Môi trường nước", "Water"),
    "air_class": ("Môi trường không khí", "Air"),
    "soil_class": ("Môi trường đất", "Soil"),
    "assessment_date": ("Ngày đánh giá", "Assessment date"),
    "ep_plan": ("Phương án BVMT", "Environmental protection plan"),
    "ep_org": ("Tổ chức tự quản về BVMT", "Self-governing EP organisation"),
    "ep_infra": ("Hạ tầng BVMT", "EP infrastructure"),
    "ep_all_met": ("Đáp ứng đủ điều kiện BVMT", "All EP conditions met"),
    "enterprises_total": ("Số doanh nghiệp", "Enterprises"),
    "enterprises_clean_tech": ("Số DN áp dụng công nghệ sạch", "Enterprises using clean technology"),
    "illustrative": ("Số liệu minh họa", "Illustrative data"),
    "illustrative_fields": ("Trường minh họa", "Illustrative fields"),
    "status_sources": ("Nguồn trạng thái", "Status sources"),
    "field_sources": ("Nguồn từng trường", "Source of each field"),
    "area_text": ("Diện tích (như nguồn ghi)", "Area (as published)"),
    "roadmap_list": ("Danh mục theo QĐ 2546", "Decision 2546 list"),
    "priority_band": ("Mức ưu tiên kiểm tra", "Inspection priority band"),
    "priority_score": ("Điểm ưu tiên", "Priority score"),
    "priority_illustrative": ("Điểm ưu tiên minh họa", "Priority score illustrative"),
    "event": ("Sự kiện", "Event"),
    "date_precision": ("Độ chính xác của ngày", "Date precision"),
    "status_as_of": ("Trạng thái tại ngày", "Status as of"),
    "reasons": ("Lý do chưa đạt", "Why it falls short"),
    "lon": ("Kinh độ", "Longitude"),
    "lat": ("Vĩ độ", "Latitude"),
}


def field_label(field: str, lang: str = "vi") -> str:
    pair = FIELD_LABELS.get(field)
    if pair is None:
        return field
    return pair[1] if lang == "en" else pair[0]


def format_date(value, lang: str = "vi") -> str:
    """dd/mm/yyyy in Vietnamese, yyyy-mm-dd in English; '' for no date."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    day = dates.parse_date(value)
    if day is None:
        return str(value)
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def format_dated(value, precision: str = "day", lang: str = "vi") -> str:
    """A date as precisely as its source gives it: 16/09/2025, 09/2025, 2017, or "31/12/2020 (giả định)"."""
    if precision == "undated" or value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return pick(lang, "không ghi ngày", "undated")
    day = dates.parse_date(value)
    if day is None:
        return str(value)
    if precision == "month":
        return day.strftime("%m/%Y") if lang == "vi" else day.strftime("%Y-%m")
    if precision == "year":
        return str(day.year)
    if precision == "assumed":
        return format_date(day, lang) + pick(lang, " (ngày giả định)", " (assumed date)")
    return format_date(day, lang)


def format_datetime(value, lang: str = "vi") -> str:
    """A stored time (UTC) as Hanoi's clock: 15/11/2026 14:05 in Vietnamese, 2026-11-15 14:05 in English; '' for none."""
    when = dates.parse_datetime(value)
    if when is None:
        return ""
    local = when.astimezone(dates.HANOI)
    return local.strftime("%d/%m/%Y %H:%M") if lang == "vi" else local.strftime("%Y-%m-%d %H:%M")


def format_year(value) -> str:
    """A year as a year (2009), never a number with a thousands separator; '—' for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "—"
    return str(int(float(value)))


def format_number(value, lang: str = "vi", decimals: int = 0, signed: bool = False) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English; ``signed`` writes +/- for changes."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(value, lang: str = "vi", decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return format_number(value, lang, decimals) + " %"
