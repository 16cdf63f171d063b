"""The shareable link: which query parameters exist, what they may hold, and versions.

A link opens exactly the view its sender saw, so every piece of the view is a query
parameter, written as stable codes (never labels, which change with the language). The
filters' parameters come from the filter catalogue (:data:`geo.core.filters.FILTERS`);
the other parts of a view are declared here, once each. ``v`` names the scheme
version; :func:`migrate` turns an older link into the current one. Anything not in
the scheme, or a value it does not allow, is dropped with a notice instead of failing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from geo.core import filters, history, vocab
from geo.errors import Message
from geo.language import dates, i18n

SCHEME_VERSION = "1"
MAX_TEXT = 200
_SITE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


@dataclass(frozen=True)
class Param:
    """One query parameter: what kind of value it holds, its default, and its allowed values.

    ``choices`` lists the allowed values when they are fixed; ``options`` names where they
    come from when they depend on the data (see :func:`option_sources`).
    """

    name: str
    kind: str  # "version", "one", "multi", "text", "bool", "date", "lat", "lon", "zoom", "site"
    default: object = None
    choices: tuple = ()
    options: str = ""
    widget: bool = True  # bound to a widget; False: set by the app (map view, open site)

    def allowed(self, sources: dict[str, list[str]]) -> set[str] | None:
        if self.choices:
            return set(self.choices)
        if self.options:
            return set(sources.get(self.options, ()))
        return None


VERSION = Param("v", "version", widget=False)
LANG = Param("lang", "one", "vi", choices=i18n.LANGS)
WHEN = Param("when", "one", "today", choices=("today", *(str(y) for y in history.PLAN_YEARS), "date"))
ASOF = Param("asof", "date")
COLOR = Param("color", "one", "kind", options="colour_by")
BOUNDARIES = Param("bl", "one", "none", choices=("none", "districts", "units"))
SHADE_TARGET = Param("ct", "one", "p307-1", options="share_targets")
ONLY_SHORT = Param("only_short", "bool", False)
#: How the Sites page's list (and its files) are ordered: the highest inspection priority first, or by name.
SORT = Param("sort", "one", "priority", choices=("priority", "name"))
TARGET = Param("tgt", "one", "p307-1", options="share_targets")
GROUPING = Param("grp", "one", "old_district", choices=("old_district", "new_unit"))
UNIT = Param("unit", "one", "", options="areas")
TARGETS_VIEW = Param("tv", "one", "breakdown", choices=("breakdown", "blockers", "plans"))
REPORT_AREA = Param("ra", "one", "", options="report_areas")
#: The plan period shown; "current" is the period of the viewing date (2026-2030 today).
PERIOD = Param("per", "one", "current", options="periods")  # "old_district:277", "new_unit:10006" or "" (the city)
#: The "what changed" window: recorded after SINCE, up to the end of UNTIL.
SINCE = Param("since", "date")
UNTIL = Param("until", "date")
LAT = Param("lat", "lat", widget=False)
LON = Param("lon", "lon", widget=False)
ZOOM = Param("z", "zoom", widget=False)
SITE = Param("site", "site", widget=False)
PLAN = Param("plan", "id", widget=False)  # an inspection plan (the Plans page checks that it exists)
MISSING_PATH = Param("from", "text", widget=False)  # the address that named no page (the not-found page says it)


def _filter_param(spec: filters.FilterSpec) -> Param:
    source = f"vocab:{spec.column}" if spec.options == "vocab" else spec.options
    return Param(spec.param, filters.WIDGETS[spec.widget], spec.default, options=source)


#: Every parameter of the scheme, in the order links are written.
PARAMS: dict[str, Param] = {p.name: p for p in (
    VERSION, LANG, *(_filter_param(f) for f in filters.FILTERS), WHEN, ASOF,
    COLOR, BOUNDARIES, SHADE_TARGET, ONLY_SHORT, SORT, TARGET, GROUPING, UNIT, TARGETS_VIEW, REPORT_AREA, PERIOD, SINCE, UNTIL, LAT, LON, ZOOM, SITE, PLAN, MISSING_PATH,
)}
#: Set by the app itself (the map view, the open site), not by a widget.
VIEW_PARAMS = tuple(p.name for p in PARAMS.values() if not p.widget and p is not VERSION)

#: Older scheme versions -> {old name: new name}; an empty mapping means nothing changed.
RENAMES: dict[str, dict[str, str]] = {}


def option_sources(areas: dict[str, dict[str, str]], targets, colour_by) -> dict[str, list[str]]:
    """The allowed values of every data-dependent parameter, by source name."""
    share = [t.id for t in targets if t.measure == "share_of_sites"]
    out = {
        "colour_by": list(colour_by),
        "share_targets": share,
        "periods": ["current", *dict.fromkeys(t.period for t in targets if t.period)],
        "areas": [*areas.get("old_district", {}), *areas.get("new_unit", {})],
        "report_areas": [f"{level}:{code}" for level in ("old_district", "new_unit") for code in areas.get(level, {})],
        **{f"vocab:{name}": voc.codes() for name, voc in vocab.FIELD_VOCAB.items()},
    }
    for spec in filters.FILTERS:
        if spec.options and spec.options != "vocab":
            out[spec.options] = filters.options(spec, areas, targets)
    return out


@dataclass(frozen=True)
class Notice:
    """A parameter of the link that was dropped, and why."""

    param: str
    message: Message
    dropped: str = ""  # the first value that was dropped, as it came

    def text(self, lang: str = "vi") -> str:
        return self.message.text(lang)


def migrate(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """Rename parameters of an older scheme version to the current names."""
    version = (params.get("v") or [SCHEME_VERSION])[0]
    renames = RENAMES.get(version, {})
    return {renames.get(k, k): v for k, v in params.items()}


def check(params: dict[str, list[str]], sources: dict[str, list[str]], site_ids=None) -> tuple[dict, list[Notice]]:
    """Split incoming parameters into the ones to keep and notices about the rest."""
    keep: dict[str, list[str]] = {}
    notices: list[Notice] = []
    for name, values in migrate(params).items():
        spec = PARAMS.get(name)
        if spec is None:
            notices.append(Notice(name, Message(f"Đã bỏ qua tham số không hợp lệ '{_shorten(name)}'.",
                                                f"Ignored unknown link parameter '{_shorten(name)}'.")))
            continue
        good = list(dict.fromkeys(v for v in values if _valid(spec, v, sources, site_ids)))
        kept = good if spec.kind == "multi" else good[:1]
        dropped = [v for v in dict.fromkeys(values) if v not in kept]
        if dropped:  # what was dropped, not what was kept or could have been
            shown = _shorten(", ".join(dropped))
            notices.append(Notice(name, Message(f"Đã bỏ qua giá trị không dùng được của '{name}': {shown}.",
                                                f"Ignored value(s) of '{name}' that cannot be used: {shown}."),
                                  dropped=_shorten(dropped[0], 80)))
        if kept:
            keep[name] = kept
    return keep, notices


def _valid(spec: Param, value: str, sources, site_ids) -> bool:
    kind = spec.kind
    if len(value) > MAX_TEXT:
        return False
    if kind == "version":
        return value == SCHEME_VERSION or value in RENAMES
    if kind in ("multi", "one"):
        allowed = spec.allowed(sources)
        return allowed is None or value in allowed
    if kind == "text":
        return all(ch.isprintable() for ch in value)
    if kind == "bool":
        return value in ("true", "false")
    if kind == "date":
        day = dates.parse_date(value) if len(value) == 10 else None
        return day is not None and dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1)
    if kind in ("lat", "lon", "zoom"):
        try:
            number = float(value)
        except ValueError:
            return False
        lo, hi = {"lat": (20.0, 22.0), "lon": (104.5, 107.0), "zoom": (7, 19)}[kind]
        return lo <= number <= hi
    if kind == "site":
        return bool(_SITE_ID.match(value)) and (site_ids is None or value in site_ids)
    if kind == "id":
        return bool(_SITE_ID.match(value))
    return False


def _shorten(value: str, limit: int = 40) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= limit else value[:limit] + "…"


def share_url(base: str, page_path: str, params: dict[str, list[str] | str]) -> str:
    """A full link from a base URL, the page's path and the current parameters."""
    pairs = []
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    query = urlencode(pairs)
    return f"{base.rstrip('/')}/{page_path}" + (f"?{query}" if query else "")


def to_widget_values(keep: dict[str, list[str]]) -> dict[str, object]:
    """Checked parameters as widget values: lists for multi-selects, bools, dates, strings."""
    out: dict[str, object] = {}
    for name, values in keep.items():
        spec = PARAMS[name]
        if not spec.widget:
            continue
        if spec.kind == "multi":
            out[name] = list(dict.fromkeys(values))
        elif spec.kind == "bool":
            out[name] = values[0] == "true"
        elif spec.kind == "date":
            out[name] = dates.parse_date(values[0])
        else:
            out[name] = values[0]
    return out


def as_of(values: dict[str, object], today: dt.date | None = None) -> dt.date:
    """The date a link's view shows: today, the end of a plan year, or the date it names (as the sidebar reads it)."""
    today = today or dates.today()
    when = values.get(WHEN.name, WHEN.default)
    if when == "date":
        return values.get(ASOF.name) or today
    if when in {str(y) for y in history.PLAN_YEARS}:
        return dt.date(int(when), 12, 31)
    return today


def from_widget_values(values: dict[str, object]) -> dict[str, list[str]]:
    """Widget values as link parameters, in the scheme's order, leaving out empty values and defaults."""
    params: dict[str, list[str]] = {VERSION.name: [SCHEME_VERSION]}
    for name, spec in PARAMS.items():
        value = values.get(name)
        if spec is VERSION or value is None or _is_default(spec, value):
            continue
        if spec.kind == "multi":
            if value:
                params[name] = [str(v) for v in value]
        elif spec.kind == "bool":
            params[name] = ["true" if value else "false"]
        elif spec.kind == "date":
            params[name] = [value.isoformat() if hasattr(value, "isoformat") else str(value)]
        elif str(value) != "":
            params[name] = [str(value)]
    return params


def _is_default(spec: Param, value) -> bool:
    if spec.kind == "multi":
        return not value
    return spec.default is not None and value == spec.default
