"""Bản đồ: every filtered site, coloured by a chosen attribute, kinds as layers."""

import folium
import streamlit as st

import geo
from geo.core import links
from geo.language import i18n
from geo.places import boundaries
from geo.views import maps, palettes
from ui import keys, leaflet, widgets
from ui import maps as map_layers
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

# A laptop (1280x720) shows at least 450 px of map; on a phone the map comes right after the title.
widgets.compact_page()
st.html("""<style>
@media (max-width: 700px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-map_frame) { order: 1; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-map_controls) { order: 2; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-map_notes) { order: 3; }
}
</style>""")
st.title(tr("Bản đồ", "Map"))

LAYER_NAMES = {"none": tr("Không", "None"), "districts": tr("Quận/huyện cũ", "Old districts"), "units": tr("Xã/phường mới", "New units")}
with st.container(key="map_controls"):
    c1, c2, c3, c4 = st.columns([2, 2, 3, 1.6], vertical_alignment="bottom")
    color_by = c1.selectbox(tr("Tô màu theo", "Colour by"), palettes.COLOR_BY, key=keys.COLOR, persist_state="session",
                            format_func=lambda f: i18n.field_label(f, lang))
    boundary_choices = list(links.BOUNDARIES.choices) if view.boundaries is not None else [links.BOUNDARIES.default]
    layer = c2.selectbox(tr("Ranh giới", "Boundaries"), boundary_choices, key=keys.BOUNDARIES, persist_state="session",
                         format_func=LAYER_NAMES.get)
    share_targets = [t for t in view.targets if t.measure == "share_of_sites"]
    choro_target = c3.selectbox(tr("Tô vùng theo mức đạt chỉ tiêu", "Shade areas by target attainment"),
                                [t.id for t in share_targets], key=keys.SHADE_TARGET, persist_state="session",
                                format_func=lambda tid: next(t.short(lang) for t in share_targets if t.id == tid),
                                disabled=layer == "none")
    with c4:
        widgets.link_box(view)

choropleth = choro_title = None
if layer != "none":
    target = next(t for t in share_targets if t.id == choro_target)
    # Over every site, not the filtered ones: a filter change must not draw the map itself again.
    choropleth = geo.breakdown(target, view.state, "old_district" if layer == "districts" else "new_unit")
    choro_title = tr("Màu vùng: tỷ lệ cơ sở đạt chỉ tiêu ", "Area colour: share of sites meeting ") + target.short(lang)

saved = st.session_state
try:
    center = (float(saved[keys.VIEW_LAT]), float(saved[keys.VIEW_LON])) if saved.get(keys.VIEW_LAT) and saved.get(keys.VIEW_LON) else None
    zoom = int(float(saved[keys.VIEW_ZOOM])) if saved.get(keys.VIEW_ZOOM) else None
except (TypeError, ValueError):
    center, zoom = None, None
chosen_areas = view.chosen_area_shapes()

# The map is built at the view the session opened with, so that panning never changes
# its own script (which would draw it again); later moves go through center/zoom. Without a
# view in the link it opens on the chosen areas, else on the filtered sites.
if keys.MAP_HOME not in st.session_state:
    if center is None:
        center, zoom = maps.view_of(maps.bounds_of(chosen_areas or list(view.filtered.geometry)))
    st.session_state[keys.MAP_HOME] = (center, zoom)
home_center, home_zoom = st.session_state[keys.MAP_HOME]
center, zoom = center or home_center, zoom or home_zoom
# The view the map reported is where it already is: given back to it, a rounding of its own report would
# move it a hair, it would report again, and the page would rerun for ever. It is moved only to a view
# that came from elsewhere (a link, Back).
if st.session_state.get(keys.MAP_REPORTED) == (center[0] if center else None, center[1] if center else None, zoom) \
        and keys.MAP_ARGS in st.session_state:
    center, zoom = st.session_state[keys.MAP_ARGS]
st.session_state[keys.MAP_ARGS] = (center, zoom)
m = maps.base_map(view.settings.tiles, view.settings.tiles_attribution, center=home_center, zoom=home_zoom,
                  boundaries=view.boundaries, boundary_layer=layer, choropleth=choropleth, lang=lang)
groups = map_layers.site_layers(view, color_by)
groups.append(maps.legend_layer(color_by, lang, choro_title))
if chosen_areas:
    groups.append(maps.area_outline(chosen_areas, lang))
with st.container(key="map_frame"):
    # Everything the map itself is made from (its layers change apart): the same again reuses its script.
    made_from = (view.settings.store_key, str(view.settings.boundaries_dir), view.ctx.data_version, str(view.as_of), view.settings.tiles, view.settings.tiles_attribution,
                 home_center, home_zoom, view.boundaries is not None, layer, choro_target if layer != "none" else None, lang)
    events = leaflet.show(m, key=keys.MAP, height=520, center=center, zoom=zoom, layers=groups,
                          layer_control=folium.LayerControl(collapsed=False), report_view=True, report_clicks=True, lang=lang,
                          cache_key=made_from)

with st.container(key="map_notes"):
    widgets.banner(view, compact=True)
    if view.boundaries is not None:
        st.caption(" · ".join(boundaries.attribution(lang)))

# The element keeps its last report from run to run: only a new one is a move of the user's.
if events.center is not None:
    reported = (round(events.center[0], 5), round(events.center[1], 5), events.zoom)
    if reported != st.session_state.get(keys.MAP_REPORTED):
        st.session_state[keys.VIEW_LAT], st.session_state[keys.VIEW_LON], st.session_state[keys.VIEW_ZOOM] = reported
        st.session_state[keys.MAP_REPORTED] = reported
clicked = (events.clicked or {}).get("site_id")
if clicked and clicked in set(view.state["site_id"]):
    view.open_site(clicked)
