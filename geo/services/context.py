"""What every service request starts from: the store, the targets, the areas, and a link read as a view.

A link's query string means the same here as on the dashboard's pages: the same scheme
(:mod:`geo.core.links`), the same filters (:mod:`geo.core.filters`), the same state of the
same day, so a download or a feed for a link holds exactly the rows its page shows.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

import geopandas as gpd

from geo.core import filters, indicators, links, priority
from geo.core.links import Notice
from geo.errors import BoundariesUnavailable
from geo.language import dates
from geo.places import boundaries as boundaries_mod
from geo.views import palettes


@dataclass
class LinkView:
    """A link read as a view: its language, date, filters and the rows they leave."""

    lang: str
    as_of: dt.date
    chosen: filters.Filters
    rows: gpd.GeoDataFrame
    only_short: bool
    params: dict[str, list[str]]  # the checked parameters, as a link writes them
    notices: list[Notice] = field(default_factory=list)  # what the link held that the scheme does not allow


class ServiceContext:
    """One per process: the store and what is derived from it, each derived frame kept per data version."""

    def __init__(self, store, settings):
        self.store = store
        self.settings = settings
        self.targets = indicators.load_targets(settings.targets_file)
        self.priority = priority.load_rules(settings.priority_file)
        try:
            self.boundaries = boundaries_mod.load_boundaries(settings.boundaries_dir) if settings.boundaries_configured else None
        except BoundariesUnavailable:
            self.boundaries = None
        self._lock = threading.Lock()
        self._states: dict = {}
        self._areas: tuple | None = None

    def state(self, as_of: dt.date) -> gpd.GeoDataFrame:
        """Every site on ``as_of`` as the pages filter it; computed once per data version and date (a few kept)."""
        key = (self.store.data_version(), as_of)
        with self._lock:
            if key in self._states:
                return self._states[key]
        s = self.store
        state = filters.view_state(s.read_site_table(), s.read_history(), s.read_inspections(), as_of, self.targets,
                                   self.priority, self.boundaries.rivers if self.boundaries is not None else None)
        with self._lock:
            if len(self._states) >= 8:
                self._states.pop(next(iter(self._states)))
            self._states[key] = state
        return state

    def areas(self) -> dict[str, dict[str, str]]:
        """The names of the former districts and new units, once per data version (a link reads them, and so do its files)."""
        version = self.store.data_version()
        with self._lock:
            if self._areas is not None and self._areas[0] == version:
                return self._areas[1]
        today = self.state(dates.today())
        areas = {level: boundaries_mod.area_names(today, self.boundaries, level) for level in ("old_district", "new_unit")}
        with self._lock:
            self._areas = (version, areas)
        return areas

    def read_link(self, query: dict[str, list[str]]) -> LinkView:
        """A link's query string as the view it opens (unknown parameters and values dropped, each noted)."""
        sources = links.option_sources(self.areas(), self.targets, palettes.COLOR_BY)
        keep, notices = links.check(links.migrate(query), sources, set(self.state(dates.today())["site_id"]))
        values = links.to_widget_values(keep)
        as_of = links.as_of(values)
        chosen = filters.Filters.of(as_of, **{spec.param: values[spec.param] for spec in filters.FILTERS if spec.param in values})
        state = self.state(as_of)
        rows = filters.apply(state, chosen)
        only_short = bool(values.get(links.ONLY_SHORT.name, False))
        if only_short:
            rows = filters.falling_short(rows)
        rows = filters.sort_rows(rows, values.get(links.SORT.name, links.SORT.default))
        return LinkView(values.get(links.LANG.name, links.LANG.default), as_of, chosen, rows, only_short, keep, notices)
