"""Bản đồ: every filtered site, coloured by a chosen attribute, kinds as layers."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import boundaries, i18n, indicators, maps

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Bản đồ", "Map"))
view.banner()

c1, c2, c3, c4 = st.columns([2, 2, 3, 1])
color_by = c1.selectbox(tr("Tô màu theo", "Colour by"), maps.COLOR_BY, key="color", persist_state="session",
                        format_func=lambda f: i18n.field_label(f, lang))
boundary_choices = ["none", "districts", "units"] if view.boundaries is not None else ["none"]
layer = c2.selectbox(tr("Ranh giới", "Boundaries"), boundary_choices, key="bl", persist_state="session",
                     format_func=lambda b: {"none": tr("Không", "None"), "districts": tr("Quận/huyện cũ", "Old districts"),
                                            "units": tr("Xã/phường mới", "New units")}[b])
share_targets = [t for t in view.targets if t.measure == "share_of_sites"]
choro_target = c3.selectbox(tr("Tô vùng theo mức đạt chỉ tiêu", "Shade areas by target attainment"),
                            [t.id for t in share_targets], key="ct", persist_state="session",
                            format_func=lambda tid: next(t.short(lang) for t in share_targets if t.id == tid),
                            disabled=layer == "none")
with c4:
    view.link_box()

choropleth = choro_title = None
if layer != "none":
    target = next(t for t in share_targets if t.id == choro_target)
    # Over every site, not the filtered ones: a filter change must not rebuild (reload) the map frame.
    choropleth = indicators.breakdown(target, view.state, "old_district" if layer == "districts" else "new_unit")
    choro_title = tr("Màu vùng: tỷ lệ cơ sở đạt chỉ tiêu ", "Area colour: share of sites meeting ") + target.short(lang)

saved = st.session_state
try:
    center = (float(saved["view_lat"]), float(saved["view_lon"])) if saved.get("view_lat") and saved.get("view_lon") else None
    zoom = int(float(saved["view_z"])) if saved.get("view_z") else None
except (TypeError, ValueError):
    center, zoom = None, None

# The frame is built at the view the session opened with, so that panning never changes
# the map's own script (which would reload it); later moves go through center/zoom.
home_center, home_zoom = st.session_state.setdefault("map_home", (center, zoom))
m = maps.base_map(view.settings.tiles, view.settings.tiles_attribution, center=home_center, zoom=home_zoom,
                  boundaries=view.boundaries, boundary_layer=layer, choropleth=choropleth, lang=lang)
groups = maps.site_layers(view.filtered, color_by, lang)
groups.append(maps.legend_layer(color_by, lang, choro_title))
out = st_folium(
    m, key="main_map", height=620, use_container_width=True, center=center, zoom=zoom,
    feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=False),
    returned_objects=["last_active_drawing", "center", "zoom"],
)

if view.boundaries is not None:
    st.caption(" · ".join(boundaries.attribution(lang)))

if out:
    if out.get("center") and out.get("zoom"):
        lat, lon = round(out["center"]["lat"], 5), round(out["center"]["lng"], 5)
        st.session_state["view_lat"], st.session_state["view_lon"] = lat, lon
        st.session_state["view_z"] = int(out["zoom"])
    clicked = (out.get("last_active_drawing") or {}).get("properties", {}).get("site_id")
    if clicked and clicked != st.session_state.get("map_last_click") and clicked in set(view.state["site_id"]):
        st.session_state["map_last_click"] = clicked
        view.open_site(clicked)
