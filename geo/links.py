"""The shareable link: which query parameters exist, what they may hold, and versions.

A link opens exactly the view its sender saw, so every piece of the view is a query
parameter. ``v`` names the scheme version; :func:`migrate` turns an older link into the
current one, so links made today keep working when parameters are added. Anything not
in the scheme, or a value it does not allow, is dropped with a notice instead of failing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

SCHEME_VERSION = "1"

#: Parameters bound to widgets: name -> kind of value ("multi" codes, "one" code, "text", ...).
PARAMS: dict[str, str] = {
    "v": "version",
    "lang": "one",
    "kind": "multi",
    "od": "multi",
    "nu": "multi",
    "sector": "multi",
    "op": "multi",
    "ww": "multi",
    "hw": "multi",
    "wat": "multi",
    "air": "multi",
    "soil": "multi",
    "ep": "multi",
    "short": "multi",
    "q": "text",
    "when": "one",
    "asof": "date",
    "color": "one",
    "bl": "one",
    "ct": "one",
    "only_short": "bool",
    "overdue": "bool",
    "tgt": "one",
    "grp": "one",
    "unit": "one",
    "tv": "one",
    # Set by the app itself, not by a widget:
    "lat": "lat",
    "lon": "lon",
    "z": "zoom",
    "site": "site",
}

#: Older scheme versions -> {old name: new name}; an empty mapping means nothing changed.
RENAMES: dict[str, dict[str, str]] = {}

MAX_TEXT = 200
_SITE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


@dataclass(frozen=True)
class Notice:
    param: str
    message_vi: str
    message_en: str

    def text(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


def migrate(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """Rename parameters of an older scheme version to the current names."""
    version = (params.get("v") or [SCHEME_VERSION])[0]
    renames = RENAMES.get(version, {})
    return {renames.get(k, k): v for k, v in params.items()}


def check(params: dict[str, list[str]], options: dict[str, set[str]], site_ids=None) -> tuple[dict, list[Notice]]:
    """Split incoming parameters into the ones to keep and notices about the rest.

    ``options`` gives the allowed values of each "multi"/"one" parameter.
    """
    keep: dict[str, list[str]] = {}
    notices: list[Notice] = []
    for name, values in migrate(params).items():
        kind = PARAMS.get(name)
        shown = _shorten(", ".join(values))
        if kind is None:
            notices.append(Notice(name, f"Đã bỏ qua tham số không hợp lệ '{_shorten(name)}'.",
                                  f"Ignored unknown link parameter '{_shorten(name)}'."))
            continue
        good = [v for v in values if _valid(kind, name, v, options, site_ids)]
        if len(good) != len(values):
            notices.append(Notice(name, f"Đã bỏ qua giá trị không hợp lệ của '{name}': {shown}.",
                                  f"Ignored invalid value of '{name}': {shown}."))
        if good:
            keep[name] = good if kind == "multi" else good[:1]
    return keep, notices


def _valid(kind, name, value, options, site_ids) -> bool:
    if len(value) > MAX_TEXT:
        return False
    if kind == "version":
        return value == SCHEME_VERSION or value in RENAMES
    if kind in ("multi", "one"):
        allowed = options.get(name)
        return allowed is None or value in allowed
    if kind == "text":
        return all(ch.isprintable() for ch in value)
    if kind == "bool":
        return value in ("true", "false")
    if kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return False
        return dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1)
    if kind in ("lat", "lon", "zoom"):
        try:
            number = float(value)
        except ValueError:
            return False
        lo, hi = {"lat": (20.0, 22.0), "lon": (104.5, 107.0), "zoom": (7, 19)}[kind]
        return lo <= number <= hi
    if kind == "site":
        return bool(_SITE_ID.match(value)) and (site_ids is None or value in site_ids)
    return False


def _shorten(value: str, limit: int = 40) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= limit else value[:limit] + "…"


def share_url(base: str, page_path: str, params: dict[str, list[str] | str]) -> str:
    """A full link from a base URL, the page's path and the current parameters."""
    from urllib.parse import urlencode

    pairs = []
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    query = urlencode(pairs)
    return f"{base.rstrip('/')}/{page_path}" + (f"?{query}" if query else "")


#: Value of each widget-backed parameter when the link does not give it; defaults are left out of links.
DEFAULTS: dict[str, object] = {
    "lang": "vi", "when": "today", "q": "", "color": "kind", "bl": "none", "ct": "p307-1", "tgt": "p307-1",
    "grp": "old_district", "only_short": False, "overdue": False, "unit": "", "tv": "breakdown",
}
VIEW_KINDS = ("lat", "lon", "zoom", "site")


def to_widget_values(keep: dict[str, list[str]]) -> dict[str, object]:
    """Checked parameters as widget values: lists for multi-selects, bools, dates, strings."""
    out: dict[str, object] = {}
    for name, values in keep.items():
        kind = PARAMS[name]
        if kind in ("version",) or kind in VIEW_KINDS:
            continue
        if kind == "multi":
            out[name] = list(dict.fromkeys(values))
        elif kind == "bool":
            out[name] = values[0] == "true"
        elif kind == "date":
            out[name] = dt.date.fromisoformat(values[0])
        else:
            out[name] = values[0]
    return out


def from_widget_values(values: dict[str, object]) -> dict[str, list[str]]:
    """Widget values as link parameters, leaving out empty values and defaults."""
    params: dict[str, list[str]] = {"v": [SCHEME_VERSION]}
    for name, value in values.items():
        kind = PARAMS.get(name)
        if kind is None or value is None or value == DEFAULTS.get(name):
            continue
        if kind == "multi":
            if value:
                params[name] = [str(v) for v in value]
        elif kind == "bool":
            params[name] = ["true" if value else "false"]
        elif kind == "date":
            params[name] = [value.isoformat() if hasattr(value, "isoformat") else str(value)]
        elif str(value) != "":
            params[name] = [str(value)]
    return params
