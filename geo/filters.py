"""The sidebar filters as a plain value, and applying them to a state frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

import pandas as pd

from geo import indicators, text

#: Filter field -> the state column it constrains (multi-select of codes).
COLUMN_OF = {
    "kinds": "kind",
    "old_districts": "old_district_code",
    "new_units": "new_unit_code",
    "sectors": "sector",
    "operating": "operating_status",
    "ww": "ww_status",
    "hw": "haz_waste",
    "water": "water_class",
    "air": "air_class",
    "soil": "soil_class",
    "ep": "ep_all_met",
}


@dataclass(frozen=True)
class Filters:
    kinds: tuple = ()
    old_districts: tuple = ()
    new_units: tuple = ()
    sectors: tuple = ()
    operating: tuple = ()
    ww: tuple = ()
    hw: tuple = ()
    water: tuple = ()
    air: tuple = ()
    soil: tuple = ()
    ep: tuple = ()
    short_of: tuple = ()  # target ids: keep sites that fall short of any of them
    overdue: bool = False  # only sites with a required action past its deadline
    query: str = ""
    as_of: dt.date = field(default_factory=dt.date.today)

    def active(self) -> dict:
        """The filters that restrict anything, for export metadata."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "as_of":
                continue
            if value:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def shortfall_column(target_id: str) -> str:
    return f"short__{target_id}"


def add_shortfall_flags(state: pd.DataFrame, targets) -> pd.DataFrame:
    """One boolean column per target: the site is in its denominator and does not meet it."""
    out = state.copy()
    for target in targets:
        ev = indicators.evaluate(target, state)
        flag = pd.Series(False, index=state.index)
        if target.measure == "share_of_sites":
            flag.loc[ev.index] = ~ev["met"]
        out[shortfall_column(target.id)] = flag
    return out


def add_overdue_counts(state: pd.DataFrame, inspection_records: pd.DataFrame, as_of) -> pd.DataFrame:
    """``overdue_actions``: how many required actions of the site's inspections are past due on ``as_of``."""
    from geo import inspections

    out = state.copy()
    late = inspections.overdue_actions(inspection_records, as_of) if len(inspection_records) else None
    counts = late["site_id"].value_counts() if late is not None and len(late) else pd.Series(dtype=int)
    out["overdue_actions"] = out["site_id"].map(counts).fillna(0).astype(int)
    return out


def apply(state: pd.DataFrame, f: Filters, search_keys: pd.Series | None = None) -> pd.DataFrame:
    """Rows of ``state`` that pass every active filter (AND across filters, OR within one)."""
    mask = pd.Series(True, index=state.index)
    for name, column in COLUMN_OF.items():
        wanted = getattr(f, name)
        if wanted:
            mask &= state[column].isin(wanted)
    if f.short_of:
        any_short = pd.Series(False, index=state.index)
        for tid in f.short_of:
            col = shortfall_column(tid)
            if col in state.columns:
                any_short |= state[col]
        mask &= any_short
    if f.overdue and "overdue_actions" in state.columns:
        mask &= state["overdue_actions"] > 0
    if f.query.strip():
        keys = search_keys if search_keys is not None else _search_keys(state)
        mask &= keys.map(lambda k: text.matches(f.query, k))
    return state[mask]


def _search_keys(state: pd.DataFrame) -> pd.Series:
    cols = [c for c in ("name", "craft", "old_commune_name", "old_district_name", "new_unit_name", "site_id") if c in state]
    return state[cols].fillna("").astype(str).agg(" ".join, axis=1)

