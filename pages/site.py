"""Chi tiết: one site, every attribute with labels and units, its history and sources."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import history, i18n, maps, model, vocab

view = st.session_state["view"]
tr, lang = view.tr, view.lang

site_id = st.session_state.get("view_site")
ids = list(view.state["site_id"])
if not site_id or site_id not in ids:
    st.title(tr("Chi tiết cơ sở", "Site details"))
    st.info(tr("Chọn một cơ sở trên bản đồ, trong danh sách, hoặc ở đây.", "Pick a site on the map, in the list, or here."))
    names = dict(zip(view.state["site_id"], view.state["name"]))
    chosen = st.selectbox(tr("Cơ sở", "Site"), ids, index=None, format_func=lambda s: names[s],
                          placeholder=tr("Gõ để tìm…", "Type to search…"))
    if chosen:
        view.open_site(chosen)
    st.stop()

st.session_state["view_site"] = site_id
site = view.state.set_index("site_id").loc[site_id]
st.title(str(site["name"]))
st.caption(f"{vocab.label('kind', site['kind'], lang)} · {site_id}")
if site["illustrative"]:
    fields = ", ".join(i18n.field_label(f, lang) for f in site["illustrative_fields"].split(","))
    st.warning(tr("**Số liệu minh họa** (kịch bản giả định, không phải số liệu thật) cho: ",
                  "**Illustrative values** (a made-up scenario, not real data) for: ") + fields, icon=":material/warning:")
st.caption(tr("Trạng thái tại ngày ", "Status as of ") + i18n.format_date(view.as_of, lang))
view.link_box()


def shown(field):
    value = site.get(field)
    if field in vocab.FIELD_VOCAB:
        return vocab.label(field, value, lang)
    if field in ("assessment_date", "last_updated"):
        return i18n.format_date(value, lang) or "—"
    if field in ("area_ha", "ww_capacity_m3d", "haz_waste_tonnes", "recognition_year"):
        return i18n.format_number(value, lang, 2 if field == "area_ha" else 0) if pd.notna(value) else tr("Chưa rõ", "Unknown")
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return tr("Chưa rõ", "Unknown") if text == "unknown" else (text or "—")


left, right = st.columns([3, 2])
with left:
    groups = {
        tr("Nhận diện", "Identity"): ["kind", "recognised", "craft_title", "recognition_year", "sector", "trade_group", "craft", "area_ha"],
        tr("Địa bàn", "Location"): ["old_district_name", "old_commune_name", "new_unit_name", "new_unit_code",
                                    "location_precision", "placement_note", "water_body"],
        tr("Môi trường", "Environment"): ["operating_status", "ww_status", "ww_capacity_m3d", "haz_waste_generated", "haz_waste",
                                          "haz_waste_tonnes", "water_class", "air_class", "soil_class", "assessment_date"],
        tr("Điều kiện BVMT (Luật BVMT 2020, Điều 56)", "EP conditions (2020 law, art. 56)"): ["ep_plan", "ep_org", "ep_infra", "ep_all_met"],
        tr("Nguồn", "Sources"): ["source", "status_sources", "notes", "last_updated"],
    }
    for title, fields in groups.items():
        st.subheader(title)
        st.table(pd.DataFrame({tr("Thuộc tính", "Attribute"): [i18n.field_label(f, lang) for f in fields],
                               tr("Giá trị", "Value"): [shown(f) for f in fields]}).set_index(tr("Thuộc tính", "Attribute")))
with right:
    unit_shape = None
    if view.boundaries is not None and site["new_unit_code"]:
        match = view.boundaries.units[view.boundaries.units["code"] == site["new_unit_code"]]
        unit_shape = match.geometry.iloc[0] if len(match) else None
    row = view.state[view.state["site_id"] == site_id].iloc[0]
    st_folium(maps.site_map(row, unit_shape, view.settings.tiles, view.settings.tiles_attribution, lang),
              key=f"site_map_{site_id}", height=320, use_container_width=True, returned_objects=[])

st.subheader(tr("Diễn biến theo năm", "Status by year"))
changes = view.store.read_history(site_id)
sites_one = view.store.read_site_table()
sites_one = sites_one[sites_one["site_id"] == site_id]
timeline_fields = ["operating_status", "ww_status", "haz_waste", "water_class", "air_class", "soil_class", "ep_all_met"]
dates = history.year_ends() + [dt.date.today()]
columns = {}
for day in dates:
    st_day = history.state_as_of(sites_one, changes, day).iloc[0]
    label = str(day.year) if day.month == 12 and day.day == 31 else tr("Hôm nay", "Today")
    columns[label] = [vocab.label(f, st_day[f], lang) + (" *" if f in st_day["illustrative_fields"].split(",") else "") for f in timeline_fields]
timeline = pd.DataFrame(columns, index=[i18n.field_label(f, lang) for f in timeline_fields])
st.dataframe(timeline, width="stretch")
st.caption(tr("Dấu \\* : giá trị minh họa", "Mark \\* : illustrative value"))

st.subheader(tr("Nhật ký thay đổi", "Change records"))
log = history.site_history(changes, site_id)
if log.empty:
    st.info(tr("Chưa có bản ghi nào.", "No records yet."))
else:
    st.dataframe(pd.DataFrame({
        tr("Ngày hiệu lực", "Effective"): log["effective_date"].map(lambda d: i18n.format_date(d, lang)),
        tr("Thuộc tính", "Field"): log["field"].map(lambda f: i18n.field_label(f, lang)),
        tr("Giá trị", "Value"): [vocab.label(f, v, lang) for f, v in zip(log["field"], log["value"])],
        tr("Nguồn", "Source"): log["source"],
        tr("Người ghi", "Recorded by"): log["recorded_by"],
        tr("Minh họa", "Illustrative"): log["illustrative"].map(lambda x: "✱" if x else ""),
        tr("Bị thay thế bởi", "Superseded by"): log["superseded_by"],
    }), hide_index=True, width="stretch")
