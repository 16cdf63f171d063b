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


class Conflict(StoreError):
    """Someone saved to the same site since it was opened; ``changed`` lists their records."""

    def __init__(self, site_id: str, changed):
        self.site_id = site_id
        self.changed = changed
        super().__init__(
            f"Cơ sở {site_id} đã có {len(changed)} bản ghi mới từ khi bạn mở trang; xem các thay đổi dưới đây rồi lưu lại. / "
            f"Site {site_id} has {len(changed)} new record(s) since you opened it; review them below, then save again."
        )


class NotAllowed(DashboardError):
    """The signed-in user's role does not allow this; checked on the server for every write."""


class SignInFailed(DashboardError):
    """Wrong user name or password, a disabled user, or too many attempts (``retry_after`` seconds)."""

    def __init__(self, message: str, retry_after: float = 0.0):
        self.retry_after = retry_after
        super().__init__(message)
