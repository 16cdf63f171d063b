"""Every failure a user can fix, by name, each carrying its message in both languages.

Pages catch these and show ``exc.text(lang)``, never a traceback; the command line prints
``str(exc)`` (both languages). Row errors, import problems and link notices say their
words through the same :class:`Message`.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.language import i18n


@dataclass(frozen=True)
class Message:
    """One thing said to a person, in Vietnamese and in English."""

    vi: str
    en: str

    def text(self, lang: str = "vi") -> str:
        return i18n.pick(lang, self.vi, self.en)

    def __str__(self) -> str:
        return self.vi if self.vi == self.en else f"{self.vi} / {self.en}"


class DashboardError(Exception):
    """Base class: something the user can fix, said in words."""

    def __init__(self, message: Message | str, en: str | None = None):
        if not isinstance(message, Message):
            message = Message(str(message), en if en is not None else str(message))
        self.message = message
        super().__init__(str(message))

    def text(self, lang: str = "vi") -> str:
        return self.message.text(lang)


class InvalidConfiguration(DashboardError):
    """A setting (environment variable, config file, command-line value) is wrong."""


class InvalidTargets(DashboardError):
    """The targets or plan-tasks file is unreadable or an entry is malformed."""


class BoundariesUnavailable(DashboardError):
    """Boundary files are missing or fail their checks; maps fall back to points only."""


class StoreError(DashboardError):
    """The data store could not be read or written; nothing was changed."""


class RecordNotFound(DashboardError):
    """A record, site, import or user named by the caller does not exist."""


class NotAllowed(DashboardError):
    """The signed-in user's role does not allow this; checked on the server for every write."""


class LastAdmin(NotAllowed):
    """The change would leave no enabled administrator, and nobody could manage users any more."""

    def __init__(self):
        super().__init__(Message(
            "Không thể bỏ quyền hoặc khóa quản trị viên cuối cùng; hãy cấp quyền quản trị cho người khác trước.",
            "The last administrator cannot be demoted or disabled; make someone else an administrator first."))


class SignInFailed(DashboardError):
    """Wrong user name or password, a disabled user, or too many attempts (``retry_after`` seconds)."""

    def __init__(self, message: Message, retry_after: float = 0.0):
        self.retry_after = retry_after
        super().__init__(message)


class ValidationFailed(DashboardError):
    """Rows did not pass validation; ``errors`` holds one :class:`geo.core.model.RowError` per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        more = len(self.errors) - 3
        tail_vi = f" (+{more})" if more > 0 else ""
        super().__init__(Message(
            f"{len(self.errors)} lỗi dữ liệu: " + "; ".join(e.text("vi") for e in self.errors[:3]) + tail_vi,
            f"{len(self.errors)} data errors: " + "; ".join(e.text("en") for e in self.errors[:3]) + tail_vi,
        ))


class Conflict(StoreError):
    """Someone saved to the same site since it was opened; ``changed`` lists their records."""

    def __init__(self, site_id: str, changed):
        self.site_id = site_id
        self.changed = changed
        n = len(changed)
        super().__init__(Message(
            f"Cơ sở {site_id} đã có {n} bản ghi mới từ khi bạn mở trang; xem các thay đổi dưới đây rồi lưu lại.",
            f"Site {site_id} has {n} new record(s) since you opened it; review them below, then save again.",
        ))


class ImportRefused(DashboardError):
    """A file cannot be imported as it is; ``problems`` says where and how to fix it."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        super().__init__(Message(first.text("vi"), first.text("en")) if first else
                         Message("Không nhập được tệp", "The file cannot be imported"))


class RevertRefused(DashboardError):
    """An import cannot be reverted (already reverted, a later import touched its sites, or
    others have recorded on them since: ``others`` lists those records)."""

    def __init__(self, message: Message, others=None):
        self.others = others
        super().__init__(message)


class TooManyReports(DashboardError):
    """A client sent more error reports than the hour allows; the message says when to try again."""
