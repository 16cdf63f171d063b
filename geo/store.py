"""Where sites, their change records, inspections and users live.

:class:`Store` is the interface; :class:`SqlStore` implements it once in SQL that runs
on both backends: :class:`GeoPackageStore` (the zero-setup default, one file that opens
in QGIS) and :class:`geo.postgis.PostGISStore` (chosen by ``DATABASE_URL``, for a
department running several dashboards on one database).

Nothing is updated in place: records are only ever appended. Every write takes the
store's write lock, checks that the sites it touches have not changed since the writer
read them (optimistic versions: a site's version is how many records it has), writes,
and bumps the data version that caches key on, all in one transaction.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import os
import sqlite3
import struct
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
import sqlalchemy as sa

from geo import boundaries as boundaries_mod
from geo import history, inspections, model, reference, scenario
from geo.errors import Conflict, StoreError, ValidationFailed

SCHEMA_VERSION = "3"
SITES_LAYER = "sites"
CHANGES_LAYER = "changes"
META_LAYER = "meta"
USER_COLUMNS = ["username", "display_name", "role", "password_hash", "email", "disabled", "created_at", "created_by"]

#: Schema changes after version 1 (sites, changes, meta), in SQL both SQLite and PostgreSQL accept.
MIGRATIONS: dict[str, list[str]] = {
    "1": [
        "CREATE TABLE IF NOT EXISTS inspections (record_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, inspection_date TEXT, "
        "agency TEXT, inspector TEXT, findings TEXT, violations TEXT, fine_vnd DOUBLE PRECISION, actions TEXT, "
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
}
IMPORT_COLUMNS = ["import_id", "kind", "filename", "source", "imported_by", "imported_at", "created", "updated_before",
                  "change_ids", "reverts", "summary"]


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
    def apply_import(self, record: dict, sites: gpd.GeoDataFrame, changes: pd.DataFrame, deleted: list[str] = ()) -> None:
        """Upsert sites, delete ``deleted``, add change records and the import record, in one transaction."""

    @abc.abstractmethod
    def read_imports(self) -> pd.DataFrame: ...

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
    def delete_session(self, token_hash: str) -> None: ...

    @abc.abstractmethod
    def get_attempts(self, username: str) -> dict | None: ...

    @abc.abstractmethod
    def set_attempts(self, username: str, failures: int, last_failure_at: str | None, locked_until: str | None) -> None: ...

    # -- derived -------------------------------------------------------------
    def read_sites(self, as_of=None) -> gpd.GeoDataFrame:
        """Sites with their status at the end of ``as_of`` (default: today)."""
        return history.state_as_of(self.read_site_table(), self.read_history(), as_of or dt.date.today())

    def read_boundaries(self, boundaries_dir, layer: str) -> gpd.GeoDataFrame:
        """A boundary layer ('districts' or 'units'); raises BoundariesUnavailable."""
        return getattr(boundaries_mod.load_boundaries(boundaries_dir), layer)


class SqlStore(Store):
    """Every query in one place, over a SQLAlchemy engine; subclasses say how to lock and read sites."""

    engine: sa.Engine

    # -- backend hooks -------------------------------------------------------
    @abc.abstractmethod
    def _lock_for_writing(self, conn: sa.Connection) -> None:
        """Called first in every write transaction: from here on, no other writer runs."""

    @contextlib.contextmanager
    def _write(self):
        with self.engine.connect() as conn:
            with conn.begin():
                self._lock_for_writing(conn)
                yield conn

    def _read(self, sql: str, **params) -> pd.DataFrame:
        with self.engine.connect() as conn:
            result = conn.execute(sa.text(sql), params)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    # -- reading -------------------------------------------------------------
    def data_version(self) -> str:
        return self.read_meta().get("data_version", "")

    def read_meta(self) -> dict[str, str]:
        frame = self._read(f'SELECT key, value FROM "{META_LAYER}"')
        return dict(zip(frame["key"], frame["value"]))

    def read_history(self, site_id: str | None = None) -> pd.DataFrame:
        sql = f'SELECT {", ".join(history.CHANGE_COLUMNS)} FROM "{CHANGES_LAYER}"'
        frame = self._read(sql + " WHERE site_id = :s" if site_id is not None else sql, s=site_id)
        if frame.empty:
            return history.empty_changes()
        frame["illustrative"] = frame["illustrative"].astype(bool)
        for column in ("supersedes", "note", "source", "recorded_by"):
            frame[column] = frame[column].fillna("")
        return frame

    def read_inspections(self, site_id: str | None = None) -> pd.DataFrame:
        sql = f'SELECT {", ".join(inspections.INSPECTION_COLUMNS)} FROM inspections'
        frame = self._read(sql + " WHERE site_id = :s" if site_id is not None else sql, s=site_id)
        if frame.empty:
            return inspections.empty()
        for column in ("supersedes", "note", "violations", "actions"):
            frame[column] = frame[column].fillna("")
        return frame.sort_values(["inspection_date", "recorded_at"], kind="stable").reset_index(drop=True)

    def site_version(self, site_id: str) -> int:
        with self.engine.connect() as conn:
            return self._site_version(conn, site_id)

    @staticmethod
    def _site_version(conn, site_id: str) -> int:
        n_changes = conn.execute(sa.text(f'SELECT count(*) FROM "{CHANGES_LAYER}" WHERE site_id = :s'), {"s": site_id}).scalar()
        n_insp = conn.execute(sa.text("SELECT count(*) FROM inspections WHERE site_id = :s"), {"s": site_id}).scalar()
        return int(n_changes) + int(n_insp)

    # -- writing -------------------------------------------------------------
    def append_changes(self, records, expected=None, *, _fail_after: int | None = None) -> list[str]:
        frame = history.to_frame(records)
        errors = history.validate_changes(frame, set(self.read_site_table()["site_id"]))
        if errors:
            raise ValidationFailed(errors)
        rows = frame[history.CHANGE_COLUMNS].to_dict("records")
        for row in rows:
            row["illustrative"] = bool(row["illustrative"])
        return self._append(CHANGES_LAYER, history.CHANGE_COLUMNS, rows, expected, _fail_after)

    def append_inspections(self, records, expected=None) -> list[str]:
        frame = inspections.to_frame(records)
        errors = inspections.validate(frame, set(self.read_site_table()["site_id"]))
        if errors:
            raise ValidationFailed(errors)
        rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return self._append("inspections", inspections.INSPECTION_COLUMNS, rows, expected, None)

    def _append(self, table, columns, rows, expected, fail_after) -> list[str]:
        insert = sa.text(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(":" + c for c in columns)})')
        with self._write() as conn:
            for site_id, version in (expected or {}).items():
                now = self._site_version(conn, site_id)
                if now != version:
                    raise Conflict(site_id, self._records_since(conn, site_id, version))
            known = {r[0] for r in conn.execute(sa.text(f'SELECT record_id FROM "{table}"'))}
            dangling = [r["supersedes"] for r in rows if r.get("supersedes") and r["supersedes"] not in known]
            if dangling:
                raise StoreError(f"Bản ghi được thay thế không tồn tại / superseded record not found: {dangling[0]}")
            for n, row in enumerate(rows):
                if fail_after is not None and n >= fail_after:
                    raise RuntimeError("simulated crash in the middle of a write")
                conn.execute(insert, row)
            conn.execute(sa.text(f'UPDATE "{META_LAYER}" SET value = :v WHERE key = :k'), {"v": uuid.uuid4().hex, "k": "data_version"})
        return [r["record_id"] for r in rows]

    def _records_since(self, conn, site_id: str, version: int) -> pd.DataFrame:
        """The site's newest records beyond ``version``: what another writer saved meanwhile."""
        changes = pd.DataFrame(conn.execute(sa.text(
            f'SELECT record_id, field, value, effective_date, recorded_by, recorded_at FROM "{CHANGES_LAYER}" WHERE site_id = :s'),
            {"s": site_id}).mappings().all())
        insp = pd.DataFrame(conn.execute(sa.text(
            "SELECT record_id, inspection_date AS effective_date, findings AS value, recorded_by, recorded_at "
            "FROM inspections WHERE site_id = :s"), {"s": site_id}).mappings().all())
        if len(insp):
            insp["field"] = "inspection"
        both = pd.concat([f for f in (changes, insp) if len(f)], ignore_index=True) if len(changes) or len(insp) else pd.DataFrame(
            columns=["record_id", "field", "value", "effective_date", "recorded_by", "recorded_at"])
        both = both.sort_values("recorded_at", kind="stable")
        return both.iloc[max(0, version):].reset_index(drop=True)

    # -- imports -----------------------------------------------------------------
    #: Name of the geometry column of the sites table, and how a WKB point is written into it.
    geometry_column = "geometry"

    def _geometry_value(self, geom):
        raise NotImplementedError

    def _geometry_sql(self) -> str:
        return ":geometry"

    def apply_import(self, record, sites, changes, deleted=()) -> None:
        changes = history.to_frame(changes.to_dict("records")) if len(changes) else history.empty_changes()
        errors = history.validate_changes(changes, set(self.read_site_table()["site_id"]) | set(sites["site_id"]))
        if errors:
            raise ValidationFailed(errors)
        site_cols = model.SITE_COLUMNS
        insert_site = sa.text(f'INSERT INTO "{SITES_LAYER}" ({", ".join(site_cols)}, "{self.geometry_column}") '
                              f'VALUES ({", ".join(":" + c for c in site_cols)}, {self._geometry_sql()})')
        insert_change = sa.text(f'INSERT INTO "{CHANGES_LAYER}" ({", ".join(history.CHANGE_COLUMNS)}) '
                                f'VALUES ({", ".join(":" + c for c in history.CHANGE_COLUMNS)})')
        with self._write() as conn:
            for sid in [*sites["site_id"], *deleted]:
                conn.execute(sa.text(f'DELETE FROM "{SITES_LAYER}" WHERE site_id = :s'), {"s": sid})
            for row in sites.to_dict("records"):
                values = {c: _sql_value(row.get(c)) for c in site_cols}
                values["geometry"] = self._geometry_value(row["geometry"])
                conn.execute(insert_site, values)
            for row in changes[history.CHANGE_COLUMNS].to_dict("records"):
                row = {k: _sql_value(v) for k, v in row.items()}
                row["illustrative"] = bool(row["illustrative"])
                conn.execute(insert_change, row)
            conn.execute(sa.text(f"INSERT INTO imports ({', '.join(IMPORT_COLUMNS)}) VALUES ({', '.join(':' + c for c in IMPORT_COLUMNS)})"),
                         {c: record.get(c) for c in IMPORT_COLUMNS})
            conn.execute(sa.text(f'UPDATE "{META_LAYER}" SET value = :v WHERE key = :k'), {"v": uuid.uuid4().hex, "k": "data_version"})

    def read_imports(self) -> pd.DataFrame:
        frame = self._read(f"SELECT {', '.join(IMPORT_COLUMNS)} FROM imports ORDER BY imported_at")
        return frame if len(frame) else pd.DataFrame(columns=IMPORT_COLUMNS)

    def get_mapping(self, signature: str) -> dict | None:
        import json

        frame = self._read("SELECT mapping FROM import_mappings WHERE signature = :s", s=signature)
        return None if frame.empty else json.loads(frame.iloc[0]["mapping"])

    def put_mapping(self, signature: str, mapping: dict, saved_by: str) -> None:
        import json

        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM import_mappings WHERE signature = :s"), {"s": signature})
            conn.execute(sa.text("INSERT INTO import_mappings (signature, mapping, saved_by, saved_at) VALUES (:s, :m, :b, :a)"),
                         {"s": signature, "m": json.dumps(mapping, ensure_ascii=False), "b": saved_by,
                          "a": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})

    # -- users and sessions ----------------------------------------------------
    def get_user(self, username: str) -> dict | None:
        frame = self._read(f"SELECT {', '.join(USER_COLUMNS)} FROM users WHERE username = :u", u=username)
        return None if frame.empty else frame.iloc[0].to_dict()

    def list_users(self) -> pd.DataFrame:
        return self._read(f"SELECT {', '.join(c for c in USER_COLUMNS if c != 'password_hash')} FROM users ORDER BY username")

    def put_user(self, user: dict) -> None:
        row = {c: user.get(c) for c in USER_COLUMNS}
        row["disabled"] = int(bool(row["disabled"]))
        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM users WHERE username = :username"), row)
            conn.execute(sa.text(f"INSERT INTO users ({', '.join(USER_COLUMNS)}) VALUES ({', '.join(':' + c for c in USER_COLUMNS)})"), row)

    def add_session(self, token_hash: str, username: str, expires_at: dt.datetime) -> None:
        with self._write() as conn:
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            conn.execute(sa.text("DELETE FROM sessions WHERE expires_at < :now"), {"now": now})
            conn.execute(sa.text("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (:t, :u, :c, :e)"),
                         {"t": token_hash, "u": username, "c": now, "e": expires_at.isoformat(timespec="seconds")})

    def get_session(self, token_hash: str) -> dict | None:
        frame = self._read("SELECT token_hash, username, created_at, expires_at FROM sessions WHERE token_hash = :t", t=token_hash)
        return None if frame.empty else frame.iloc[0].to_dict()

    def delete_session(self, token_hash: str) -> None:
        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM sessions WHERE token_hash = :t"), {"t": token_hash})

    def get_attempts(self, username: str) -> dict | None:
        frame = self._read("SELECT username, failures, last_failure_at, locked_until FROM login_attempts WHERE username = :u", u=username)
        return None if frame.empty else frame.iloc[0].to_dict()

    def set_attempts(self, username, failures, last_failure_at, locked_until) -> None:
        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM login_attempts WHERE username = :u"), {"u": username})
            if failures:
                conn.execute(sa.text("INSERT INTO login_attempts (username, failures, last_failure_at, locked_until) "
                                     "VALUES (:u, :f, :l, :k)"), {"u": username, "f": failures, "l": last_failure_at, "k": locked_until})

    # -- schema ----------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema up to SCHEMA_VERSION, one recorded step at a time.

        A store already at the current version is only read: opening it takes no write lock.
        """
        if self.read_meta().get("schema_version") == SCHEMA_VERSION:
            return
        with self._write() as conn:
            version = conn.execute(sa.text(f'SELECT value FROM "{META_LAYER}" WHERE key = :k'), {"k": "schema_version"}).scalar() or "1"
            if version == SCHEMA_VERSION:
                return  # another process migrated it while this one waited for the lock
            while version in MIGRATIONS:
                for statement in MIGRATIONS[version]:
                    conn.execute(sa.text(statement))
                version = str(int(version) + 1)
            conn.execute(sa.text(f'DELETE FROM "{META_LAYER}" WHERE key = :k'), {"k": "schema_version"})
            conn.execute(sa.text(f'INSERT INTO "{META_LAYER}" (key, value) VALUES (:k, :v)'), {"k": "schema_version", "v": version})
            self._after_migrate(conn)

    def _after_migrate(self, conn) -> None:
        """Backend-specific bookkeeping after a migration."""


class GeoPackageStore(SqlStore):
    """One GeoPackage file: the sites layer is spatial; the other tables are plain attribute tables."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"Không có tệp dữ liệu {self.path} / store file {self.path} does not exist")
        self.engine = sa.create_engine(f"sqlite:///{self.path}", poolclass=sa.pool.NullPool,
                                       connect_args={"timeout": 60, "isolation_level": None})

        @sa.event.listens_for(self.engine, "begin")
        def _begin(conn):  # SQLAlchemy's recipe: let us choose BEGIN IMMEDIATE ourselves
            conn.exec_driver_sql("BEGIN")
        self.migrate()

    def _lock_for_writing(self, conn) -> None:
        # The transaction started deferred; this first write takes SQLite's write lock
        # (other writers wait up to the busy timeout), so the checks below see the latest data.
        conn.exec_driver_sql(f'UPDATE "{META_LAYER}" SET value = value WHERE key = \'data_version\'')

    geometry_column = "geom"

    def _geometry_value(self, geom):
        """A GeoPackage geometry blob: 'GP', version 0, flags (little-endian, no envelope), SRS id, WKB."""
        if geom is None or geom.is_empty:
            return None
        return b"GP\x00\x01" + struct.pack("<i", 4326) + shapely.to_wkb(geom, byte_order=1)

    def _after_migrate(self, conn) -> None:
        # The sites table is written by SQL here, and GDAL's R-tree triggers call functions
        # only GDAL provides: drop them (a few thousand points need no spatial index).
        for (name,) in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_sites_%'")).fetchall():
            conn.execute(sa.text(f'DROP TRIGGER IF EXISTS "{name}"'))
        existing = {r[0] for r in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        if "gpkg_extensions" in existing:
            conn.execute(sa.text("DELETE FROM gpkg_extensions WHERE table_name = 'sites' AND extension_name = 'gpkg_rtree_index'"))
        conn.execute(sa.text('DROP TABLE IF EXISTS "rtree_sites_geom"'))
        # Register the attribute tables so GeoPackage readers (QGIS) list them.
        for table in [t for t in ("inspections", "users", "sessions", "login_attempts", "imports", "import_mappings") if t in existing]:
            conn.execute(sa.text("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier) VALUES (:t, 'attributes', :t)"),
                         {"t": table})

    def read_site_table(self) -> gpd.GeoDataFrame:
        try:
            sites = pyogrio.read_dataframe(self.path, layer=SITES_LAYER, use_arrow=True)
        except Exception as exc:  # pyogrio raises its own DataSourceError and friends
            raise StoreError(f"Không đọc được lớp sites / cannot read the sites layer of {self.path}: {exc}") from exc
        return _site_columns(sites)


def _sql_value(value):
    """pandas' missing values as SQL NULL."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value


def _site_columns(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    sites = sites.drop(columns=[c for c in ("fid",) if c in sites.columns])
    for column in model.SITE_COLUMNS:
        if column not in sites.columns:
            sites[column] = None
    # Both backends give the same frame: empty text is '' (not None/NaN), numbers are floats.
    numeric = ("area_ha", "recognition_year")
    for column in model.SITE_COLUMNS:
        if column in numeric:
            sites[column] = pd.to_numeric(sites[column], errors="coerce")
        else:
            sites[column] = sites[column].astype(object).where(sites[column].notna(), "").astype(str)
    return sites[model.SITE_COLUMNS + ["geometry"]]


def write_geopackage(path: Path, sites: gpd.GeoDataFrame, changes: pd.DataFrame, meta: dict[str, str]) -> None:
    """Write a complete store to ``path`` atomically: a temporary file, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp.gpkg")
    try:
        pyogrio.write_dataframe(sites[model.SITE_COLUMNS + ["geometry"]], tmp, layer=SITES_LAYER, driver="GPKG",
                                layer_options={"SPATIAL_INDEX": "NO"})
        changes_out = changes[history.CHANGE_COLUMNS].copy()
        changes_out["illustrative"] = changes_out["illustrative"].astype(int)
        pyogrio.write_dataframe(changes_out, tmp, layer=CHANGES_LAYER, driver="GPKG")
        meta = {**meta, "schema_version": "1"}  # the tables written here are schema 1; migrate() does the rest
        meta_frame = pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]})
        pyogrio.write_dataframe(meta_frame, tmp, layer=META_LAYER, driver="GPKG")
        with sqlite3.connect(tmp) as conn:
            conn.execute(f'CREATE INDEX IF NOT EXISTS changes_site ON "{CHANGES_LAYER}" (site_id)')
        GeoPackageStore(tmp)  # migrate the new file before it replaces the old one
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def default_content(seed: int = scenario.SEED) -> tuple[gpd.GeoDataFrame, pd.DataFrame, dict[str, str]]:
    """The embedded dataset from ``data/``: reference sites, real facts, illustrative scenario."""
    sites = reference.read_sites_csv()
    facts = reference.read_facts()
    illus = scenario.generate(sites, facts, seed=seed)
    changes = pd.concat([facts, illus], ignore_index=True)
    meta = {
        "schema_version": "1",
        "data_version": uuid.uuid4().hex,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "built_from": "data/sites.csv + data/facts.csv + illustrative scenario",
        "illustrative_seed": str(seed),
    }
    return sites, changes, meta


def build_default_store(path: Path, seed: int = scenario.SEED) -> GeoPackageStore:
    write_geopackage(path, *default_content(seed))
    return GeoPackageStore(path)


def open_store(path: Path | str, database_url: str = "") -> SqlStore:
    """The PostGIS store when ``database_url`` is set, else the embedded GeoPackage;
    either is built from ``data/`` on first run and migrated to the current schema."""
    if database_url:
        from geo import postgis

        return postgis.open_postgis(database_url)
    path = Path(path)
    if not path.is_file():
        return build_default_store(path)
    return GeoPackageStore(path)
