"""Tables as people read them: one column per attribute, labelled values in the chosen language.

On screen a list shows names first, numbers and years as the language writes them, "—" for a
value not known, and ✱ on every illustrative value; an export keeps the numbers as numbers
(so that it imports back unchanged) and says in two columns which fields are illustrative and
where each status comes from.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.core import history, model, vocab
from geo.language import i18n

#: Columns of the planners' list, in order: the name first, the id last.
LIST_COLUMNS = [
    "name", "kind", "priority_band", "priority_score", "sector", "craft", "old_district_name", "old_commune_name", "new_unit_name",
    "operating_status", "ww_status", "ww_capacity_m3d", "haz_waste", "water_class", "air_class", "soil_class",
    "ep_plan", "ep_org", "ep_infra", "ep_all_met", "roadmap_list", "area_ha", "location_precision", "source", "illustrative",
    "site_id",
]
#: What an export adds, so that a reader of the file can tell real values from illustrative ones.
EXPORT_COLUMNS = ["area_text", "illustrative_fields", "status_sources", "field_sources", "priority_illustrative"]
MARK = "✱"
_NUMBERS = {"area_ha": 2, "ww_capacity_m3d": 0}


def _field_sources(pairs: str, illustrative: set, lang: str) -> str:
    """"Trạm XLNT: vietnamnet.vn E210597; Xử lý CTNH: MINH HỌA": where each value in force comes from."""
    out = []
    for pair in filter(None, pairs.split("|")):
        field, _, source = pair.partition("=")
        said = i18n.pick(lang, "MINH HỌA (không phải số liệu thật)", "ILLUSTRATIVE (not real data)") if field in illustrative else source
        out.append(f"{i18n.field_label(field, lang)}: {said}")
    return "; ".join(out)


def display_table(state: pd.DataFrame, lang: str = "vi", *, screen: bool = True, cite=None) -> pd.DataFrame:
    """The list as people read it: labelled values, one column per attribute (see the module's note).

    ``cite`` turns a stored source key into words for the screen; an export keeps the key, which imports back.
    """
    out = pd.DataFrame(index=state.index)
    marked = state["illustrative_fields"].fillna("").map(lambda f: set(filter(None, f.split(",")))) \
        if "illustrative_fields" in state.columns else pd.Series([set()] * len(state), index=state.index)
    for column in LIST_COLUMNS + ([] if screen else EXPORT_COLUMNS):
        values = state[column] if column in state.columns else pd.Series("", index=state.index)
        if column in vocab.FIELD_VOCAB:
            values = values.map(lambda v, c=column: vocab.label(c, v, lang))
        elif column == "priority_score" and screen and "priority_illustrative" in state.columns:
            values = pd.Series([f"{v} {MARK}" if marked_ else str(v) for v, marked_ in zip(values, state["priority_illustrative"])],
                               index=state.index, dtype=object)
        elif column in ("illustrative", "priority_illustrative"):
            values = values.map(lambda v: i18n.pick(lang, "Có", "Yes") if v else i18n.pick(lang, "Không", "No"))
        elif column == "illustrative_fields":
            values = values.fillna("").map(lambda f: ", ".join(i18n.field_label(x, lang) for x in f.split(",") if x))
        elif column == "field_sources":
            values = pd.Series([_field_sources(v, m, lang) for v, m in zip(values.fillna(""), marked)], index=state.index)
        elif screen and column == "source" and cite is not None:
            values = values.map(cite)
        elif screen and column in _NUMBERS:
            values = values.map(lambda v, d=_NUMBERS[column]: i18n.format_number(v, lang, d))
            if column == "area_ha" and "area_text" in state.columns:  # "khoảng 17", "> 20": the source's own words
                values = state["area_text"].fillna("").where(state["area_text"].fillna("") != "", values)
        elif screen:
            values = values.map(lambda v: "—" if model.is_blank(v) else v)
        if screen and column in model.STATUS_FIELDS:
            values = values.astype(str) + marked.map(lambda f, c=column: f" {MARK}" if c in f else "")
        out[i18n.field_label(column, lang)] = values
    if isinstance(state, gpd.GeoDataFrame) and len(state):
        located = state.geometry.notna() & ~state.geometry.is_empty
        lon, lat = state.geometry.x.where(located).round(6), state.geometry.y.where(located).round(6)
        if screen:
            lon, lat = lon.map(lambda v: i18n.format_number(v, lang, 5)), lat.map(lambda v: i18n.format_number(v, lang, 5))
        out[i18n.field_label("lon", lang)] = lon
        out[i18n.field_label("lat", lang)] = lat
    return out


#: What the store says about itself, in words (for the administrators' panel).
_META = {
    "data_version": ("Phiên bản dữ liệu", "Data version"),
    "built_at": ("Tạo kho lúc", "Store built at"),
    "built_from": ("Tạo từ", "Built from"),
    "illustrative_seed": ("Hạt giống kịch bản minh họa", "Illustrative scenario seed"),
    "schema_version": ("Phiên bản cấu trúc kho", "Store schema version"),
}
_BUILT_FROM = ("danh mục cơ sở, dữ kiện công khai và kịch bản minh họa", "the site list, public facts and the illustrative scenario")


def store_info(meta: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """The store's own facts as an administrator reads them."""
    rows = []
    for key, value in meta.items():
        label = i18n.pick(lang, *_META[key]) if key in _META else key
        if key == "built_at":
            value = i18n.format_datetime(value, lang)
        elif key == "built_from" and "sites.csv" in str(value):
            value = i18n.pick(lang, *_BUILT_FROM)
        rows.append((label, value))
    return pd.DataFrame(rows, columns=[i18n.pick(lang, "Mục", "Item"), i18n.pick(lang, "Giá trị", "Value")])


def users_table(users: pd.DataFrame, lang: str = "vi", person=None) -> pd.DataFrame:
    """The accounts, newest last: names, roles and times as people read them."""
    tr = i18n.translator(lang)
    person = person or (lambda u: u or "—")
    return pd.DataFrame({
        tr("Họ tên", "Name"): users["display_name"].replace("", "—"),
        tr("Tên đăng nhập", "User name"): users["username"],
        tr("Vai trò", "Role"): users["role"].map(lambda r: vocab.Role.label_of(r, lang)),
        "E-mail": users["email"].replace("", "—").fillna("—"),
        tr("Trạng thái", "State"): users["disabled"].map(lambda d: tr("Bị khóa", "Disabled") if d else tr("Đang dùng", "Active")),
        tr("Tạo lúc", "Created"): users["created_at"].map(lambda t: i18n.format_datetime(t, lang) or "—"),
        tr("Tạo bởi", "Created by"): users["created_by"].map(person),
    })


_SUMMARY = {"create": ("tạo mới", "created"), "update": ("cập nhật", "updated"), "unchanged": ("không đổi", "unchanged"),
            "error": ("lỗi", "errors"), "restored": ("khôi phục", "restored"), "removed": ("gỡ bỏ", "removed"),
            "inspections": ("biên bản kiểm tra", "inspections"), "already": ("đã nhập trước đó", "imported before"),
            "rejected": ("bị từ chối khi duyệt", "rejected on review"), "withdrawn": ("rút lại biên bản", "inspections withdrawn")}
_IMPORT_KINDS = {"revert": ("Hoàn tác", "Revert"), "field": ("Nhập kết quả hiện trường", "Field submissions"),
                 "import": ("Nhập", "Import")}


def summary_in_words(summary: str, lang: str = "vi") -> str:
    """The counts an import stored (``{"create": 3, "update": 2}``) as a sentence: "tạo mới 3, cập nhật 2"."""
    import json

    try:
        counts = json.loads(summary) if summary else {}
    except (TypeError, ValueError):
        return str(summary)
    parts = [f"{i18n.pick(lang, *_SUMMARY.get(k, (k, k)))} {i18n.format_number(v, lang)}" for k, v in counts.items() if v]
    return ", ".join(parts) or "—"


def imports_table(imports: pd.DataFrame, lang: str = "vi", person=None) -> pd.DataFrame:
    """Every import and revert, newest first, in words."""
    tr = i18n.translator(lang)
    person = person or (lambda u: u or "—")
    newest = imports.sort_values("imported_at", ascending=False, kind="stable")
    return pd.DataFrame({
        tr("Lúc", "When"): newest["imported_at"].map(lambda t: i18n.format_datetime(t, lang) or "—"),
        tr("Việc", "What"): newest["kind"].map(lambda k: tr(*_IMPORT_KINDS.get(k, _IMPORT_KINDS["import"]))),
        tr("Tệp", "File"): newest["filename"].replace("", "—"),
        tr("Nguồn", "Source"): newest["source"].replace("", "—"),
        tr("Người thực hiện", "By"): newest["imported_by"].map(person),
        tr("Kết quả", "Result"): newest["summary"].map(lambda s: summary_in_words(s, lang)),
        tr("Hoàn tác lần nhập", "Reverts"): newest["reverts"].fillna("").replace("", "—"),
        tr("Mã lần nhập", "Import id"): newest["import_id"],
    })


def dated_facts(changes: pd.DataFrame, lang: str = "vi", cite=None) -> pd.DataFrame:
    """A site's real records, oldest first: each date as precisely as its source gives it, what, source, note.

    Illustrative, superseded and withdrawn records are left out: this is what the public
    record says happened (established, plant built, incident, inspection ordered...).
    """
    changes = history.complete(changes)
    gone = set(history.superseded_by(changes))
    real = changes[~changes["illustrative"].astype(bool) & ~changes["record_id"].isin(gone) & (changes["value"] != history.RETRACTED)]
    real = real.sort_values(["effective_date", "recorded_at"], kind="stable")
    cite = cite or (lambda s: s)
    return pd.DataFrame({
        "date": [i18n.format_dated(d, p, lang) for d, p in zip(real["effective_date"], real["date_precision"])],
        "what": [f"{i18n.field_label(f, lang)}: {vocab.label(f, v, lang)}" for f, v in zip(real["field"], real["value"])],
        "source": [cite(x) for x in real["source"]],
        "note": [(en or vi) if lang == "en" else vi for vi, en in zip(real["note"].fillna(""), real["note_en"].fillna(""))],
    })
