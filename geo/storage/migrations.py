"""The schema: table layouts after version 1 and the steps that bring a store up to date.

Version 1 is what a freshly written store holds (sites, changes, meta); every later
version is a list of statements that SQLite and PostgreSQL both accept, applied in order
and recorded in ``meta`` (see :meth:`geo.storage.sql.SqlStore.migrate`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddColumn:
    """A column that later versions have; added where a store lacks it (a freshly written store has it already)."""

    table: str
    column: str
    type: str = "TEXT"

@dataclass(frozen=True)
class Retype:
    """A column declared again with ``type`` (a placeholder as in the statements below), where its declared type
    differs: each backend says how (SQLite cannot change a column's type in place)."""

    table: str
    column: str
    type: str


@dataclass(frozen=True)
class DerivedLayer:
    """The published current state of every site as a spatial layer (each backend says how it is made)."""


SITES_LAYER = "sites"
#: Every site's published columns (geo.core.published) as of the last write, rebuilt in each write's transaction,
#: so a GIS user opening the store (QGIS on the GeoPackage, or the database) sees current statuses.
CURRENT_LAYER = "sites_current"
CHANGES_LAYER = "changes"
META_LAYER = "meta"
SCHEMA_VERSION = "9"
USER_COLUMNS = ["username", "display_name", "role", "password_hash", "email", "disabled", "created_at", "created_by"]

#: Schema changes after version 1 (sites, changes, meta), in SQL both SQLite and PostgreSQL accept.
#: {BLOB} and {DOUBLE} are the backend's binary and double-precision types (geo.storage.sql.SqlStore).
MIGRATIONS: dict[str, list[str | AddColumn | Retype | DerivedLayer]] = {
    "1": [
        "CREATE TABLE IF NOT EXISTS inspections (record_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, inspection_date TEXT, "
        "agency TEXT, inspector TEXT, findings TEXT, violations TEXT, fine_vnd {DOUBLE}, actions TEXT, "
        "follow_up TEXT, source TEXT, recorded_by TEXT, recorded_at TEXT, supersedes TEXT, note TEXT)",
        "CREATE INDEX IF NOT EXISTS inspections_site ON inspections (site_id)",
        "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, display_name TEXT, role TEXT NOT NULL, "
        "password_hash TEXT, email TEXT, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT)",
        "CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at TEXT, "
        "expires_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS login_attempts (username TEXT PRIMARY KEY, failures INTEGER NOT NULL, "
        "last_failure_at TEXT, locked_until TEXT)",
    ],
    "2": [
        "CREATE TABLE IF NOT EXISTS imports (import_id TEXT PRIMARY KEY, kind TEXT NOT NULL, filename TEXT, source TEXT, "
        "imported_by TEXT, imported_at TEXT, created TEXT, updated_before TEXT, change_ids TEXT, reverts TEXT, summary TEXT)",
        "CREATE TABLE IF NOT EXISTS import_mappings (signature TEXT PRIMARY KEY, mapping TEXT NOT NULL, saved_by TEXT, saved_at TEXT)",
    ],
    "3": [AddColumn(SITES_LAYER, "notes_en"), AddColumn(SITES_LAYER, "placement_note_en")],  # notes in both languages
    # Approximate areas as published, Decision 2546's list, and how precise each record's date is.
    "4": [AddColumn(SITES_LAYER, "area_text"), AddColumn(SITES_LAYER, "roadmap_list"), AddColumn(CHANGES_LAYER, "date_precision"),
          AddColumn(CHANGES_LAYER, "note_en")],
    # The field loop: which submission an inspection came from (so it is never imported twice), and its photos.
    # {BLOB} is the backend's binary type (BLOB in SQLite, BYTEA in PostgreSQL).
    "5": [AddColumn("inspections", "submission_id"),
          "CREATE TABLE IF NOT EXISTS evidence (evidence_id TEXT PRIMARY KEY, record_id TEXT NOT NULL, site_id TEXT NOT NULL, "
          "filename TEXT, media_type TEXT, sha256 TEXT, size_bytes INTEGER, content {BLOB}, recorded_by TEXT, recorded_at TEXT)",
          "CREATE INDEX IF NOT EXISTS evidence_site ON evidence (site_id)"],
    "6": [DerivedLayer()],
    # The journal: append-only entries of every kind that is not a site's own record (inspection plans, error
    # reports and their outcomes, subscriptions and the digests sent, the reports made for an area).
    "7": ["CREATE TABLE IF NOT EXISTS journal (entry_id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT, body TEXT, "
          "recorded_by TEXT, recorded_at TEXT, supersedes TEXT)",
          "CREATE INDEX IF NOT EXISTS journal_kind ON journal (kind, subject)"],
    # Fines were declared DOUBLE PRECISION, which is no GeoPackage type: GDAL (QGIS) read the column as text.
    "8": [Retype("inspections", "fine_vnd", "{DOUBLE}")],
}
JOURNAL_COLUMNS = ["entry_id", "kind", "subject", "body", "recorded_by", "recorded_at", "supersedes"]
EVIDENCE_COLUMNS = ["evidence_id", "record_id", "site_id", "filename", "media_type", "sha256", "size_bytes", "content",
                    "recorded_by", "recorded_at"]
IMPORT_COLUMNS = ["import_id", "kind", "filename", "source", "imported_by", "imported_at", "created", "updated_before",
                  "change_ids", "reverts", "summary"]


