"""What changed in an area, for the page and the meeting report alike (geo.core.changelog does the work)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.core import changelog, error_reports, filters
from geo.language import dates
from ui import loaders


def area_rows(view, scope: str):
    """The filtered sites of an area ("" the whole city as filtered, "old_district:277", "new_unit:10006")."""
    return filters.in_area(view.filtered, scope)


def made_entries(view):
    return view.store.read_entries(changelog.REPORT_MADE)


def default_since(view, scope: str, until: dt.date) -> dt.date:
    return changelog.default_since(made_entries(view), changelog.area_key(scope), until)


def between(view, scope: str, since: dt.date, until: dt.date):
    """(events, effect on each target) for the area's filtered sites."""
    rows = area_rows(view, scope)
    ids = set(rows["site_id"])
    store = view.store
    reports = error_reports.table(store.read_entries(error_reports.KIND), store.read_entries(error_reports.OUTCOME))
    events = changelog.events(view.state, loaders.get_history(view.settings.store_key, view.ctx.data_version),
                              store.read_inspections(), store.read_imports(), reports, since, until, ids)
    effect = changelog.effect(view.targets, loaders.state_on(view.ctx, since), loaders.state_on(view.ctx, until), ids)
    return events, effect


def mark_report_made(view, scope: str, fmt: str) -> None:
    """Remember that a meeting report was made for the area: the next "what changed" starts from it."""
    area = changelog.area_key(scope)
    view.store.append_entries([{"kind": changelog.REPORT_MADE, "subject": area, "recorded_by": view.user.username if view.user else "",
                                "body": {"format": fmt, "as_of": view.as_of.isoformat(), "lang": view.lang}}])


def seed_dates(view, scope: str) -> None:
    """Put the window's dates into the widgets (and so into the link) when the link does not name them."""
    until = min(st.session_state.get("until") or dates.today(), dates.today())
    st.session_state["until"] = until
    if not st.session_state.get("since"):
        st.session_state["since"] = default_since(view, scope, until)
