"""Cached loaders: the store, boundaries, targets, the state on a date and scorecards.

Caches are keyed on the store and its data version (which every write changes), never
on a GeoDataFrame, which Streamlit cannot hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

import geo
from geo import settings
from geo.core import figures, filters, history, indicators, plan_tasks, priority, scorecard
from geo.errors import BoundariesUnavailable, DashboardError, Message
from geo.language import dates
from geo.places import boundaries as boundaries_mod
from geo.views import assets
from ui import markdown

APP_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Context:
    """What every run starts from: settings, the store, the targets, boundaries, today's state."""

    settings: settings.Settings
    store: geo.Store
    targets: list
    boundaries: boundaries_mod.Boundaries | None
    boundaries_error: Message | None  # why there are none
    today: gpd.GeoDataFrame  # every site today, with shortfall flags
    areas: dict  # 'old_district' / 'new_unit' -> code -> name
    #: The store's data version when this run began: every frame of the run is of this version.
    data_version: str = ""


def get_settings() -> settings.Settings:
    return settings.from_environ()


@st.cache_resource(show_spinner="Đang chuẩn bị dữ liệu lần đầu… / Preparing data for the first time…")
def get_store(store_key: str) -> geo.Store:
    """The configured store (GeoPackage file or PostGIS URL), opened once per process."""
    assets.install_static(APP_DIR / "static")
    return geo.open_store(get_settings())


@st.cache_resource(show_spinner=False)
def get_boundaries(directory: str | None):
    try:
        return boundaries_mod.load_boundaries(directory), None
    except BoundariesUnavailable as exc:
        return None, exc


@st.cache_data(show_spinner=False)
def get_targets(path: str):
    return geo.load_targets(Path(path))


@st.cache_data(show_spinner=False)
def get_periods(path: str):
    return indicators.load_periods(Path(path))


def get_figures() -> tuple:
    return figures.load_figures(get_settings().figures_file)


@st.cache_data(show_spinner=False)
def get_tasks(path: str) -> pd.DataFrame:
    return plan_tasks.load_tasks(Path(path))


@st.cache_resource(show_spinner=False, max_entries=2)
def get_history(store_key: str, data_version: str) -> pd.DataFrame:
    """Every status record, read once per data version: each state and each card's freshness uses it."""
    return get_store(store_key).read_history()


@st.cache_resource(show_spinner=False, max_entries=32)
def get_state(store_key: str, data_version: str, as_of: dt.date, targets_path: str) -> gpd.GeoDataFrame:
    """Sites on ``as_of`` with shortfall flags; keyed on the data version, not the frame.

    One shared frame that nothing modifies (every filter and page derives new frames, kept
    apart by pandas' copy-on-write): ``st.cache_data`` would unpickle a copy on every run,
    0.2 s at 50,000 sites.
    """
    s = get_store(store_key)
    cfg = get_settings()
    b, _ = get_boundaries(str(cfg.boundaries_dir) if cfg.boundaries_configured else None)
    return filters.view_state(s.read_site_table(), get_history(store_key, data_version), s.read_inspections(), as_of,
                              get_targets(targets_path), get_priority(str(cfg.priority_file)), b.rivers if b else None)


@st.cache_data(show_spinner=False)
def get_priority(path: str):
    """The priority factors and bands (data/priority.toml)."""
    return priority.load_rules(Path(path))


@st.cache_data(show_spinner=False, max_entries=256)
def get_card(store_key: str, data_version: str, as_of: dt.date, target_id: str, site_ids: tuple | None,
             targets_path: str) -> scorecard.Card:
    """A scorecard, cached per data version, date, target and set of sites (a filter change
    back to a set seen before costs nothing)."""
    target = next(t for t in get_targets(targets_path) if t.id == target_id)
    period = next((p for p in get_periods(targets_path) if p.id == target.period), None)
    days = period.days(as_of) if period is not None else [d for d in history.year_ends() if d < as_of] + [as_of]
    states = {d: get_state(store_key, data_version, d, targets_path) for d in days}
    return scorecard.card(target, states, as_of, None if site_ids is None else set(site_ids), period,
                          get_history(store_key, data_version), get_figures())


def context() -> Context:
    """This run's context; a configuration or store problem is shown in words and the run stops."""
    try:
        cfg = get_settings()
        store = get_store(cfg.store_key)
        targets = get_targets(str(cfg.targets_file))
    except DashboardError as exc:
        st.error(markdown.text(str(exc)), icon=":material/error:")
        st.stop()
    b, b_error = get_boundaries(str(cfg.boundaries_dir) if cfg.boundaries_configured else None)
    version = store.data_version()
    today = get_state(cfg.store_key, version, dates.today(), str(cfg.targets_file))
    areas = get_areas(cfg.store_key, version, str(cfg.targets_file), str(cfg.boundaries_dir) if cfg.boundaries_configured else None)
    return Context(cfg, store, targets, b, b_error.message if b_error else None, today, areas, version)


@st.cache_resource(show_spinner=False, max_entries=4)
def get_areas(store_key: str, data_version: str, targets_path: str, boundaries_dir: str | None) -> dict:
    """The names of the former districts and new units, once per data version (0.02 s a run at 5,000 sites)."""
    today = get_state(store_key, data_version, dates.today(), targets_path)
    b, _ = get_boundaries(boundaries_dir)
    return {level: boundaries_mod.area_names(today, b, level) for level in ("old_district", "new_unit")}


def state_on(ctx: Context, as_of: dt.date) -> gpd.GeoDataFrame:
    if as_of == dates.today():
        return ctx.today
    return get_state(ctx.settings.store_key, ctx.data_version, as_of, str(ctx.settings.targets_file))


def card(ctx: Context, as_of: dt.date, target_id: str, site_ids: tuple | None) -> scorecard.Card:
    return get_card(ctx.settings.store_key, ctx.data_version, as_of, target_id, site_ids, str(ctx.settings.targets_file))
