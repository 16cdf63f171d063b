"""Logic of the Hanoi craft-village and industrial-cluster compliance dashboard.

Everything here is plain Python over (Geo)DataFrames so that it can be tested
without Streamlit; the pages in ``pages/`` only lay out widgets and call these.
"""

from geo.errors import DashboardError, ValidationFailed, BoundariesUnavailable, StoreError

__all__ = ["DashboardError", "ValidationFailed", "BoundariesUnavailable", "StoreError"]
