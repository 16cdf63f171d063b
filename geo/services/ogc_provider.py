"""The pygeoapi feature provider of the ``sites`` collection: the published sites of the store.

One provider for both backends, reading through the :class:`~geo.storage.base.Store` (not
a table), so that a date can be asked for: ``datetime`` (OGC API - Features) or ``asof``
(the dashboard's own link parameter) gives every site's state at the end of that day;
without either, today's. ``bbox``, equality filters on any published property, ``q``
(words of the name, craft or place, with or without diacritics), ``sortby`` and paging
work as the standard says. Only the columns of :mod:`geo.core.published` are served.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from pygeoapi.provider.base import BaseProvider, ProviderInvalidQueryError, ProviderItemNotFoundError
from shapely.geometry import box

from geo.core import published
from geo.language import dates, text

#: Set by :func:`geo.services.ogc.api` before the first request: the process's service context.
CONTEXT = None
AS_OF_PARAM = "asof"
_SEARCHED = ("name", "craft", "old_district_name", "old_commune_name", "new_unit_name")


class SitesProvider(BaseProvider):
    """Sites of the store, as of today or of the date asked for."""

    def __init__(self, provider_def):
        super().__init__(provider_def)
        self.id_field = "site_id"
        self.title_field = "name"
        self.get_fields()

    def get_fields(self, **kwargs):
        if not self._fields:
            self._fields = {c: {"type": "number" if c in published.NUMERIC else "boolean" if c == "illustrative" else "string"}
                            for c in published.COLUMNS}
        return self._fields

    # -- reading ---------------------------------------------------------------
    def _frame(self, as_of: dt.date):
        if CONTEXT is None:
            raise ProviderInvalidQueryError(user_msg="the service has no store")
        return published.public_sites(CONTEXT.state(as_of))

    def query(self, offset=0, limit=10, resulttype="results", bbox=[], datetime_=None, properties=[], sortby=[],  # noqa: B006
              select_properties=[], skip_geometry=False, q=None, **kwargs):  # noqa: B006
        as_of, equal = _read_parameters(properties, datetime_, self.get_fields())
        frame = self._frame(as_of)
        if bbox:
            minx, miny, maxx, maxy = (float(v) for v in bbox[:4])
            frame = frame[frame.intersects(box(minx, miny, maxx, maxy))]
        for name, value in equal:
            frame = frame[_equals(frame[name], value, name)]
        if q:
            haystack = frame[list(_SEARCHED)].astype(str).agg(" ".join, axis=1)
            frame = frame[haystack.map(lambda h: text.matches(q, h))]
        for rule in reversed(sortby or []):
            if rule["property"] not in frame.columns:
                raise ProviderInvalidQueryError(user_msg=f"cannot sort by unknown property '{rule['property']}'")
            frame = frame.sort_values(rule["property"], ascending=rule.get("order", "+") == "+", kind="stable")
        matched = len(frame)
        page = frame.iloc[offset:offset + limit] if resulttype != "hits" else frame.iloc[0:0]
        return {"type": "FeatureCollection", "features": [_feature(row, select_properties, skip_geometry) for row in _rows(page)],
                "numberMatched": matched, "numberReturned": len(page), "asOf": as_of.isoformat()}

    def get(self, identifier, **kwargs):
        as_of, _ = _read_parameters(kwargs.get("properties") or [], kwargs.get("datetime_"), self.get_fields())
        frame = self._frame(as_of)
        hit = frame[frame["site_id"] == str(identifier)]
        if hit.empty:
            raise ProviderItemNotFoundError(user_msg=f"no site has the id '{identifier}'")
        return _feature(next(_rows(hit)), [], False)


def _read_parameters(properties, datetime_, fields) -> tuple[dt.date, list[tuple[str, str]]]:
    """(the date asked for, the equality filters); anything else a client sent is left alone."""
    as_of = None
    equal = []
    for name, value in properties or []:
        if name == AS_OF_PARAM:
            as_of = dates.parse_date(value)
            if as_of is None:
                raise ProviderInvalidQueryError(user_msg=f"asof must be a date, YYYY-MM-DD (got '{value}')")
        elif name in fields:
            equal.append((name, value))
    if as_of is None and datetime_:
        end = str(datetime_).split("/")[-1]
        as_of = dates.parse_date(end) if end not in ("..", "") else None
        if as_of is None and end not in ("..", ""):
            raise ProviderInvalidQueryError(user_msg=f"datetime must be a date or an interval of dates (got '{datetime_}')")
    as_of = as_of or dates.today()
    if as_of > dates.today():
        raise ProviderInvalidQueryError(user_msg="the date asked for is in the future; states are known up to today")
    return as_of, equal


def _equals(column: pd.Series, value: str, name: str) -> pd.Series:
    if name in published.NUMERIC:
        try:
            return pd.to_numeric(column, errors="coerce") == float(value)
        except ValueError as exc:
            raise ProviderInvalidQueryError(user_msg=f"{name} is a number (got '{value}')") from exc
    if name == "illustrative":
        return column.astype(bool) == (str(value).lower() in ("true", "1", "yes"))
    return column.astype(str).map(text.nfc) == text.nfc(value)


def _rows(frame):
    geometry = list(frame.geometry)
    for pos, record in enumerate(pd.DataFrame(frame.drop(columns="geometry")).to_dict("records")):
        yield record, geometry[pos]


def _feature(row, select_properties, skip_geometry) -> dict:
    record, geom = row
    props = {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}
    props["illustrative"] = bool(props["illustrative"])
    if select_properties:
        props = {k: v for k, v in props.items() if k in select_properties}
    return {"type": "Feature", "id": record["site_id"], "properties": json.loads(json.dumps(props, default=str)),
            "geometry": None if skip_geometry or geom is None or geom.is_empty else geom.__geo_interface__}
