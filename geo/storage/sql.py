"""The :class:`~geo.storage.base.Store` in SQL that runs on both backends.

Subclasses say how to take the write lock and how sites are read and written:
:class:`geo.storage.geopackage.GeoPackageStore` (the zero-setup default, one file that
opens in QGIS) and :class:`geo.storage.postgis.PostGISStore` (for a department running
several dashboards on one database).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import json
import time
import uuid

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa

from geo.core import history, inspections, model, published
from geo.errors import Conflict, LastAdmin, Message, StoreError, ValidationFailed
from geo.language import dates
from geo.storage.base import Store
from geo.storage.migrations import AddColumn, CHANGES_LAYER, CURRENT_LAYER, DerivedLayer, EVIDENCE_COLUMNS, IMPORT_COLUMNS, JOURNAL_COLUMNS, META_LAYER, MIGRATIONS, Retype, SCHEMA_VERSION, SITES_LAYER, USER_COLUMNS


class SqlStore(Store):
    """Every query in one place, over a SQLAlchemy engine; subclasses say how to lock and read sites."""

    engine: sa.Engine
    #: The binary column type of this backend (photos kept as evidence).
    blob_type = "BLOB"
    #: A double-precision number, as this backend (and its GIS readers) names it.
    double_type = "DOUBLE PRECISION"

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
        return _history_frame(self._read(sql + " WHERE site_id = :s" if site_id is not None else sql, s=site_id))

    def read_inspections(self, site_id: str | None = None) -> pd.DataFrame:
        sql = f'SELECT {", ".join(inspections.INSPECTION_COLUMNS)} FROM inspections'
        frame = self._read(sql + " WHERE site_id = :s" if site_id is not None else sql, s=site_id)
        if frame.empty:
            return inspections.empty()
        for column in ("supersedes", "note", "violations", "actions", "submission_id"):
            frame[column] = frame[column].fillna("")
        return frame.sort_values(["inspection_date", "recorded_at"], kind="stable").reset_index(drop=True)

    def read_evidence(self, site_id: str | None = None, with_content: bool = False) -> pd.DataFrame:
        columns = [c for c in EVIDENCE_COLUMNS if with_content or c != "content"]
        sql = f"SELECT {', '.join(columns)} FROM evidence"
        frame = self._read(sql + " WHERE site_id = :s" if site_id is not None else sql, s=site_id)
        if frame.empty:
            return pd.DataFrame(columns=columns)
        if with_content:  # PostgreSQL gives a memoryview, SQLite bytes
            frame["content"] = [bytes(c) if c is not None else b"" for c in frame["content"]]
        return frame.sort_values("recorded_at", kind="stable").reset_index(drop=True)

    def site_version(self, site_id: str) -> int:
        with self.engine.connect() as conn:
            return self._site_version(conn, site_id)

    @staticmethod
    def _site_version(conn, site_id: str) -> int:
        n_changes = conn.execute(sa.text(f'SELECT count(*) FROM "{CHANGES_LAYER}" WHERE site_id = :s'), {"s": site_id}).scalar()
        n_insp = conn.execute(sa.text("SELECT count(*) FROM inspections WHERE site_id = :s"), {"s": site_id}).scalar()
        return int(n_changes) + int(n_insp)

    # -- writing -------------------------------------------------------------
    def append_changes(self, records, expected=None) -> list[str]:
        frame = history.to_frame(records)
        errors = history.validate_changes(frame, set(self.read_site_table()["site_id"]))
        if errors:
            raise ValidationFailed(errors)
        rows = frame[history.CHANGE_COLUMNS].to_dict("records")
        for row in rows:
            row["illustrative"] = bool(row["illustrative"])
        return self._append(CHANGES_LAYER, history.CHANGE_COLUMNS, rows, expected)

    def append_inspections(self, records, expected=None) -> list[str]:
        frame = inspections.to_frame(records)
        errors = inspections.validate(frame, set(self.read_site_table()["site_id"]))
        if errors:
            raise ValidationFailed(errors)
        return self._append("inspections", inspections.INSPECTION_COLUMNS, _records(frame), expected)

    def _append(self, table, columns, rows, expected) -> list[str]:
        with self._write() as conn:
            self._check_versions(conn, expected)
            known = {r[0] for r in conn.execute(sa.text(f'SELECT record_id FROM "{table}"'))}
            dangling = [r["supersedes"] for r in rows if r.get("supersedes") and r["supersedes"] not in known]
            if dangling:
                raise StoreError(Message(f"Bản ghi được thay thế không tồn tại: {dangling[0]}",
                                         f"The superseded record was not found: {dangling[0]}"))
            for row in rows:  # a few rows, one statement each
                _insert(conn, table, columns, [row])
            if table == CHANGES_LAYER:
                self._refresh_current(conn, {r["site_id"] for r in rows})
            conn.execute(sa.text(f'UPDATE "{META_LAYER}" SET value = :v WHERE key = :k'), {"v": uuid.uuid4().hex, "k": "data_version"})
        return [r["record_id"] for r in rows]

    def _check_versions(self, conn, expected: dict[str, int] | None) -> None:
        """Inside a write: refuse if any site has moved on since the writer read it."""
        for site_id, version in (expected or {}).items():
            if self._site_version(conn, site_id) != version:
                raise Conflict(site_id, self._records_since(conn, site_id, version))

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

    def apply_import(self, record, sites, changes, deleted=(), expected: dict[str, int] | None = None,
                     inspection_records=(), evidence=()) -> None:
        changes = history.to_frame(changes.to_dict("records")) if len(changes) else history.empty_changes()
        known = set(self.read_site_table()["site_id"]) | set(sites["site_id"])
        errors = history.validate_changes(changes, known)
        visits = inspections.to_frame(inspection_records)
        errors += inspections.validate(visits, known) if len(visits) else []
        if errors:
            raise ValidationFailed(errors)
        site_cols = model.SITE_COLUMNS
        insert_site = sa.text(f'INSERT INTO "{SITES_LAYER}" ({", ".join(site_cols)}, "{self.geometry_column}") '
                              f'VALUES ({", ".join(":" + c for c in site_cols)}, {self._geometry_sql()})')
        with self._write() as conn:
            self._check_versions(conn, expected)
            self._refuse_imported_submissions(conn, visits)
            # One statement per table, many rows each (the driver's executemany): 10,000 sites commit in seconds.
            gone = [{"s": sid} for sid in [*sites["site_id"], *deleted]]
            if gone:
                conn.execute(sa.text(f'DELETE FROM "{SITES_LAYER}" WHERE site_id = :s'), gone)
            new_sites = []
            for row in sites.to_dict("records"):
                values = {c: _sql_value(row.get(c)) for c in site_cols}
                values["geometry"] = self._geometry_value(row["geometry"])
                new_sites.append(values)
            if new_sites:
                conn.execute(insert_site, new_sites)
            new_changes = []
            for row in changes[history.CHANGE_COLUMNS].to_dict("records"):
                row = {k: _sql_value(v) for k, v in row.items()}
                row["illustrative"] = bool(row["illustrative"])
                new_changes.append(row)
            _insert(conn, CHANGES_LAYER, history.CHANGE_COLUMNS, new_changes)
            _insert(conn, "inspections", inspections.INSPECTION_COLUMNS, _records(visits))
            self._refresh_current(conn, set(sites["site_id"]) | set(deleted) | set(changes["site_id"]))
            _insert(conn, "evidence", EVIDENCE_COLUMNS, [{c: e.get(c) for c in EVIDENCE_COLUMNS} for e in evidence])
            _insert(conn, "imports", IMPORT_COLUMNS, [{c: record.get(c) for c in IMPORT_COLUMNS}])
            conn.execute(sa.text(f'UPDATE "{META_LAYER}" SET value = :v WHERE key = :k'), {"v": uuid.uuid4().hex, "k": "data_version"})

    @staticmethod
    def _refuse_imported_submissions(conn, visits: pd.DataFrame) -> None:
        """Inside a write, before anything is written: a submission in force in the store is not imported twice
        (one a revert withdrew may come in again)."""
        submitted = {s for s in visits["submission_id"] if s} if len(visits) else set()
        if not submitted:
            return
        have = {r[0] for r in conn.execute(sa.text(
            "SELECT i.submission_id FROM inspections i WHERE i.submission_id <> '' AND NOT EXISTS "
            "(SELECT 1 FROM inspections w WHERE w.supersedes = i.record_id AND w.findings = :gone)"), {"gone": inspections.RETRACTED})}
        again = sorted(submitted & have)
        if again:
            raise StoreError(Message(f"Biên bản của lần gửi {again[0]} đã được nhập trước đó; không nhập lại",
                                     f"The submission {again[0]} was imported before; it is not imported again"))

    def append_entries(self, entries) -> list[str]:
        rows = []
        for e in entries:
            if not e.get("kind"):
                raise StoreError(Message("Mục nhật ký thiếu loại", "A journal entry has no kind"))
            # Time first, so that entries of one second keep their order.
            rows.append({"entry_id": e.get("entry_id") or f"{time.time_ns():x}{uuid.uuid4().hex[:8]}", "kind": e["kind"], "subject": e.get("subject") or "",
                         "body": json.dumps(e.get("body") or {}, ensure_ascii=False, default=str),
                         "recorded_by": e.get("recorded_by") or "", "recorded_at": e.get("recorded_at") or dates.stamp(),
                         "supersedes": e.get("supersedes") or ""})
        with self._write() as conn:
            _insert(conn, "journal", JOURNAL_COLUMNS, rows)
        return [r["entry_id"] for r in rows]

    def read_entries(self, kind: str, subject: str | None = None) -> pd.DataFrame:
        where, params = "kind = :k", {"k": kind}
        if subject is not None:
            where, params = where + " AND subject = :s", {**params, "s": subject}
        frame = self._read(f"SELECT {', '.join(JOURNAL_COLUMNS)} FROM journal WHERE {where} ORDER BY recorded_at, entry_id", **params)
        if frame.empty:
            return pd.DataFrame(columns=JOURNAL_COLUMNS)
        frame["body"] = frame["body"].map(lambda b: json.loads(b) if b else {})
        return frame

    def read_imports(self) -> pd.DataFrame:
        frame = self._read(f"SELECT {', '.join(IMPORT_COLUMNS)} FROM imports ORDER BY imported_at")
        return frame if len(frame) else pd.DataFrame(columns=IMPORT_COLUMNS)

    def get_mapping(self, signature: str) -> dict | None:
        frame = self._read("SELECT mapping FROM import_mappings WHERE signature = :s", s=signature)
        return None if frame.empty else json.loads(frame.iloc[0]["mapping"])

    def put_mapping(self, signature: str, mapping: dict, saved_by: str) -> None:
        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM import_mappings WHERE signature = :s"), {"s": signature})
            conn.execute(sa.text("INSERT INTO import_mappings (signature, mapping, saved_by, saved_at) VALUES (:s, :m, :b, :a)"),
                         {"s": signature, "m": json.dumps(mapping, ensure_ascii=False), "b": saved_by,
                          "a": dates.stamp()})

    # -- users and sessions ----------------------------------------------------
    def get_user(self, username: str) -> dict | None:
        frame = self._read(f"SELECT {', '.join(USER_COLUMNS)} FROM users WHERE username = :u", u=username)
        return None if frame.empty else frame.iloc[0].to_dict()

    def list_users(self) -> pd.DataFrame:
        return self._read(f"SELECT {', '.join(c for c in USER_COLUMNS if c != 'password_hash')} FROM users ORDER BY username")

    def put_user(self, user: dict) -> None:
        """Insert or replace one user; refused, with nothing written, if no enabled administrator would be left."""
        row = {c: user.get(c) for c in USER_COLUMNS}
        row["disabled"] = int(bool(row["disabled"]))
        with self._write() as conn:
            admins = "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0"
            had = conn.execute(sa.text(admins)).scalar()
            conn.execute(sa.text("DELETE FROM users WHERE username = :username"), row)
            _insert(conn, "users", USER_COLUMNS, [row])
            if had and not conn.execute(sa.text(admins)).scalar():  # checked inside the write lock: two admins
                raise LastAdmin()                                     # demoting each other cannot both pass

    def add_session(self, token_hash: str, username: str, expires_at: dt.datetime) -> None:
        with self._write() as conn:
            now = dates.stamp()
            conn.execute(sa.text("DELETE FROM sessions WHERE expires_at < :now"), {"now": now})
            conn.execute(sa.text("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (:t, :u, :c, :e)"),
                         {"t": token_hash, "u": username, "c": now, "e": expires_at.isoformat(timespec="seconds")})

    def get_session(self, token_hash: str) -> dict | None:
        frame = self._read("SELECT token_hash, username, created_at, expires_at FROM sessions WHERE token_hash = :t", t=token_hash)
        return None if frame.empty else frame.iloc[0].to_dict()

    def delete_session(self, token_hash: str) -> bool:
        with self._write() as conn:
            return conn.execute(sa.text("DELETE FROM sessions WHERE token_hash = :t"), {"t": token_hash}).rowcount > 0

    def get_attempts(self, key: str) -> dict | None:
        frame = self._read("SELECT username, failures, last_failure_at, locked_until FROM login_attempts WHERE username = :u", u=key)
        return None if frame.empty else frame.iloc[0].to_dict()

    def reserve_attempt(self, key, now, lock_after, forget_after) -> float:
        locked = self._locked_for(self.get_attempts(key), now)
        if locked:  # the common case under attack: refused without waiting for the write lock
            return locked
        with self._write() as conn:
            row = conn.execute(sa.text("SELECT failures, last_failure_at, locked_until FROM login_attempts WHERE username = :u"),
                               {"u": key}).mappings().first()
            row = dict(row) if row else None
            locked = self._locked_for(row, now)
            if locked:
                return locked
            last = dates.parse_datetime(row["last_failure_at"]) if row else None
            failures = (int(row["failures"]) if row and last and now - last < forget_after else 0) + 1
            lock = lock_after(failures)
            conn.execute(sa.text("DELETE FROM login_attempts WHERE username = :u"), {"u": key})
            conn.execute(sa.text("INSERT INTO login_attempts (username, failures, last_failure_at, locked_until) VALUES (:u, :f, :l, :k)"),
                         {"u": key, "f": failures, "l": now.isoformat(),
                          "k": (now + dt.timedelta(seconds=lock)).isoformat() if lock else None})
        return 0.0

    @staticmethod
    def _locked_for(row, now) -> float:
        until = dates.parse_datetime(row["locked_until"]) if row else None
        return (until - now).total_seconds() if until and until > now else 0.0

    def clear_attempts(self, key: str) -> None:
        with self._write() as conn:
            conn.execute(sa.text("DELETE FROM login_attempts WHERE username = :u"), {"u": key})

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
                for step in MIGRATIONS[version]:
                    if isinstance(step, DerivedLayer):
                        self._create_current_layer(conn)
                        self._refresh_current(conn)
                    elif isinstance(step, AddColumn):
                        present = {c["name"] for c in sa.inspect(conn).get_columns(step.table)}
                        if step.column not in present:
                            conn.execute(sa.text(f'ALTER TABLE "{step.table}" ADD COLUMN {step.column} {step.type}'))
                    elif isinstance(step, Retype):
                        self._retype(conn, step.table, step.column, self._types(step.type))
                    else:
                        conn.execute(sa.text(self._types(step)))
                version = str(int(version) + 1)
            conn.execute(sa.text(f'DELETE FROM "{META_LAYER}" WHERE key = :k'), {"k": "schema_version"})
            conn.execute(sa.text(f'INSERT INTO "{META_LAYER}" (key, value) VALUES (:k, :v)'), {"k": "schema_version", "v": version})
            self._after_migrate(conn)

    def _types(self, sql: str) -> str:
        """A migration's statement with this backend's own type names."""
        return sql.replace("{BLOB}", self.blob_type).replace("{DOUBLE}", self.double_type)

    def _retype(self, conn, table: str, column: str, type_: str) -> None:
        conn.execute(sa.text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {type_}'))

    def _after_migrate(self, conn) -> None:
        """Backend-specific bookkeeping after a migration."""

    # -- the current-state layer ----------------------------------------------
    def _geometry_select(self) -> str:
        """SQL that reads the geometry column as this backend's stored value."""
        return f'"{self.geometry_column}"'

    def _geometry_from_value(self, value):
        raise NotImplementedError

    def _read_in(self, conn, table: str, columns: str, site_ids) -> pd.DataFrame:
        """Rows of ``table`` (all, or those of ``site_ids``) through a write's own connection, which sees what the
        write has done; 500 sites per statement."""
        sql = f'SELECT {columns} FROM "{table}"'
        queries = [(sql, {})] if site_ids is None else [(f"{sql} WHERE site_id IN ({clause})", params)
                                                        for clause, params in _id_chunks(site_ids)] or [(f"{sql} WHERE 1 = 0", {})]
        frames = []
        for query, params in queries:
            result = conn.execute(sa.text(query), params)
            frames.append(pd.DataFrame(result.fetchall(), columns=list(result.keys())))
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def _read_site_table_in(self, conn, site_ids=None) -> gpd.GeoDataFrame:
        """The site table (or these sites) through a write's own connection. Never through GDAL inside a write:
        GDAL's SQLite and Python's in one process share the file's POSIX locks, and closing one's file releases the other's."""
        frame = self._read_in(conn, SITES_LAYER, f'{", ".join(model.SITE_COLUMNS)}, {self._geometry_select()} AS geometry_value', site_ids)
        geometry = [self._geometry_from_value(v) for v in frame.pop("geometry_value")]
        return site_columns(gpd.GeoDataFrame(frame, geometry=geometry, crs=model.CRS))

    def _current_geometry_ddl(self) -> str:
        """The geometry column of the current layer, in this backend's DDL."""
        raise NotImplementedError

    def _register_current_layer(self, conn) -> None:
        """Make the new current layer known to GIS readers (GeoPackage: its contents tables)."""

    def _create_current_layer(self, conn) -> None:
        columns = ", ".join(f'"{c}" {self.double_type if c in published.NUMERIC else "INTEGER" if c == "illustrative" else "TEXT"}'
                            for c in published.COLUMNS)
        conn.execute(sa.text(f'CREATE TABLE IF NOT EXISTS "{CURRENT_LAYER}" ({self._current_geometry_ddl()}, {columns})'))
        conn.execute(sa.text(f'CREATE INDEX IF NOT EXISTS {CURRENT_LAYER}_site ON "{CURRENT_LAYER}" (site_id)'))
        self._register_current_layer(conn)

    def _refresh_current(self, conn, site_ids=None) -> None:
        """Inside a write, after it has written: the published state, as of today, of these sites (all when None)
        in the current layer, from the sites and records as the write leaves them (read through its own connection)."""
        ids = None if site_ids is None else sorted(set(site_ids))
        if ids is None:
            conn.execute(sa.text(f'DELETE FROM "{CURRENT_LAYER}"'))
        for clause, params in _id_chunks(ids or []):
            conn.execute(sa.text(f'DELETE FROM "{CURRENT_LAYER}" WHERE site_id IN ({clause})'), params)
        sites = self._read_site_table_in(conn, ids)
        if not len(sites):
            return
        changes = _history_frame(self._read_in(conn, CHANGES_LAYER, ", ".join(history.CHANGE_COLUMNS), ids))
        layer = published.public_sites(history.state_as_of(sites, changes, dates.today()))
        geometry = [self._geometry_value(g) for g in layer.geometry]
        rows = pd.DataFrame(layer.drop(columns="geometry"))
        rows["illustrative"] = rows["illustrative"].astype(int)
        names = list(rows.columns)
        # Column by column through NumPy object arrays: iterating pandas' Arrow-backed strings cell by cell is ten times slower.
        columns = [rows[c].to_numpy(dtype=object, na_value=None).tolist() for c in names]
        # Straight to the driver's executemany: SQLAlchemy's per-row parameter handling was most of the cost at 10,000 sites.
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        quoted = ", ".join(f'"{c}"' for c in names)
        conn.exec_driver_sql(f'INSERT INTO "{CURRENT_LAYER}" ({quoted}, "{self.geometry_column}") '
                             f'VALUES ({", ".join([mark] * len(names))}, {self._geometry_sql().replace(":geometry", mark)})',
                             list(zip(*columns, geometry)))


def _insert(conn, table: str, columns, rows) -> None:
    """Rows into ``table`` in one statement, many rows each (the driver's executemany); nothing for no rows."""
    rows = list(rows)
    if rows:
        conn.execute(sa.text(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(":" + c for c in columns)})'), rows)


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts, pandas' missing values as SQL NULL."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _id_chunks(site_ids, size: int = 500):
    """(``:s0, :s1, ...``, their values) for every ``size`` sites: one statement each, not one per site."""
    listed = list(site_ids)
    for start in range(0, len(listed), size):
        chunk = listed[start:start + size]
        yield ", ".join(f":s{i}" for i in range(len(chunk))), {f"s{i}": sid for i, sid in enumerate(chunk)}


def _history_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Change records as read from SQL, as the rest of the code expects them."""
    if frame.empty:
        return history.empty_changes()
    frame["illustrative"] = frame["illustrative"].astype(bool)
    for column in ("supersedes", "note", "source", "recorded_by"):
        frame[column] = frame[column].fillna("")
    return history.complete(frame)


def _sql_value(value):
    """pandas' missing values as SQL NULL."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value


def site_columns(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
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


