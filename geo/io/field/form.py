"""The field inspection form, declared once: the XLSForm inspectors fill in on their phones
(ODK Collect, KoboCollect), the inspection layer of the QField package, and the columns the
import reads back all come from :data:`FIELDS`, so the three cannot drift apart.

Field names are the form's own (``ket_qua``), never a label, because ODK and KoboToolbox
export them as column names; choice names are this product's codes (``ww_status``'s
``operating``), so a submission needs no mapping. The table is flat (three action slots
rather than a repeat): ODK Central and KoboToolbox export repeats as separate tables, and
one row per visit keeps the round trip to one file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from geo.core import vocab
from geo.language import i18n

FORM_ID = "kiem_tra_moi_truong"
FORM_TITLE = "Kiểm tra môi trường làng nghề, cụm công nghiệp (Hà Nội)"
FORM_VERSION = "2026120101"
#: The attachment the form's site list is read from: the CSV :func:`geo.io.field.outbound.site_list_csv` writes.
SITE_LIST = "co_so.csv"
ACTION_SLOTS = 3
PHOTO_SLOTS = 3
#: Statuses an inspector may observe on the visit; each becomes a status record when it is imported.
OBSERVED = ("operating_status", "ww_status", "haz_waste")
VI, EN = "label::Tiếng Việt (vi)", "label::English (en)"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # XLSForm type
    vi: str
    en: str
    required: bool = False
    group: str = ""  # the XLSForm group the question sits in (ODK exports it as a path: "kiem_tra-ket_qua")
    hint_vi: str = ""
    hint_en: str = ""
    constraint: str = ""
    default: str = ""
    parameters: str = ""


def _fields() -> list[Field]:
    out = [
        Field("site_id", f"select_one_from_file {SITE_LIST}", "Cơ sở được kiểm tra", "Site inspected", True,
              hint_vi="Gõ vài chữ của tên để tìm", hint_en="Type part of the name to search"),
        Field("ngay", "date", "Ngày kiểm tra", "Inspection date", True, "kiem_tra", constraint=". <= today()",
              default="today()"),
        Field("co_quan", "text", "Cơ quan kiểm tra", "Inspecting agency", True, "kiem_tra"),
        Field("nguoi_kiem_tra", "text", "Người kiểm tra", "Inspector", True, "kiem_tra"),
        Field("ket_qua", "text", "Kết quả kiểm tra (điều quan sát được)", "Findings (what was observed)", True, "kiem_tra"),
    ]
    for name in OBSERVED:
        out.append(Field(name, f"select_one {name}", f"{i18n.field_label(name, 'vi')} quan sát được",
                         f"{i18n.field_label(name, 'en')} as observed", False, "hien_trang",
                         hint_vi="Bỏ trống nếu không kiểm tra điều này", hint_en="Leave empty if this was not checked"))
    out += [
        Field("vi_pham", "text", "Vi phạm (mỗi dòng một vi phạm: mô tả | căn cứ pháp lý)",
              "Violations (one per line: description | legal basis)", False, "vi_pham_khac_phuc",
              hint_vi="Ví dụ: Xả nước thải chưa đạt QCVN 40 | Điều 56 Luật BVMT 2020",
              hint_en="For example: Wastewater above QCVN 40 | Law on Environmental Protection 2020, art. 56"),
        Field("tien_phat", "integer", "Tiền phạt (đồng)", "Fine (VND)", False, "vi_pham_khac_phuc", constraint=". >= 0"),
    ]
    for i in range(1, ACTION_SLOTS + 1):
        out += [Field(f"yeu_cau_{i}", "text", f"Yêu cầu khắc phục {i}", f"Required action {i}", False, "vi_pham_khac_phuc"),
                Field(f"han_{i}", "date", f"Hạn khắc phục {i}", f"Deadline {i}", False, "vi_pham_khac_phuc")]
    out.append(Field("gps", "geopoint", "Vị trí kiểm tra (GPS)", "Where the inspection took place (GPS)", False, "bang_chung"))
    out += [Field(f"anh_{i}", "image", f"Ảnh {i}", f"Photo {i}", False, "bang_chung", parameters="max-pixels=1600") for i in range(1, PHOTO_SLOTS + 1)]
    out.append(Field("ghi_chu", "text", "Ghi chú", "Note", False, "bang_chung"))
    return out


FIELDS: list[Field] = _fields()
GROUPS = {"kiem_tra": ("Biên bản kiểm tra", "Inspection"), "hien_trang": ("Hiện trạng quan sát", "Status observed"),
          "vi_pham_khac_phuc": ("Vi phạm và yêu cầu khắc phục", "Violations and required actions"),
          "bang_chung": ("Bằng chứng", "Evidence")}
NAMES = [f.name for f in FIELDS]
PHOTO_FIELDS = [f.name for f in FIELDS if f.type == "image"]


def xlsform() -> bytes:
    """The XLSForm (survey, choices, settings), bilingual, ready for ODK Central or KoboToolbox."""
    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    columns = ["type", "name", VI, EN, "hint::Tiếng Việt (vi)", "hint::English (en)", "required", "constraint", "default", "parameters"]
    survey.append(columns)
    group = ""
    for f in FIELDS:
        if f.group != group:
            if group:
                survey.append(["end group", group])
            if f.group:
                survey.append(["begin group", f.group, *GROUPS[f.group]])
            group = f.group
        survey.append([f.type, f.name, f.vi, f.en, f.hint_vi, f.hint_en, "yes" if f.required else "", f.constraint, f.default,
                       f.parameters])
    if group:
        survey.append(["end group", group])
    survey.append(["start", "start"])
    survey.append(["end", "end"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", VI, EN])
    for name in OBSERVED:
        for member in vocab.FIELD_VOCAB[name]:
            choices.append([name, member.value, member.vi, member.en])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language", "instance_name"])
    settings.append([FORM_ID, FORM_TITLE, FORM_VERSION, "Tiếng Việt (vi)", "concat(${site_id}, ' ', ${ngay})"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
