"""Logic of the Hanoi craft-village and industrial-cluster compliance dashboard.

Plain Python over (Geo)DataFrames, importable and testable without Streamlit; the pages
lay out widgets and call these. Subpackages, lowest first: ``language`` (Vietnamese
text, labels, dates), ``core`` (the site model, records, targets, filters, links),
``places`` (boundaries, placement), ``dataset`` (the embedded reference data),
``storage`` (GeoPackage and PostGIS), ``access`` (sign-in, every write), ``views``
(maps, charts, palettes, tables), ``io`` (import, export, the meeting report).

What the pages use most is named here.
"""

from geo.core.filters import FILTERS, Filters
from geo.core.filters import apply as apply_filters
from geo.core.history import state_as_of
from geo.core.indicators import GROUPINGS, Period, Target, breakdown, compute, load_periods, load_targets, period_on
from geo.core.scorecard import Card, blocker_summary, blockers, card
from geo.errors import (
    BoundariesUnavailable, Conflict, DashboardError, ImportRefused, InvalidConfiguration, InvalidTargets, Message, NotAllowed,
    RecordNotFound, RevertRefused, SignInFailed, StoreError, ValidationFailed,
)
from geo.settings import Settings
from geo.storage import Store, open_store

__all__ = [
    "FILTERS", "Filters", "apply_filters", "state_as_of", "GROUPINGS", "Period", "Target", "breakdown", "compute", "load_periods", "load_targets", "period_on",
    "Card", "blocker_summary", "blockers", "card",
    "BoundariesUnavailable", "Conflict", "DashboardError", "ImportRefused", "InvalidConfiguration", "InvalidTargets",
    "Message", "NotAllowed", "RecordNotFound", "RevertRefused", "SignInFailed", "StoreError", "ValidationFailed",
    "Settings", "Store", "open_store",
]
