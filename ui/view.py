"""The view of this run: what the sidebar chose, the data it selects, and its link.

Every widget that shapes the view is a parameter of the link (:mod:`geo.core.links`):
the address bar always holds the current view, in stable codes rather than labels, and
a copied link reopens it. (Streamlit's ``bind="query-params"`` writes the *labels* of
options into the URL, which would break links when the language or a label changes.)
The router publishes one :class:`View` per run; pages read it with :func:`current`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import geopandas as gpd
import streamlit as st

import geo
from geo.access import auth
from geo.core import filters, links, priority, scorecard
from geo.language import i18n
from geo.views import palettes
from ui import keys, loaders


@dataclass
class View:
    """Everything a page needs for this run."""

    lang: str
    ctx: loaders.Context
    as_of: dt.date
    state: gpd.GeoDataFrame  # every site on ``as_of``, with shortfall flags
    filtered: gpd.GeoDataFrame
    filters: filters.Filters
    pages: dict = field(default_factory=dict)
    user: auth.User | None = None  # None: not signed in (viewing needs no sign-in)

    # -- what pages read -------------------------------------------------------
    @property
    def settings(self):
        return self.ctx.settings

    @property
    def store(self) -> geo.Store:
        return self.ctx.store

    @property
    def targets(self) -> list:
        return self.ctx.targets

    @property
    def boundaries(self):
        return self.ctx.boundaries

    @property
    def boundaries_error(self) -> str:
        """Why there are no boundary layers, without server paths (administrators see the detail on the Data page)."""
        if not self.ctx.boundaries_error:
            return ""
        return self.tr("Quản trị viên xem chi tiết ở trang Dữ liệu.", "Administrators see the details on the Data page.")

    @property
    def tr(self):
        """``view.tr(vi, en)``: the text in this view's language."""
        return i18n.translator(self.lang)

    @property
    def any_illustrative(self) -> bool:
        return bool(self.filtered["illustrative"].any()) if len(self.filtered) else False

    @property
    def periods(self) -> list:
        """The plan periods that have targets, oldest first."""
        used = {t.period for t in self.targets}
        return [p for p in loaders.get_periods(str(self.settings.targets_file)) if p.id in used]

    @property
    def current_period(self):
        """The period of the viewing date (after the last one: the last one)."""
        return geo.period_on(self.periods, self.as_of)

    def period(self, chosen: str | None = None):
        """The period a link or widget chose ("current" or an id), as a Period."""
        chosen = chosen if chosen is not None else st.session_state.get(keys.PERIOD, links.PERIOD.default)
        return next((p for p in self.periods if p.id == chosen), None) or self.current_period

    def period_targets(self, period) -> list:
        return [t for t in self.targets if t.period == period.id]

    def area_names(self, level: str) -> dict[str, str]:
        """Code -> name of every former district or new unit (sites' and the boundary layer's)."""
        return self.ctx.areas[level]

    def scorecard(self, target, site_ids=None) -> scorecard.Card:
        """The target's card over the filtered sites (or ``site_ids``): year ends up to the as-of date, and that date."""
        if site_ids is None and len(self.filtered) != len(self.state):
            site_ids = set(self.filtered["site_id"])
        ids = None if site_ids is None or len(site_ids) == len(self.state) else tuple(sorted(site_ids))
        return loaders.card(self.ctx, self.as_of, target.id, ids)

    @property
    def priority(self):
        """The priority factors and bands (data/priority.toml)."""
        return loaders.get_priority(str(self.settings.priority_file))

    def priority_lines(self, site_ids) -> dict[str, list]:
        """Each site's priority breakdown on this view's date (the site page, the visit lists)."""
        ids = [site_ids] if isinstance(site_ids, str) else list(site_ids)
        rows = self.state[self.state["site_id"].isin(set(ids))]
        rivers = self.boundaries.rivers if self.boundaries is not None else None
        inputs = filters.priority_inputs(rows, self.store.read_history(), self.store.read_inspections(), self.as_of, rivers)
        return {sid: priority.breakdown(rows, sid, self.priority, inputs) for sid in ids}

    def display_names(self) -> dict[str, str]:
        """User name -> display name, for saying who recorded or made something (read from the store once)."""
        users = self.store.list_users()
        return dict(zip(users["username"], users["display_name"]))

    def filters_in_words(self) -> dict[str, str]:
        """The active filters as an export states them: label -> chosen options, in this view's language."""
        return self.filters.describe(self.lang, self.ctx.areas, self.targets)

    def chosen_area_shapes(self) -> list:
        """The former districts and new units the filters chose, as shapes (none without boundary files)."""
        if self.boundaries is None:
            return []
        layers = {"old_district": self.boundaries.districts, "new_unit": self.boundaries.units}
        shapes = []
        for spec in filters.FILTERS:
            if spec.options in layers and self.filters.get(spec.param):
                layer = layers[spec.options]
                shapes += list(layer[layer["code"].isin(set(self.filters.get(spec.param)))].geometry)
        return shapes

    # -- the link ------------------------------------------------------------------
    def link(self, page_path: str | None = None) -> str:
        """The shareable link of the current view."""
        base = self.settings.public_url or _request_base()
        path = page_path if page_path is not None else st.session_state.get(keys.CURRENT_PATH, "")
        return links.share_url(base, path, link_params())

    def open_site(self, site_id: str) -> None:
        """The site's page, with every filter of this view in its link from the first render."""
        st.session_state[keys.VIEW_SITE] = site_id
        self._switch_to("site")

    def open_plan(self, plan_id: str | None) -> None:
        """The Plans page on one plan (or on the list, for None), its link written from the first render."""
        if plan_id:
            st.session_state[keys.VIEW_PLAN] = plan_id
        else:
            st.session_state.pop(keys.VIEW_PLAN, None)
        self._switch_to("plans")

    def _switch_to(self, page: str) -> None:
        """Another page with every part of this view in its link from the first render."""
        params = link_params()
        st.session_state[keys.LINK_WRITTEN] = params
        st.switch_page(self.pages[page], query_params=params)

    def sync_link(self) -> None:
        """Write the current view into the address bar (ui.history decides whether that is a new entry)."""
        params = link_params()
        if not _same({k: st.query_params.get_all(k) for k in st.query_params}, params):
            st.query_params.from_dict(params)
        st.session_state[keys.LINK_WRITTEN] = params


def current() -> View:
    """The view the router published for this run."""
    view = st.session_state.get(keys.VIEW)
    if not isinstance(view, View):
        raise RuntimeError("pages run under dashboard.py, which publishes the view first")
    return view


def publish(ctx: loaders.Context, lang: str, user, chosen: filters.Filters, pages: dict, current_page) -> View:
    """Build this run's view from the sidebar's choices and make it the current one."""
    state = loaders.state_on(ctx, chosen.as_of)
    view = View(lang=lang, ctx=ctx, as_of=chosen.as_of, state=state, filtered=filters.apply(state, chosen),
                filters=chosen, pages=pages, user=user)
    # The default page lives at "/" only: Streamlit answers its url_path with "Page not found".
    st.session_state[keys.CURRENT_PATH] = "" if current_page is pages["overview"] else current_page.url_path
    st.session_state[keys.VIEW] = view
    return view


def follow_link(ctx: loaders.Context) -> None:
    """Read the address into the widgets whenever it is not the one this app last wrote.

    That is the first run of a session (a shared link), and a run after Back or Forward or an
    address typed in: the link is then the whole view, so a part it does not name goes back to
    its default. Unknown parameters and values the scheme does not allow are dropped, each with
    a notice on screen; nothing in a link can make the page fail.
    """
    # Streamlit drops the value of a widget whose last change came from the app (a link, a reset)
    # when the page changes; kept in session state by the app itself, the value survives.
    for name, spec in links.PARAMS.items():
        if spec.widget and name in st.session_state:
            st.session_state[name] = st.session_state[name]
    incoming = {k: st.query_params.get_all(k) for k in st.query_params}
    written = st.session_state.get(keys.LINK_WRITTEN)
    if written is not None and _same(incoming, written):
        return
    if written is not None and not _same(link_params(), written):
        # A widget changed in this run while the address the browser sent was still an older one
        # (the app's last rewrite had not reached it): the user's choice wins, and the address
        # is rewritten at the end of the run. Otherwise a click during a rerun would be undone.
        return
    sources = links.option_sources(ctx.areas, ctx.targets, palettes.COLOR_BY)
    keep, notices = links.check(incoming, sources, set(ctx.today["site_id"]))
    values = links.to_widget_values(keep)
    if written is not None:  # not a fresh session: what the link leaves out is its default
        for name, spec in links.PARAMS.items():
            if spec.widget and name not in values and name in st.session_state:
                st.session_state[name] = [] if spec.kind == "multi" else spec.default
        for name in links.VIEW_PARAMS:
            st.session_state.pop(keys.view_key(name), None)
    for key, value in values.items():
        st.session_state[key] = value
    if any(filters.BY_PARAM[k].more for k in values if k in filters.BY_PARAM):
        st.session_state[keys.MORE_FILTERS] = True  # a filter the link sets is one the reader sees
    for name in links.VIEW_PARAMS:
        if name in keep:
            st.session_state[keys.view_key(name)] = keep[name][0]
    st.session_state[keys.LINK_NOTICES] = notices
    st.session_state[keys.LINK_WRITTEN] = incoming


def _same(a: dict, b: dict) -> bool:
    return {k: list(v) for k, v in a.items() if v} == {k: list(v) for k, v in b.items() if v}


def notices() -> list[links.Notice]:
    return st.session_state.get(keys.LINK_NOTICES, [])


def dropped_value(param: str) -> str:
    """The value of ``param`` the last link had but could not be used (a site id no site has), or ''."""
    return next((n.dropped for n in notices() if n.param == param and n.dropped), "")


def link_params() -> dict[str, list[str]]:
    """The current view as link parameters: widget values plus map view and site."""
    values = {name: st.session_state.get(name) for name, spec in links.PARAMS.items() if spec.widget and name in st.session_state}
    if values.get(keys.WHEN) != "date":
        values.pop(keys.ASOF, None)
    params = links.from_widget_values(values)
    for name in links.VIEW_PARAMS:
        value = st.session_state.get(keys.view_key(name))
        if value:
            params[name] = [str(value)]
    return params


def _request_base() -> str:
    url = getattr(st.context, "url", None)
    if not url:
        return "http://localhost:8501"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
