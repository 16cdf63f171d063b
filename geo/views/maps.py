"""Folium maps: built here, shown by the page (like geopandas' ``explore()``).

Sites are drawn as one compact data array per kind, turned into canvas circle markers
in the browser and clustered where they overlap, never one folium object per site: that
keeps 50,000 sites usable. Every text reaches the page through ``textContent`` or
``html.escape``, so a site name cannot inject markup.
"""

from __future__ import annotations

import html
import json

import folium
import folium.plugins
import pandas as pd
from folium.template import Template
from shapely.geometry import Point

from geo.core import vocab
from geo.language import i18n
from geo.views import assets
from geo.views.palettes import BAD, GOOD, PALETTES, bin_colour, choropleth_legend, legend

HANOI_CENTER = (21.03, 105.78)
CLUSTER_RADIUS_PX = 80
DEFAULT_ZOOM = 10
MAX_ZOOM = 18

class SiteClusters(folium.plugins.MarkerCluster):
    """Every site as compact data, drawn as canvas circles in one cluster group for all kinds.

    One group, so that bubbles of different kinds never cover each other or their counts (with
    a group per kind they did); each kind's layer in the layer list is an empty switch that adds
    or takes away that kind's circles. Bubbles are 40 px across and gather the sites within
    ``maxClusterRadius`` (80 px). Each bubble stands on the site that started it: the plugin's
    grid keeps those places a radius apart, while its usual place, the average of the sites,
    let two bubbles drift into each other (the browser test checks every zoom on the real map
    and on 3,000 random sites). The circles use the map's own canvas
    (``prefer_canvas``): a second canvas on top would swallow the clicks meant for the first.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var kinds = {{ this.kinds_json }};
            var colors = {{ this.colors|tojson }};
            var labels = {{ this.labels_json }};
            var colourField = {{ this.colour_field_json }};
            var wwField = {{ this.ww_field_json }};
            var wwLabels = {{ this.ww_labels_json }};
            var switches = [{% for group in this.switches %}{{ group.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}];
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            // A bubble stands on the site that started it, where the plugin's grid placed it, not at
            // the average of its sites: grid places are maxClusterRadius apart, averages are not.
            var Bubble = cluster._markerCluster;
            cluster._markerCluster = Bubble.extend({
                _recalculateBounds: function() {
                    Bubble.prototype._recalculateBounds.call(this);
                    if (this._cLatLng) this._latlng = this._cLatLng;
                }
            });
            function tip(layer) {
                var box = document.createElement("div");
                var name = document.createElement("b");
                name.textContent = layer.options.siteName;
                box.appendChild(name);
                var lines = [layer.options.kindLabel, colourField + ": " + labels[layer.options.colorIndex]];
                if (wwField) lines.push(wwField + ": " + wwLabels[layer.options.wwIndex]);
                lines.forEach(function(text) {
                    var line = document.createElement("div");
                    line.textContent = text;
                    box.appendChild(line);
                });
                return box;
            }
            var markers = kinds.map(function() { return null; });
            function build(rowsByKind) {
                markers = kinds.map(function(kind, i) {
                    return (rowsByKind[i] || []).map(function(r) {
                        var m = L.circleMarker([r[0], r[1]], {
                            radius: 6, color: "#222", weight: 1, fillColor: colors[r[2]], fillOpacity: 0.9,
                            siteName: r[4], colorIndex: r[2], wwIndex: r[5], kindLabel: kind.label
                        });
                        m.feature = {type: "Feature", properties: {site_id: r[3]}, geometry: null};
                        m.bindTooltip(tip);
                        return m;
                    });
                });
                switches.forEach(function(layer, i) { if (layer._map) cluster.addLayers(markers[i]); });
            }
            cluster.addTo({{ this._parent.get_name() }});
            switches.forEach(function(layer, i) {
                layer.on("add", function() { if (markers[i]) cluster.addLayers(markers[i]); });
                layer.on("remove", function() { if (markers[i]) cluster.removeLayers(markers[i]); });
            });
            {% if this.data_url %}
            // The rows come from their own cacheable address (geo.services.mapdata), not inside this document.
            // The map's script runs again after every rerun of the page: rows already fetched are drawn at once,
            // as rows inside the document were, so the bubbles never blink.
            var url = {{ this.data_url|tojson }};
            var fetched = window.__hanoiSiteRows = window.__hanoiSiteRows || {order: [], rows: {}};
            if (fetched.rows[url]) build(fetched.rows[url]);
            else fetch(url, {credentials: "same-origin"})
                .then(function(r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
                .then(function(rows) {
                    fetched.rows[url] = rows; fetched.order.push(url);
                    while (fetched.order.length > 4) delete fetched.rows[fetched.order.shift()];
                    build(rows);
                })
                .catch(function() {
                    var note = L.control({position: "topright"});
                    note.onAdd = function() {
                        var box = L.DomUtil.create("div", "leaflet-bar");
                        box.style.background = "#fff"; box.style.padding = "6px 8px"; box.style.maxWidth = "240px";
                        box.textContent = {{ this.failed_json }};
                        return box;
                    };
                    note.addTo({{ this._parent.get_name() }});
                });
            {% else %}
            build(kinds.map(function(kind) { return kind.rows; }));
            {% endif %}
            return cluster;
        })();
        {% endmacro %}"""
    )

    def __init__(self, kinds, switches, colors, labels, colour_field="", ww_field="", ww_labels=(), data_url="", failed=""):
        super().__init__(chunkedLoading=True, maxClusterRadius=CLUSTER_RADIUS_PX, disableClusteringAtZoom=15,
                         spiderfyOnMaxZoom=False)
        self._name = "SiteClusters"
        self.kinds_json = compact_json(kinds)
        self.switches = list(switches)  # their names are known only when rendered (st_folium renames them)
        self.colors = colors
        self.labels_json = compact_json(list(labels))
        self.colour_field_json = compact_json(colour_field)
        self.ww_field_json = compact_json(ww_field)
        self.ww_labels_json = compact_json(list(ww_labels))
        self.data_url = data_url  # the rows' own address; without one they travel inside the document
        self.failed_json = compact_json(failed)
        self.default_js = assets.CLUSTER_JS
        self.default_css = assets.CLUSTER_CSS


class MapLegend(folium.MacroElement):
    """The legend as a Leaflet control inside the map, shown while its layer is on the map.

    It travels with the site layers (``feature_group_to_add``), so changing the colour-by
    attribute swaps the legend without reloading the map; and it costs the page no HTML
    markdown, whose renderer alone delayed the first map by a quarter of a second.
    Labels go in through ``textContent``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var sections = {{ this.sections_json }};
            var control = L.control({position: "bottomright"});
            control.onAdd = function() {
                var box = L.DomUtil.create("div", "hanoi-legend leaflet-bar");
                box.style.cssText = "background:#fff;padding:6px 8px;font:12px/1.5 sans-serif;max-width:260px";
                box.setAttribute("role", "group");
                sections.forEach(function(section) {
                    var title = document.createElement("div");
                    title.style.fontWeight = "bold";
                    title.textContent = section.title;
                    box.appendChild(title);
                    box.setAttribute("aria-label", section.title);
                    section.items.forEach(function(item) {
                        var row = document.createElement("div");
                        var swatch = document.createElement("span");
                        swatch.style.cssText = "display:inline-block;width:11px;height:11px;margin-right:6px;"
                            + "vertical-align:-1px;border:1px solid #333;border-radius:" + (section.round ? "6px" : "0");
                        swatch.style.background = item[1];
                        row.appendChild(swatch);
                        row.appendChild(document.createTextNode(item[0]));
                        box.appendChild(row);
                    });
                });
                L.DomEvent.disableClickPropagation(box);
                return box;
            };
            var layer = {{ this._parent.get_name() }};
            layer.on("add", function(e) { control.addTo(e.target._map); });
            layer.on("remove", function() { control.remove(); });
            return control;
        })();
        {% endmacro %}"""
    )

    def __init__(self, sections: list[dict]):
        super().__init__()
        self._name = "MapLegend"
        self.sections_json = compact_json(sections)


def legend_layer(color_by: str, lang: str = "vi", choropleth_title: str | None = None) -> folium.FeatureGroup:
    """A layer holding only the legend (not listed in the layer control): the sites'
    colours and, with a choropleth, the area shading."""
    sections = [{"title": i18n.field_label(color_by, lang), "items": legend(color_by, lang), "round": True}]
    if choropleth_title:
        sections.append({"title": choropleth_title, "items": choropleth_legend(lang), "round": False})
    group = folium.FeatureGroup(name="legend", control=False, show=True)
    MapLegend(sections).add_to(group)
    return group


def compact_json(value) -> str:
    """JSON for inside a <script>: UTF-8 rather than \\u escapes, no spaces (about a
    third smaller than ``tojson`` for Vietnamese names), and <, >, & escaped so that no
    value can close the script element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def base_map(tiles: str = "osm", attribution: str = "", center=None, zoom=None, boundaries=None,
             boundary_layer: str = "none", choropleth: pd.DataFrame | None = None, lang: str = "vi",
             height_px: int | None = None, fit_to=None) -> folium.Map:
    """The map frame: tiles (or none), boundary layers and the choropleth; no sites.

    ``fit_to`` ([[south, west], [north, east]]) opens the map on those bounds instead of
    ``center`` and ``zoom``. On a narrow screen the layer list starts folded."""
    offline = tiles in ("", "none")
    m = folium.Map(
        location=list(center or HANOI_CENTER),
        zoom_start=zoom or DEFAULT_ZOOM,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=8,
        prefer_canvas=True,
        control_scale=True,
    )
    m.options["maxZoom"] = MAX_ZOOM  # marker clusters need it when there is no tile layer
    m.options["minZoom"] = 8
    m.default_js = assets.LEAFLET_JS
    m.default_css = assets.LEAFLET_CSS
    if not offline:
        url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" if tiles == "osm" else tiles
        folium.TileLayer(url, attr=attribution or "© OpenStreetMap contributors", name="Nền / Base",
                         max_zoom=MAX_ZOOM, control=False).add_to(m)
    if boundaries is not None:
        _add_boundaries(m, boundaries, boundary_layer, choropleth, lang, filled_base=offline)
    if fit_to is not None:
        m.fit_bounds(fit_to, padding=(20, 20), max_zoom=15)
    FoldLayersOnPhones().add_to(m)
    return m


class FoldLayersOnPhones(folium.MacroElement):
    """On a screen narrower than a tablet, the layer list starts folded (it would cover the map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(){
            var map = {{ this._parent.get_name() }};
            function fold() {
                if (window.innerWidth > 700) return;
                document.querySelectorAll(".leaflet-control-layers-expanded").forEach(function(c) {
                    c.classList.remove("leaflet-control-layers-expanded");
                });
            }
            map.whenReady(function() { setTimeout(fold, 0); });
            map.on("layeradd", fold);
        })();
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "FoldLayersOnPhones"


def bounds_of(geometries) -> list[list[float]] | None:
    """[[south, west], [north, east]] of some shapes or points, or None when there are none."""
    geoms = [g for g in geometries if g is not None and not g.is_empty]
    if not geoms:
        return None
    import shapely

    minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    return [[miny, minx], [maxy, maxx]]


def view_of(bounds, width_px: int = 640, height_px: int = 480) -> tuple[tuple[float, float] | None, int | None]:
    """(center, zoom) that shows ``bounds`` whole in a map of about this size; (None, None) for no bounds.

    The map's frame is built once per session, so the view is computed here rather than left to
    Leaflet's fitBounds (which the frame's own view would override)."""
    import math

    if not bounds:
        return None, None
    (south, west), (north, east) = bounds
    center = ((south + north) / 2, (west + east) / 2)
    lon_span = max(east - west, 1e-4)
    lat_span = max(math.degrees(math.log(math.tan(math.radians(north) / 2 + math.pi / 4)))
                   - math.degrees(math.log(math.tan(math.radians(south) / 2 + math.pi / 4))), 1e-4)
    zoom = min(math.log2(360 * width_px / 256 / lon_span), math.log2(360 * height_px / 256 / lat_span))
    return (round(center[0], 5), round(center[1], 5)), max(8, min(15, int(math.floor(zoom - 0.3))))


def area_outline(shapes, lang: str = "vi") -> folium.FeatureGroup:
    """The chosen areas drawn as outlines over the map (a layer of its own, not listed)."""
    group = folium.FeatureGroup(name="outline", control=False, show=True)
    for geom in shapes:
        folium.GeoJson(geom.__geo_interface__, style_function=lambda _: {"color": "#D55E00", "weight": 3, "fill": False},
                       interactive=False).add_to(group)
    return group


def _add_boundaries(m, b, layer, choropleth, lang, filled_base):
    folium.GeoJson(
        b.city_geojson,
        name=i18n.pick(lang, "Hà Nội", "Hanoi"),
        style_function=lambda _: {"color": "#444", "weight": 2, "fill": filled_base, "fillColor": "#f4f1ea", "fillOpacity": 1},
        control=False,
        interactive=False,
    ).add_to(m)
    if layer not in ("districts", "units"):
        return
    shapes = b.simplified(layer)
    shapes["name"] = shapes["name"].map(html.escape)
    if choropleth is not None and len(choropleth):
        pct = choropleth.set_index("code")["percent"]
        den = choropleth.set_index("code")["denominator"]
        shapes["percent"] = shapes["code"].map(pct)
        shapes["sites"] = shapes["code"].map(den).fillna(0).astype(int)
    else:
        shapes["percent"] = None
        shapes["sites"] = 0
    shapes["label"] = [  # the sample's share, never to be read as the area's
        i18n.pick(lang, f"{i18n.format_percent(p, lang)} đạt, trên {n} cơ sở của tập dữ liệu",
                  f"{i18n.format_percent(p, lang)} met, of {n} sites in the dataset") if pd.notna(p) else "—"
        for p, n in zip(shapes["percent"], shapes["sites"])
    ]
    title = {"districts": ("Quận/huyện (trước 7/2025)", "Districts (before 7/2025)"),
             "units": ("Xã/phường (từ 7/2025)", "Units (from 7/2025)")}[layer]

    def style(feature):
        p = feature["properties"].get("percent")
        return {"color": "#555", "weight": 1, "fillColor": bin_colour(p), "fillOpacity": 0.55 if p is not None else 0.05}

    folium.GeoJson(
        json.loads(shapes.to_json(na="null")),
        name=i18n.pick(lang, *title),
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["name", "label"], aliases=["", ""], labels=False),
    ).add_to(m)


def site_rows(state: pd.DataFrame, color_by: str, lang: str = "vi") -> list[list[list]]:
    """Per kind (in :class:`vocab.Kind` order), each located site as [lat, lon, colour index, id, name, plant index]:
    what the map draws, small enough for 50,000 sites."""
    palette = PALETTES[color_by]
    index = {c: i for i, c in enumerate(palette)}
    ww_index = {c: i for i, c in enumerate(vocab.WastewaterStatus.codes())}
    located = state[state.geometry.notna() & ~state.geometry.is_empty]
    out = []
    for kind in vocab.Kind:
        sub = located[located["kind"] == kind.value]
        color_index = sub[color_by].map(index).fillna(index.get("unknown", len(index) - 1)).astype(int)
        ww = sub["ww_status"].map(ww_index).fillna(ww_index["unknown"]).astype(int)
        # Whole columns to lists first: iterating pandas' Arrow strings row by row was
        # most of this function's time at 50,000 sites.
        out.append([list(r) for r in zip(sub.geometry.y.round(5).tolist(), sub.geometry.x.round(5).tolist(), color_index.tolist(),
                                         sub["site_id"].tolist(), sub["name"].tolist(), ww.tolist())])
    return out


def site_layers(state: pd.DataFrame, color_by: str, lang: str = "vi", data_url: str = "") -> list[folium.FeatureGroup]:
    """One switch per kind for the layer list, and a layer holding the sites of every kind in one
    :class:`SiteClusters`; a site's tooltip names it, its kind, the value it is coloured by and its
    wastewater plant. With ``data_url`` the rows (:func:`site_rows`) are fetched from there."""
    palette = PALETTES[color_by]
    codes = list(palette)
    colors = [palette[c] for c in codes]
    labels = [vocab.label(color_by, c, lang) for c in codes]
    ww_codes = vocab.WastewaterStatus.codes()
    ww_labels = [vocab.label("ww_status", c, lang) for c in ww_codes]
    ww_field = "" if color_by == "ww_status" else i18n.field_label("ww_status", lang)
    located = state[state.geometry.notna() & ~state.geometry.is_empty]
    counts = located["kind"].value_counts()
    rows = None if data_url else site_rows(state, color_by, lang)
    switches, kinds = [], []
    for i, kind in enumerate(vocab.Kind):
        switches.append(folium.FeatureGroup(name=f"{kind.label(lang)} ({int(counts.get(kind.value, 0))})", show=True))
        kinds.append({"label": kind.label(lang), **({"rows": rows[i]} if rows is not None else {})})
    sites = folium.FeatureGroup(name="sites", control=False, show=True)
    failed = i18n.pick(lang, "Không tải được dữ liệu cơ sở của bản đồ; tải lại trang.", "The map's sites could not be loaded; reload the page.")
    SiteClusters(kinds, switches, colors, labels, i18n.field_label(color_by, lang), ww_field, ww_labels, data_url, failed).add_to(sites)
    return [*switches, sites]


def site_map(site_row, unit_shape=None, tiles: str = "osm", attribution: str = "", lang: str = "vi") -> folium.Map:
    """Small map of one site and its unit, for the site page."""
    point = site_row.geometry
    m = base_map(tiles, attribution, center=(point.y, point.x), zoom=13)
    if unit_shape is not None:
        folium.GeoJson(unit_shape.__geo_interface__, style_function=lambda _: {"color": "#0072B2", "weight": 2, "fillOpacity": 0.08},
                       interactive=False).add_to(m)
    folium.CircleMarker([point.y, point.x], radius=8, color="#222", weight=2, fill_color=BAD, fill_opacity=0.9,
                        tooltip=html.escape(str(site_row["name"]))).add_to(m)
    return m


def route_map(origin: tuple[float, float], origin_label: str, stops: pd.DataFrame, tiles: str = "osm", attribution: str = "",
              boundaries=None, lang: str = "vi") -> folium.Map:
    """An inspection plan's tour: the start (★), the stops numbered in visiting order, the way back dashed.

    ``stops`` has name, visited and a point geometry, in visiting order."""
    points = [(g.y, g.x) for g in stops.geometry]
    m = base_map(tiles, attribution, boundaries=boundaries, boundary_layer="units" if boundaries is not None else "none", lang=lang,
                 fit_to=bounds_of([*stops.geometry, Point(origin)]))
    start = [origin[1], origin[0]]
    if points:
        folium.PolyLine([start, *points], color="#0072B2", weight=3, opacity=0.8).add_to(m)
        folium.PolyLine([points[-1], start], color="#0072B2", weight=2, opacity=0.6, dash_array="6 6").add_to(m)
    folium.Marker(start, tooltip=html.escape(f"★ {origin_label}"), icon=folium.DivIcon(
        html='<div style="font-size:22px;color:#009E73;text-shadow:0 0 2px #000">★</div>', icon_size=(22, 22), icon_anchor=(11, 13))).add_to(m)
    for n, ((lat, lon), row) in enumerate(zip(points, stops.to_dict("records")), start=1):
        colour = GOOD if row.get("visited") else BAD
        folium.Marker([lat, lon], tooltip=html.escape(f"{n}. {row['name']}"), icon=folium.DivIcon(
            html=f'<div style="background:{colour};color:#fff;border:1px solid #222;border-radius:11px;width:22px;height:22px;'
                 f'line-height:22px;text-align:center;font:bold 11px sans-serif">{n}</div>',
            icon_size=(22, 22), icon_anchor=(11, 11))).add_to(m)
    return m
