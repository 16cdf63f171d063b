"""Named exceptions: pages catch these and show their message, never a traceback."""


class DashboardError(Exception):
    """Base class: the message is written for the user (Vietnamese first, English after)."""


class ValidationFailed(DashboardError):
    """Rows did not pass validation; ``errors`` holds one plain-words entry per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        first = "; ".join(e.message for e in self.errors[:3])
        more = f" (+{len(self.errors) - 3})" if len(self.errors) > 3 else ""
        super().__init__(f"{len(self.errors)} lỗi dữ liệu / data errors: {first}{more}")


class BoundariesUnavailable(DashboardError):
    """Boundary files are missing or fail their checks; maps fall back to points only."""


class StoreError(DashboardError):
    """The data store could not be read or written; nothing was changed."""
