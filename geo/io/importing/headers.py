"""Mapping headers: which field each column of a department's table means.

Headers are matched without diacritics against the words departments use and against
this product's own labels (so its exports import back); a confirmed mapping is
remembered per layout (:func:`signature`)."""

from __future__ import annotations

import functools
import hashlib
import json
import re

from geo.core import model
from geo.language import i18n, text

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

def fold_cell(value) -> str:
    return text.fold(value).strip()


@functools.lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
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
    syn = synonyms()
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
