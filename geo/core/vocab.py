"""Controlled vocabularies of the site model, each with Vietnamese and English labels.

The stored value is a short ASCII code so that files, links and SQL stay stable when a
label is reworded; labels are for people and follow the chosen language.
"""

from __future__ import annotations

import enum

from geo.language import i18n


class LabelledEnum(str, enum.Enum):
    """A str enum whose members carry a Vietnamese and an English label."""

    def __new__(cls, code: str, vi: str, en: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.vi = vi
        obj.en = en
        return obj

    def __str__(self) -> str:  # f-strings and CSV show the code, not Enum.NAME
        return self.value

    def label(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.vi, self.en)

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]

    @classmethod
    def label_of(cls, code, lang: str = "vi") -> str:
        """Label for a stored code; unknown codes are shown as they are, never hidden."""
        try:
            return cls(code).label(lang)
        except ValueError:
            return "" if code is None else str(code)


class Kind(LabelledEnum):
    VILLAGE = "lang_nghe", "Làng nghề", "Craft village"
    CRAFT_CLUSTER = "ccn_lang_nghe", "Cụm công nghiệp làng nghề", "Craft-village cluster"
    CLUSTER = "ccn", "Cụm công nghiệp", "Industrial cluster"
    PARK = "kcn", "Khu công nghiệp", "Industrial park"


class CraftTitle(LabelledEnum):
    """Title under which the city recognised a village (hanoi-facts §1)."""

    LANG_NGHE = "lang_nghe", "Làng nghề", "Craft village"
    TRADITIONAL_VILLAGE = "lang_nghe_truyen_thong", "Làng nghề truyền thống", "Traditional craft village"
    TRADITIONAL_CRAFT = "nghe_truyen_thong", "Nghề truyền thống", "Traditional craft"
    NOT_RECOGNISED = "chua_cong_nhan", "Chưa được công nhận", "Not recognised"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"
    NOT_APPLICABLE = "na", "Không áp dụng", "Not applicable"


class Sector(LabelledEnum):
    """Hanoi's 2016 production types for villages, plus industrial sectors for clusters/parks."""

    FOOD = "food_processing", "Chế biến nông sản, thực phẩm", "Food processing"
    HANDICRAFTS = "handicrafts", "Thủ công mỹ nghệ", "Handicrafts"
    DYEING_TANNING = "dyeing_tanning", "Dệt nhuộm, thuộc da", "Dyeing and tanning"
    RECYCLING = "waste_recycling", "Tái chế phế liệu", "Waste recycling"
    METAL = "metal_working", "Cơ kim khí, đúc", "Metal working"
    BUILDING_MATERIALS = "building_materials", "Vật liệu xây dựng", "Building materials"
    LIVESTOCK = "livestock_slaughter", "Chăn nuôi, giết mổ", "Livestock and slaughter"
    WOOD = "wood_furniture", "Đồ gỗ, mộc", "Wood and furniture"
    TEXTILES = "textiles_garments", "Dệt may, thêu", "Textiles, garments, embroidery"
    MIXED_INDUSTRY = "mixed_industry", "Đa ngành", "Mixed industry"
    HIGH_TECH = "high_tech", "Công nghệ cao, điện tử", "High tech, electronics"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"


class TradeGroup(LabelledEnum):
    """Rural-trade groups of Decree 52/2018/NĐ-CP (villages only)."""

    AGRO_PROCESSING = "agro_processing", "Chế biến nông, lâm, thủy sản", "Agro, forest and fishery processing"
    HANDICRAFTS = "handicrafts", "Thủ công mỹ nghệ", "Handicrafts"
    WOOD_CERAMIC_TEXTILE = (
        "wood_ceramic_textile",
        "Gỗ, mây tre, gốm sứ, thủy tinh, dệt may, sợi, thêu ren, cơ khí nhỏ",
        "Wood, rattan, ceramics, glass, textiles, embroidery, small mechanics",
    )
    ORNAMENTAL_PLANTS = "ornamental_plants", "Sinh vật cảnh", "Ornamental plants"
    SALT = "salt", "Muối", "Salt"
    MATERIALS = "materials", "Sản xuất nguyên liệu cho ngành nghề nông thôn", "Materials for rural trades"
    SERVICES = "services", "Dịch vụ nông thôn", "Rural services"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"
    NOT_APPLICABLE = "na", "Không áp dụng", "Not applicable"


class LocationPrecision(LabelledEnum):
    SURVEYED = "surveyed", "Tọa độ khảo sát", "Surveyed point"
    FROM_SHAPE = "from_shape", "Một điểm bên trong vùng/đường của tệp", "A point inside the file's area or line"
    OLD_COMMUNE = "old_commune", "Theo xã cũ", "Old commune"
    NEW_UNIT = "new_unit", "Theo xã/phường mới", "New unit"
    OLD_DISTRICT = "old_district", "Chỉ biết quận/huyện cũ", "Old district only"
    UNPLACED = "unplaced", "Chưa định vị được", "Not placed"


class OperatingStatus(LabelledEnum):
    PLANNED = "planned", "Quy hoạch", "Planned"
    ESTABLISHED = "established", "Đã có quyết định thành lập", "Established (decision issued)"
    UNDER_CONSTRUCTION = "under_construction", "Đang xây dựng", "Under construction"
    OPERATING = "operating", "Đang hoạt động", "Operating"
    CLOSED = "closed", "Đã đóng cửa", "Closed"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"


class WastewaterStatus(LabelledEnum):
    NONE = "none", "Chưa có trạm XLNT", "No wastewater plant"
    PLANNED = "planned", "Trạm XLNT đã có kế hoạch", "Plant planned"
    UNDER_CONSTRUCTION = "under_construction", "Trạm XLNT đang xây dựng", "Plant under construction"
    BUILT = "built", "Đã có trạm (chưa rõ có vận hành không)", "Has a plant (whether it operates not stated)"
    BUILT_NOT_OPERATING = "built_not_operating", "Đã xây, chưa vận hành", "Built, not operating"
    OPERATING = "operating", "Đang vận hành đạt chuẩn", "Operating"
    OPERATING_NONCOMPLIANT = (
        "operating_noncompliant",
        "Vận hành, nước thải chưa đạt QCVN 40",
        "Operating, effluent not meeting QCVN 40",
    )
    OUT_OF_USE = "out_of_use", "Trạm đã ngừng sử dụng", "Plant fallen out of use"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"


class HazardousWaste(LabelledEnum):
    NONE_HANDLED = "none_handled", "Chưa xử lý", "Not handled"
    PARTLY = "partly", "Xử lý một phần", "Partly handled"
    ALL_LICENSED = "all_licensed", "Xử lý toàn bộ qua đơn vị được cấp phép", "All treated by a licensed handler"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"


class PollutionClass(LabelledEnum):
    """Classification by medium under Circular 31/2016 as Hanoi reports it."""

    SERIOUS = "seriously_polluted", "Ô nhiễm nghiêm trọng", "Seriously polluted"
    POLLUTED = "polluted", "Ô nhiễm", "Polluted"
    NOT_POLLUTED = "not_polluted", "Không ô nhiễm", "Not polluted"
    NOT_ASSESSED = "not_assessed", "Chưa đánh giá", "Not assessed"


class TriState(LabelledEnum):
    YES = "yes", "Có", "Yes"
    NO = "no", "Không", "No"
    UNKNOWN = "unknown", "Chưa rõ", "Unknown"


class FollowUp(LabelledEnum):
    """Where the follow-up of an inspection stands."""

    OPEN = "open", "Chưa khắc phục", "Not yet remedied"
    IN_PROGRESS = "in_progress", "Đang khắc phục", "Being remedied"
    CLOSED = "closed", "Đã khắc phục xong", "Remedied"


class RoadmapList(LabelledEnum):
    """Decision 2546/QĐ-UBND (28/04/2023): the four lists of its roadmap for craft-village pollution."""

    LIST_I = "i", "Danh mục (i): ô nhiễm, xử lý xong trước hết năm 2025", "List (i): polluted, to be treated by end-2025"
    LIST_II = "ii", "Danh mục (ii): ô nhiễm, đang giảm dần", "List (ii): polluted and declining"
    LIST_III = "iii", "Danh mục (iii): chưa ô nhiễm, tiếp tục theo dõi", "List (iii): not yet polluted, monitored"
    LIST_IV = "iv", "Danh mục (iv): mai một, đề nghị đưa ra khỏi danh sách công nhận", \
        "List (iv): declined, proposed for removal from the recognised list"
    UNKNOWN = "unknown", "Chưa rõ thuộc danh mục nào", "List not known"
    NOT_APPLICABLE = "na", "Không áp dụng", "Not applicable"


class PriorityBand(LabelledEnum):
    """The inspection priority band (geo.core.priority): A the lowest concern, E the highest."""

    A = "A", "A – thấp nhất", "A – lowest"
    B = "B", "B – thấp", "B – low"
    C = "C", "C – trung bình", "C – medium"
    D = "D", "D – cao", "D – high"
    E = "E", "E – cao nhất", "E – highest"


class Event(LabelledEnum):
    """Something that happened at a site on a date, as a source reports it (not a state that lasts)."""

    POLLUTION_INCIDENT = "pollution_incident", "Sự cố gây ô nhiễm", "Pollution incident"
    POLLUTION_WATER = "pollution_reported_water", "Báo chí, cơ quan nêu ô nhiễm nước", "Water pollution reported"
    POLLUTION_AIR = "pollution_reported_air", "Báo chí, cơ quan nêu ô nhiễm không khí", "Air pollution reported"
    POLLUTION_SOIL = "pollution_reported_soil", "Báo chí, cơ quan nêu ô nhiễm đất", "Soil pollution reported"
    FIRE = "fire", "Cháy", "Fire"
    INSPECTION_ORDER = "inspection_order", "Thành phố chỉ đạo kiểm tra", "The city ordered an inspection"


#: The medium each pollution report names (a class of that medium may not be "not polluted" after it).
REPORTED_MEDIUM = {"pollution_reported_water": "water_class", "pollution_reported_air": "air_class",
                   "pollution_reported_soil": "soil_class"}


class DatePrecision(LabelledEnum):
    """How much of a record's date the source gives; the rest is filled in, and the record says so."""

    DAY = "day", "Ngày", "Day"
    MONTH = "month", "Tháng (ngày lấy là ngày 1)", "Month (day set to the 1st)"
    YEAR = "year", "Năm (ngày lấy là 31/12 hoặc ghi rõ)", "Year (day set to 31/12 or as noted)"
    ASSUMED = "assumed", "Giả định (nguồn không ghi ngày; xem ghi chú)", "Assumed (the source gives no date; see the note)"


class Role(LabelledEnum):
    """Who may do what: viewing needs no sign-in at all."""

    VIEWER = "viewer", "Người xem", "Viewer"
    INSPECTOR = "inspector", "Cán bộ kiểm tra", "Inspector"
    ADMIN = "admin", "Quản trị", "Administrator"


#: Which vocabulary constrains each coded column of the site model.
FIELD_VOCAB: dict[str, type[LabelledEnum]] = {
    "kind": Kind,
    "recognised": TriState,
    "craft_title": CraftTitle,
    "sector": Sector,
    "trade_group": TradeGroup,
    "location_precision": LocationPrecision,
    "operating_status": OperatingStatus,
    "ww_status": WastewaterStatus,
    "haz_waste_generated": TriState,
    "haz_waste": HazardousWaste,
    "water_class": PollutionClass,
    "air_class": PollutionClass,
    "soil_class": PollutionClass,
    "ep_plan": TriState,
    "ep_org": TriState,
    "ep_infra": TriState,
    "ep_all_met": TriState,
    "follow_up": FollowUp,
    "role": Role,
    "roadmap_list": RoadmapList,
    "priority_band": PriorityBand,
    "event": Event,
    "date_precision": DatePrecision,
}


def label(field: str, code, lang: str = "vi") -> str:
    """Label of a coded value of ``field``; other values are returned as text."""
    vocab = FIELD_VOCAB.get(field)
    if vocab is None:
        return "" if code is None else str(code)
    return vocab.label_of(code, lang)
