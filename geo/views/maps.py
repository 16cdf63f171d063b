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

from geo.core import vocab
from geo.language import i18n
from geo.views import assets
from geo.views.palettes import BAD, PALETTES, bin_colour, choropleth_legend, legend

HANOI_CENTER = (21.03, 105.78)
DEFAULT_ZOOM = 10
MAX_ZOOM = 18

class SiteCluster(folium.plugins.MarkerCluster):
    """One kind's sites as a compact array, drawn as clustered canvas circles.

    The circles use the map's own canvas (``prefer_canvas``): a second canvas on top
    would swallow the clicks meant for the first.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var data = {{ this.rows_json }};
            var colors = {{ this.colors|tojson }};
            var labels = {{ this.labels|tojson }};
            var kindLabel = {{ this.kind_label|tojson }};
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            var markers = new Array(data.length);
            function tip(layer) {
                var box = document.createElement("div");
                var name = document.createElement("b");
                name.textContent = layer.options.siteName;
                box.appendChild(name);
                var line = document.createElement("div");
                line.textContent = kindLabel + " · " + labels[layer.options.colorIndex];
                box.appendChild(line);
                return box;
            }
            for (var i = 0; i < data.length; i++) {
                var r = data[i];
                var m = L.circleMarker([r[0], r[1]], {
                    radius: 6, color: "#222", weight: 1,
                    fillColor: colors[r[2]], fillOpacity: 0.9,
                    siteName: r[4], colorIndex: r[2]
                });
                m.feature = {type: "Feature", properties: {site_id: r[3]}, geometry: null};
                m.bindTooltip(tip);
                markers[i] = m;
            }
            cluster.addLayers(markers);
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}"""
    )

    def __init__(self, rows, colors, labels, kind_label, name=None, show=True):
        super().__init__(name=name, show=show, chunkedLoading=True, maxClusterRadius=40,
                         disableClusteringAtZoom=15, spiderfyOnMaxZoom=False)
        self._name = "SiteCluster"
        self.rows = rows
        self.rows_json = compact_json(rows)
        self.colors = colors
        self.labels = labels
        self.kind_label = kind_label
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
             height_px: int | None = None) -> folium.Map:
    """The map frame: tiles (or none), boundary layers and the choropleth; no sites."""
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
    return m


def _add_boundaries(m, b, layer, choropleth, lang, filled_base):
    city = b.city[["geometry"]].copy()
    folium.GeoJson(
        city.to_json(),
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
    shapes["label"] = [
        (i18n.format_percent(p, lang) + f" ({n})") if pd.notna(p) else "—"
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


def site_layers(state: pd.DataFrame, color_by: str, lang: str = "vi") -> list[folium.FeatureGroup]:
    """One switchable layer per kind, each holding a :class:`SiteCluster`."""
    palette = PALETTES[color_by]
    codes = list(palette)
    colors = [palette[c] for c in codes]
    labels = [vocab.label(color_by, c, lang) for c in codes]
    index = {c: i for i, c in enumerate(codes)}
    located = state[state.geometry.notna() & ~state.geometry.is_empty]
    groups = []
    for kind in vocab.Kind:
        sub = located[located["kind"] == kind.value]
        group = folium.FeatureGroup(name=f"{kind.label(lang)} ({len(sub)})", show=True)
        if len(sub):
            color_index = sub[color_by].map(index).fillna(index.get("unknown", len(codes) - 1)).astype(int)
            # Whole columns to lists first: iterating pandas' Arrow strings row by row was
            # most of this function's time at 50,000 sites.
            rows = list(zip(
                sub.geometry.y.round(5).tolist(), sub.geometry.x.round(5).tolist(), color_index.tolist(),
                sub["site_id"].tolist(), sub["name"].tolist(),
            ))
            SiteCluster(rows, colors, labels, kind.label(lang)).add_to(group)
        groups.append(group)
    return groups


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
