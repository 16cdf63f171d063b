"""The sidebar filters: one catalogue entry each, a :class:`Filters` value, and applying it.

A :class:`FilterSpec` says everything about one filter: its link parameter, its labels,
the column it constrains, the widget, where its options come from and its default. The
link scheme (:mod:`geo.core.links`), the sidebar, :func:`apply` and the filters written
into exports all read :data:`FILTERS`, so adding a filter is adding one entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from geo.core import history, indicators, inspections, priority, vocab
from geo.language import dates, i18n, text

#: Widgets a filter can have, and the kind of link value each holds.
WIDGETS = {"multiselect": "multi", "text": "text", "toggle": "bool"}
#: Where a multi-select's options come from ("vocab": the column's vocabulary).
OPTION_SOURCES = ("vocab", "old_district", "new_unit", "targets")
#: Columns a text search looks in.
SEARCH_COLUMNS = ("name", "craft", "old_commune_name", "old_district_name", "new_unit_name", "site_id")


@dataclass(frozen=True)
class FilterSpec:
    param: str  # the link parameter, also the widget's session key
    label_vi: str
    label_en: str
    column: str  # the state column it constrains ("" for the search and the targets filter)
    widget: str  # a key of WIDGETS
    options: str = ""  # multiselect: one of OPTION_SOURCES
    more: bool = False  # shown under "More filters"
    placeholder_vi: str = "Tất cả"
    placeholder_en: str = "All"

    @property
    def default(self):
        return {"multiselect": (), "text": "", "toggle": False}[self.widget]

    def label(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.label_vi, self.label_en)

    def placeholder(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.placeholder_vi, self.placeholder_en)

    def mask(self, state: pd.DataFrame, value, search_keys: pd.Series | None = None) -> pd.Series:
        """Rows that pass this filter (OR within a multi-select)."""
        if self.widget == "text":
            keys = search_keys if search_keys is not None else search_text(state)
            exact = keys.map(lambda k: text.matches(value, k))
            if exact.any():
                return exact
            return keys.map(lambda k: text.resembles(value, k))  # nothing as typed: allow for a typo
        if self.widget == "toggle":
            return state[self.column] > 0 if self.column in state.columns else pd.Series(True, index=state.index)
        if self.options == "targets":
            hit = pd.Series(False, index=state.index)
            for tid in value:
                column = shortfall_column(tid)
                if column in state.columns:
                    hit |= state[column]
            return hit
        return state[self.column].isin(value)


def _field_filter(param: str, column: str) -> FilterSpec:
    """A filter on a coded status column, labelled as the column is everywhere else."""
    vi, en = i18n.FIELD_LABELS[column]
    return FilterSpec(param, vi, en, column, "multiselect", "vocab", more=True)


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec("q", "Tìm theo tên, nghề, địa bàn", "Search name, craft, place", "", "text",
               placeholder_vi="bat trang…", placeholder_en="bat trang…"),
    FilterSpec("kind", "Loại hình", "Kind", "kind", "multiselect", "vocab"),
    FilterSpec("od", "Quận/huyện cũ (trước 7/2025)", "Old district (before 7/2025)", "old_district_code", "multiselect",
               "old_district"),
    FilterSpec("nu", "Xã/phường mới (từ 7/2025)", "New unit (from 7/2025)", "new_unit_code", "multiselect", "new_unit"),
    FilterSpec("short", "Chưa đạt chỉ tiêu", "Falls short of target", "", "multiselect", "targets",
               placeholder_vi="Không lọc", placeholder_en="Any"),
    _field_filter("band", "priority_band"),
    FilterSpec("overdue", "Có yêu cầu khắc phục quá hạn", "Has overdue required actions", "overdue_actions", "toggle"),
    _field_filter("sector", "sector"),
    _field_filter("op", "operating_status"),
    _field_filter("ww", "ww_status"),
    _field_filter("hw", "haz_waste"),
    _field_filter("wat", "water_class"),
    _field_filter("air", "air_class"),
    _field_filter("soil", "soil_class"),
    _field_filter("ep", "ep_all_met"),
    _field_filter("rl", "roadmap_list"),
)
BY_PARAM: dict[str, FilterSpec] = {f.param: f for f in FILTERS}


def options(spec: FilterSpec, areas: dict[str, dict[str, str]], targets) -> list[str]:
    """The codes a multi-select offers; ``areas`` maps 'old_district'/'new_unit' to code -> name."""
    if spec.options == "vocab":
        return vocab.FIELD_VOCAB[spec.column].codes()
    if spec.options in ("old_district", "new_unit"):
        return sorted(areas.get(spec.options, {}))
    if spec.options == "targets":
        return [t.id for t in targets if t.measure == "share_of_sites"]
    return []


def option_label(spec: FilterSpec, code: str, lang: str, areas: dict[str, dict[str, str]], targets) -> str:
    """How one option reads in the chosen language."""
    if spec.options == "vocab":
        return vocab.label(spec.column, code, lang)
    if spec.options in ("old_district", "new_unit"):
        return areas.get(spec.options, {}).get(code, code)
    if spec.options == "targets":
        return next((t.short(lang) for t in targets if t.id == code), code)
    return str(code)


@dataclass(frozen=True)
class Filters:
    """The chosen filters (link parameter -> value, defaults left out) and the date of the state."""

    chosen: tuple = ()  # ((param, value), ...) in catalogue order; hashable, so it can key a cache
    as_of: dt.date = field(default_factory=dates.today)

    @classmethod
    def of(cls, as_of: dt.date | None = None, **values) -> Filters:
        unknown = sorted(set(values) - set(BY_PARAM))
        if unknown:
            raise KeyError(f"no such filter: {unknown}")
        chosen = []
        for spec in FILTERS:
            value = values.get(spec.param, spec.default)
            value = tuple(value) if spec.widget == "multiselect" else (bool(value) if spec.widget == "toggle" else (value or ""))
            if value != spec.default:
                chosen.append((spec.param, value))
        return cls(tuple(chosen), as_of or dates.today())

    def get(self, param: str):
        return dict(self.chosen).get(param, BY_PARAM[param].default)

    def active(self) -> dict:
        """The filters that restrict anything, param -> value (lists for multi-selects)."""
        return {p: list(v) if isinstance(v, tuple) else v for p, v in self.chosen}

    def describe(self, lang: str, areas: dict[str, dict[str, str]], targets) -> dict[str, str]:
        """The active filters in words, label -> chosen options, for export metadata."""
        out = {}
        for param, value in self.chosen:
            spec = BY_PARAM[param]
            if spec.widget == "multiselect":
                out[spec.label(lang)] = ", ".join(option_label(spec, c, lang, areas, targets) for c in value)
            elif spec.widget == "toggle":
                out[spec.label(lang)] = i18n.pick(lang, "Có", "Yes")
            else:
                out[spec.label(lang)] = str(value)
        return out


def apply(state: pd.DataFrame, f: Filters, search_keys: pd.Series | None = None) -> pd.DataFrame:
    """Rows of ``state`` that pass every active filter (AND across filters, OR within one)."""
    mask = pd.Series(True, index=state.index)
    for param, value in f.chosen:
        spec = BY_PARAM[param]
        if spec.widget == "text" and not str(value).strip():
            continue
        mask &= spec.mask(state, value, search_keys)
    return state[mask]


def in_area(rows: pd.DataFrame, area: str) -> pd.DataFrame:
    """The rows of one area, as the report, the changes and the subscriptions name it: "" or "city" (every row),
    "old_district:277" or "new_unit:10006"."""
    if area in ("", "city"):
        return rows
    level, _, code = area.partition(":")
    if level not in indicators.GROUPINGS:
        return rows.iloc[0:0]  # no such level: no rows, never an error
    return rows[rows[indicators.GROUPINGS[level][0]] == code]


def falling_short(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that fall short of at least one target ("only sites falling short" on the Sites page and in its links)."""
    flags = [c for c in rows.columns if c.startswith("short__")]
    return rows[rows[flags].any(axis=1)] if flags else rows.iloc[0:0]


def sort_rows(rows: pd.DataFrame, how: str = "priority") -> pd.DataFrame:
    """The list's order: "priority" puts the highest score first (then by name), "name" goes by name alone
    (diacritics folded, so "Đ" sorts with "D" as Vietnamese readers expect)."""
    key = rows["name"].fillna("").map(text.fold) if "name" in rows.columns else pd.Series("", index=rows.index)
    if how == "priority" and priority.SCORE in rows.columns:
        order = pd.DataFrame({"s": -rows[priority.SCORE], "n": key}).sort_values(["s", "n"], kind="stable").index
    else:
        order = key.sort_values(kind="stable").index
    return rows.loc[order]


def view_state(sites, changes: pd.DataFrame, inspection_records: pd.DataFrame, as_of, targets, rules=None, rivers=None):
    """Sites on ``as_of`` with what the filters need (overdue actions, shortfalls, priority): the one frame
    every view filters, on the dashboard's pages and through its services alike. ``rules`` are the priority
    factors (:func:`geo.core.priority.load_rules`), ``rivers`` the rivers layer where it is installed."""
    state = history.state_as_of(sites, changes, as_of)
    state = add_overdue_counts(state, inspection_records, as_of)
    if rules is not None:
        state = priority.add_scores(state, rules, priority_inputs(state, changes, inspection_records, as_of, rivers))
    return add_shortfall_flags(state, targets)


def priority_inputs(sites, changes, inspection_records, as_of, rivers=None) -> priority.Inputs:
    """What the priority factors read besides the state (its records, the distance to a river)."""
    metres, names = priority.river_distances(sites, rivers)
    return priority.Inputs(changes, inspection_records, dates.parse_date(as_of), metres, names)


def did_you_mean(state: pd.DataFrame, query: str) -> list[str]:
    """Names and places like ``query``, when it matches nothing as typed (a typo): what to search instead."""
    if not str(query).strip() or search_text(state).map(lambda k: text.matches(query, k)).any():
        return []
    places = [text.nfc(p) for col in ("old_commune_name", "new_unit_name", "old_district_name") if col in state
              for p in state[col].dropna().unique()]
    bare = [re.sub(r"^(Xã|Phường|Thị trấn|Huyện|Quận|Thị xã)\s+", "", p) for p in places]
    return text.suggest(query, [*bare, *state["name"].dropna()])


def search_text(state: pd.DataFrame) -> pd.Series:
    """What a search looks in, one string per site."""
    cols = [c for c in SEARCH_COLUMNS if c in state]
    return state[cols].fillna("").astype(str).agg(" ".join, axis=1)


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
    """``overdue_actions``: how many required actions of the site's inspections are past due on ``as_of``;
    ``overdue_days``: how late the latest of them is (none: missing), which the priority reads."""
    out = state.copy()
    late = inspections.overdue_actions(inspection_records, as_of) if len(inspection_records) else None
    counts = late["site_id"].value_counts() if late is not None and len(late) else pd.Series(dtype=int)
    days = late.groupby("site_id")["days_overdue"].max() if late is not None and len(late) else pd.Series(dtype=float)
    out["overdue_actions"] = out["site_id"].map(counts).fillna(0).astype(int)
    out["overdue_days"] = out["site_id"].map(days).astype(float)
    return out
