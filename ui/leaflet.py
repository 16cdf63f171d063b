"""Folium maps drawn in the page itself by a Streamlit components-v2 element (``ui/leaflet.js``).

streamlit-folium's ``st_folium`` draws a map in a frame: a second document that loads its own
React app, waits for the page's message and only then runs Leaflet. On a returning visit that
frame was the last thing standing between the page and a drawn map.
The map is still built with folium, and turned into Leaflet script by streamlit-folium's own
converters, so every layer draws as it did; only the frame is gone. Leaflet and its plugins load
once per page from the dashboard's static files (``geo.views.assets``), under
``server.baseUrlPath``.

The map reports, when asked, where the user moved it (``view``) and the properties of a feature
clicked (``clicked``, for one run); a view given from Python moves it only when that view changed.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import folium
import streamlit as st
import streamlit_folium as sf

from geo.language import i18n
from ui import server

#: Folium's page-wide styles: right for a document of its own, wrong inside the dashboard's page.
_PAGE_STYLE = re.compile(r"(?:^|[\s,}])(?:html|body|#map)\s*[{,]")
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)

_JS = Path(__file__).with_name("leaflet.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class MapEvents:
    """What the user did on the map: where it now is (None until moved) and what was clicked in this run."""

    center: tuple[float, float] | None = None
    zoom: int | None = None
    clicked: dict | None = None


def map_styles(header: str) -> str:
    """The ``<style>`` rules of folium's header that are about the map, not about a whole page."""
    return "\n".join(block for block in _STYLE.findall(header) if not _PAGE_STYLE.search(block))


def _links(element) -> tuple[list[str], list[str]]:
    """The CSS and JS files an element and everything in it ask for, once each, in order."""
    css, js = {}, {}

    def walk(e):
        css.update((server.prefixed(href), None) for _, href in getattr(e, "default_css", []))
        js.update((server.prefixed(src), None) for _, src in getattr(e, "default_js", []))
        for child in getattr(e, "_children", {}).values():
            walk(child)

    walk(element)
    return list(css), list(js)


_frames: OrderedDict = OrderedDict()
_frames_lock = threading.Lock()


def _tree(element) -> list:
    """The element and everything in it, in folium's order."""
    out = [element]
    for child in getattr(element, "_children", {}).values():
        out += _tree(child)
    return out


def _frame(m: folium.Map, cache_key) -> dict:
    """The map's own script, styles, markup and files: folium's rendering of it is most of a map page's run
    (0.05 s for the city's outline), so with a ``cache_key`` naming everything the map is drawn from it is
    made once per process. A map made again from the same things has the same elements in the same order:
    they are given the names the first one's got, which its layer list refers to."""
    if cache_key is not None:
        with _frames_lock:
            frame = _frames.get(cache_key)
            if frame is not None:
                _frames.move_to_end(cache_key)
        fresh = _tree(m)
        if frame is not None and len(fresh) == len(frame["ids"]):
            for element, name in zip(fresh, frame["ids"]):
                element._id = name
            return frame
    elements = _tree(m)  # before rendering adds helpers of its own
    m.get_root().render()
    m.render()
    # In streamlit-folium's order: the markup and header name the map before its script renames it.
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    frame = {"script": script, "styles": map_styles(header), "html": html, "css": css, "js": js,
             "ids": [e._id for e in elements]}
    if cache_key is not None:
        with _frames_lock:
            _frames[cache_key] = frame
            while len(_frames) > 32:
                _frames.popitem(last=False)
    return frame


def map_data(m: folium.Map, layers=(), layer_control: folium.LayerControl | None = None, height: int = 500,
             center=None, zoom=None, lang: str = "vi", cache_key=None) -> dict:
    """What the element draws: the map's script, its dynamic layers' script (swapped without rebuilding the map),
    the files they need, and the view to move to. Plain data, so that tests can read it."""
    frame = _frame(m, cache_key)
    dynamic = "".join(sf._get_feature_group_string(group, m, i) for i, group in enumerate(layers))
    if layer_control is not None:
        dynamic += sf._get_layer_control_string(layer_control, m)
    css, js = list(frame["css"]), list(frame["js"])
    for group in layers:
        more_css, more_js = _links(group)
        css += [c for c in more_css if c not in css]
        js += [j for j in more_js if j not in js]
    return {
        **{k: v for k, v in frame.items() if k != "ids"}, "css": css, "js": js, "layers": dynamic, "height": int(height),
        "center": [float(center[0]), float(center[1])] if center else None, "zoom": int(zoom) if zoom is not None else None,
        "failed": i18n.pick(lang, "Không vẽ được bản đồ; tải lại trang.", "The map could not be drawn; reload the page."),
    }


def show(m: folium.Map, *, key: str, height: int = 500, layers=(), layer_control: folium.LayerControl | None = None,
         center=None, zoom=None, report_view: bool = False, report_clicks: bool = False, lang: str = "vi",
         cache_key=None) -> MapEvents:
    """Draw ``m`` in the page; ``layers`` and ``layer_control`` change without the map being drawn again.

    ``cache_key``, when given, must name everything ``m`` is made from (not its layers): the map's script is
    then reused from an earlier run with the same key."""
    data = map_data(m, layers, layer_control, height, center, zoom, lang, cache_key)
    data.update(report_view=report_view, report_clicks=report_clicks)
    # Registered on every run, as Streamlit's own examples do: the same definition again is a no-op,
    # and a registry of a new runtime (a test's) gets it too.
    component = st.components.v2.component("hanoi_map", js=_JS, isolate_styles=False)
    result = component(key=key, data=data, default={"view": None}, on_view_change=_nothing, on_clicked_change=_nothing,
                       height=height + 2)
    view, clicked = result.get("view"), result.get("clicked")
    if isinstance(view, dict) and all(k in view for k in ("lat", "lng", "zoom")):
        return MapEvents((float(view["lat"]), float(view["lng"])), int(view["zoom"]), clicked if isinstance(clicked, dict) else None)
    return MapEvents(clicked=clicked if isinstance(clicked, dict) else None)


def _nothing() -> None:
    """The element's values are read from its result; a callback is only what makes them state."""
