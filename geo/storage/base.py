"""What the dashboard needs from storage: the :class:`Store` interface.

Nothing is updated in place: records are only ever appended. Every write checks that
the sites it touches have not changed since the writer read them (optimistic versions:
a site's version is how many records it has), writes, and bumps the data version that
caches key on, all in one transaction. :mod:`geo.storage.sql` implements it once for
both backends.
"""

from __future__ import annotations

import abc
import datetime as dt

import geopandas as gpd
import pandas as pd

from geo.core import history
from geo.language import dates


class Store(abc.ABC):
    """What the dashboard needs from storage."""

    # -- reading -----------------------------------------------------------
    @abc.abstractmethod
    def data_version(self) -> str:
        """Changes whenever anything is written; caches key on it."""

    @abc.abstractmethod
    def read_meta(self) -> dict[str, str]:
        """Facts about the store: schema version, how it was built, the illustrative seed."""

    @abc.abstractmethod
    def read_site_table(self) -> gpd.GeoDataFrame:
        """Identity columns of every site (no status)."""

    @abc.abstractmethod
    def read_history(self, site_id: str | None = None) -> pd.DataFrame:
        """Change records, all or one site's."""

    @abc.abstractmethod
    def read_inspections(self, site_id: str | None = None) -> pd.DataFrame:
        """Inspection records (every version), all or one site's."""

    @abc.abstractmethod
    def read_evidence(self, site_id: str | None = None, with_content: bool = False) -> pd.DataFrame:
        """Photos kept as evidence of inspections (EVIDENCE_COLUMNS; the bytes only when asked for)."""

    @abc.abstractmethod
    def site_version(self, site_id: str) -> int:
        """How many records the site has; a writer passes it back to detect concurrent saves."""

    # -- writing -----------------------------------------------------------
    @abc.abstractmethod
    def append_changes(self, records, expected: dict[str, int] | None = None) -> list[str]:
        """Validate and add change records in one transaction; return their ids.

        ``expected`` maps site ids to the version the writer read; if any site has
        moved on, nothing is written and :class:`Conflict` lists what changed.
        """

    @abc.abstractmethod
    def append_inspections(self, records, expected: dict[str, int] | None = None) -> list[str]:
        """The same for inspection records."""

    @abc.abstractmethod
    def apply_import(self, record: dict, sites: gpd.GeoDataFrame, changes: pd.DataFrame, deleted: list[str] = (),
                     expected: dict[str, int] | None = None, inspection_records=(), evidence=()) -> None:
        """Upsert sites, delete ``deleted``, add change and inspection records, evidence and the import
        record, in one transaction (refused with :class:`Conflict` if a site of ``expected`` has moved on
        from its version, and with nothing written if a submission was imported before)."""

    @abc.abstractmethod
    def read_imports(self) -> pd.DataFrame: ...

    # -- jobs ------------------------------------------------------------------
    @abc.abstractmethod
    def one_at_a_time(self, job: str):
        """A context in which no other run of ``job`` on this store runs, from any machine that shares it: a second
        one waits (two timers of two instances must not send the same digest)."""

    # -- the journal -----------------------------------------------------------
    @abc.abstractmethod
    def append_entries(self, entries: list[dict]) -> list[str]:
        """Add journal entries (JOURNAL_COLUMNS; ``body`` a dict) in one transaction; never changes one.

        Entries are what is not a site's own record (plans, error reports, subscriptions, digests
        sent): they do not change the data version, so the map's caches stay warm.
        """

    @abc.abstractmethod
    def read_entries(self, kind: str, subject: str | None = None) -> pd.DataFrame:
        """Entries of one kind (and subject), oldest first, ``body`` decoded to a dict."""

    @abc.abstractmethod
    def get_mapping(self, signature: str) -> dict | None: ...

    @abc.abstractmethod
    def put_mapping(self, signature: str, mapping: dict, saved_by: str) -> None: ...

    # -- users and sessions --------------------------------------------------
    @abc.abstractmethod
    def get_user(self, username: str) -> dict | None: ...

    @abc.abstractmethod
    def list_users(self) -> pd.DataFrame: ...

    @abc.abstractmethod
    def put_user(self, user: dict) -> None:
        """Insert or replace one user (all of USER_COLUMNS)."""

    @abc.abstractmethod
    def add_session(self, token_hash: str, username: str, expires_at: dt.datetime) -> None: ...

    @abc.abstractmethod
    def get_session(self, token_hash: str) -> dict | None: ...

    @abc.abstractmethod
    def delete_session(self, token_hash: str) -> bool:
        """Remove a session; True only for the one caller that removed it (a one-time code is used once)."""

    @abc.abstractmethod
    def get_attempts(self, key: str) -> dict | None:
        """The failed sign-ins counted for a user name or a client: failures, last_failure_at, locked_until."""

    @abc.abstractmethod
    def reserve_attempt(self, key: str, now: dt.datetime, lock_after, forget_after: dt.timedelta) -> float:
        """Count one sign-in attempt for ``key`` before its password is checked, in one atomic step.

        Returns 0 when the attempt may go on (it is counted as a failure until
        :meth:`clear_attempts` says otherwise), else the seconds the key stays locked.
        ``lock_after(failures)`` gives the lock, in seconds, after that many failures; a count
        whose last failure is older than ``forget_after`` starts again from zero. Parallel
        attempts queue on the write lock, so no two can read the same count.
        """

    @abc.abstractmethod
    def clear_attempts(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful sign-in)."""

    # -- derived -------------------------------------------------------------
    def read_sites(self, as_of=None) -> gpd.GeoDataFrame:
        """Sites with their status at the end of ``as_of`` (default: today)."""
        return history.state_as_of(self.read_site_table(), self.read_history(), as_of or dates.today())
