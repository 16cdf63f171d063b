"""The Map page's site layers, their rows registered at an address of their own (:mod:`geo.services.mapdata`)."""

from __future__ import annotations

from geo.services import mapdata
from geo.views import maps
from ui import server


def site_layers(view, color_by: str) -> list:
    """The layers of the view's sites; the rows are fetched by the map from a URL that names their content."""
    key = mapdata.REGISTRY.key(view.settings.store_key, view.ctx.data_version, view.as_of, view.filters.chosen, color_by, view.lang)
    rows, lang = view.filtered, view.lang
    mapdata.REGISTRY.prepare(key, lambda: maps.site_rows(rows, color_by, lang))
    return maps.site_layers(view.filtered, color_by, view.lang, data_url=server.prefixed(f"{mapdata.PATH}/{key}.json"))
