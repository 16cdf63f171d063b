"""Importing the lists departments send, one stage per module.

:mod:`~geo.io.importing.files` reads a file and its encoding; :mod:`~.tables` finds the
table in it; :mod:`~.headers` maps its headers to fields; :mod:`~.values` reads and
places each row; :mod:`~.plan` says row by row what would be created, updated or left
unchanged and what is wrong, before anything is written. :func:`preview` runs them all.
Every problem is said in words with the fix; a row that cannot be placed is listed,
never dropped.
"""

from __future__ import annotations

from geo.io.importing.files import FORMATS, MAX_BYTES, Limits, read_upload
from geo.io.importing.headers import IMPORT_FIELDS, auto_mapping, infer_kind, match_field, signature
from geo.io.importing.plan import Plan, plan
from geo.io.importing.problems import Problem
from geo.io.importing.tables import RawTable
from geo.io.importing.values import CRS_CHOICES, Options, candidates, column_readings
from geo.language import dates

__all__ = ["CRS_CHOICES", "FORMATS", "IMPORT_FIELDS", "Limits", "MAX_BYTES", "Options", "Plan", "Problem", "RawTable", "auto_mapping",
           "candidates", "column_readings", "infer_kind", "match_field", "plan", "preview", "read_upload", "signature"]


def preview(raw: RawTable, opts: Options, store, boundaries, recorded_by: str, progress=None) -> Plan:
    """The import plan of a file already read, against the store as it is on the options' date.

    ``progress(fraction)`` hears how far it has come: reading the rows is nine tenths of the work."""
    cand, problems, statuses = candidates(raw, opts, boundaries, None if progress is None else lambda f: progress(0.9 * f))
    outline = boundaries.city.geometry.iloc[0] if boundaries is not None else None
    as_of = dates.parse_date(opts.status_date) or dates.today()
    if progress is not None:
        progress(0.9)
    result = plan(store.read_site_table(), store.read_sites(as_of), cand, problems, statuses, opts, recorded_by, outline)
    if progress is not None:
        progress(1.0)
    return result
