"""The embedded store: one GeoPackage file, the zero-setup default that opens in QGIS.

The sites layer is spatial; the other tables are plain attribute tables. SQLite's own
write lock serialises writers.
"""

from __future__ import annotations

import contextlib
import fcntl
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

from geo.core import history, model
from geo.errors import Message, StoreError
from geo.storage.migrations import CHANGES_LAYER, CURRENT_LAYER, META_LAYER, SITES_LAYER
from geo.storage.sql import SqlStore, site_columns


class GeoPackageStore(SqlStore):
    """One GeoPackage file: the sites layer is spatial; the other tables are plain attribute tables."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(Message(f"Không có tệp dữ liệu {self.path}", f"The store file {self.path} does not exist"))
        _check_is_a_store(self.path)
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

    @contextlib.contextmanager
    def one_at_a_time(self, job: str):
        # The file is on this machine: a lock file beside it, held for the job.
        lock = self.path.with_name(f"{self.path.name}.{job}.lock")
        with open(lock, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    geometry_column = "geom"
    double_type = "DOUBLE"  # a GeoPackage type; GDAL reads "DOUBLE PRECISION" as no type at all

    def _geometry_value(self, geom):
        """A GeoPackage geometry blob: 'GP', version 0, flags (little-endian, no envelope), SRS id, WKB."""
        if geom is None or geom.is_empty:
            return None
        return b"GP\x00\x01" + struct.pack("<i", 4326) + shapely.to_wkb(geom, byte_order=1)

    def _geometry_from_value(self, blob):
        """A shapely geometry from a GeoPackage blob (any envelope the writer chose)."""
        if blob is None:
            return None
        flags = blob[3]
        envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
        return shapely.from_wkb(bytes(blob[8 + envelope:]))

    def _current_geometry_ddl(self) -> str:
        return f"fid INTEGER PRIMARY KEY AUTOINCREMENT, {self.geometry_column} BLOB"

    def _register_current_layer(self, conn) -> None:
        conn.execute(sa.text("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                             "VALUES (:t, 'features', :t, :d, 4326)"),
                     {"t": CURRENT_LAYER, "d": "Hiện trạng mới nhất của mọi cơ sở / every site's current state (rebuilt on each write)"})
        conn.execute(sa.text("INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
                             "VALUES (:t, :g, 'POINT', 4326, 0, 0)"), {"t": CURRENT_LAYER, "g": self.geometry_column})

    def _retype(self, conn, table: str, column: str, type_: str) -> None:
        """SQLite keeps a column's type only in its table's definition: the table is made again with the new type
        and its rows copied in, under the same name (so its GeoPackage listing stays), with its indexes."""
        columns = conn.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, type, notnull, default, pk
        if not any(c[1] == column and c[2].upper() != type_.upper() for c in columns):
            return
        keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]

        def declared(c) -> str:
            out = f'"{c[1]}" {type_ if c[1] == column else c[2]}'
            out += " NOT NULL" if c[3] else ""
            out += f" DEFAULT {c[4]}" if c[4] is not None else ""
            return out + (" PRIMARY KEY" if keys == [c[1]] else "")

        body = ", ".join(declared(c) for c in columns)
        if len(keys) > 1:
            body += ", PRIMARY KEY (" + ", ".join(f'"{k}"' for k in keys) + ")"
        indexes = [r[0] for r in conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                                                      "AND sql IS NOT NULL"), {"t": table})]
        names = ", ".join(f'"{c[1]}"' for c in columns)
        conn.exec_driver_sql(f'CREATE TABLE "{table}__retyped" ({body})')
        conn.exec_driver_sql(f'INSERT INTO "{table}__retyped" ({names}) SELECT {names} FROM "{table}"')
        conn.exec_driver_sql(f'DROP TABLE "{table}"')
        conn.exec_driver_sql(f'ALTER TABLE "{table}__retyped" RENAME TO "{table}"')
        for sql in indexes:
            conn.exec_driver_sql(sql)

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
            raise StoreError(Message(f"Không đọc được lớp sites của {self.path}", f"Cannot read the sites layer of {self.path}: {exc}")) from exc
        return site_columns(sites)


def _check_is_a_store(path: Path) -> None:
    """Refuse, in one line, a file that is not a store of this dashboard (empty, another database, anything)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        tables = set()
    missing = sorted({SITES_LAYER, CHANGES_LAYER, META_LAYER} - tables)
    if missing:
        raise StoreError(Message(
            f"Tệp {path} không phải kho dữ liệu của bảng điều khiển (thiếu bảng {', '.join(missing)}); đặt HANOI_STORE "
            "là tệp kho dữ liệu, hoặc là một đường dẫn chưa có tệp để tạo kho mới.",
            f"{path} is not a store of this dashboard (no {', '.join(missing)} table); point HANOI_STORE at the store "
            "file, or at a path with no file to build a new store."))


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
