"""The store on PostgreSQL with PostGIS, for a department running several dashboards on one database.

Same SQL as the GeoPackage (see :class:`geo.storage.sql.SqlStore`); what differs is how sites
are read and written (GeoAlchemy2 through geopandas) and the write lock: a transaction-
level advisory lock, so that writers from every dashboard instance queue up on the
database itself and each one's version check sees the others' committed records.
"""

from __future__ import annotations

import contextlib
import uuid
import zlib

import geopandas as gpd
import pandas as pd
import shapely
import sqlalchemy as sa

from geo.core import history, model
from geo.errors import Message, StoreError
from geo.storage.sql import SqlStore, site_columns

#: Any fixed number: every writer of every instance takes the same advisory lock.
WRITE_LOCK = 307_2025
BASE_SCHEMA = [
    'CREATE TABLE IF NOT EXISTS "meta" (key TEXT PRIMARY KEY, value TEXT)',
    'CREATE TABLE IF NOT EXISTS "changes" (seq BIGSERIAL, record_id TEXT PRIMARY KEY, site_id TEXT NOT NULL, field TEXT NOT NULL, '
    "value TEXT, effective_date TEXT NOT NULL, source TEXT, recorded_by TEXT, recorded_at TEXT, illustrative BOOLEAN NOT NULL, "
    "supersedes TEXT, note TEXT)",
    'CREATE INDEX IF NOT EXISTS changes_site ON "changes" (site_id)',
]


class PostGISStore(SqlStore):
    blob_type = "BYTEA"

    def __init__(self, url: str, *, migrate: bool = True):
        self.url = url
        try:
            self.engine = sa.create_engine(_driver_url(url), pool_pre_ping=True)
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(Message(f"Không kết nối được cơ sở dữ liệu ({_safe(url)}): {exc.__class__.__name__}",
                                     f"Cannot connect to the database ({_safe(url)}): {exc.__class__.__name__}")) from exc
        if migrate:
            self.migrate()

    def _geometry_select(self) -> str:
        return "ST_AsBinary(geometry)"

    def _geometry_from_value(self, value):
        return None if value is None else shapely.from_wkb(bytes(value))

    def _current_geometry_ddl(self) -> str:
        return 'geometry geometry(Point, 4326)'

    def _register_current_layer(self, conn) -> None:
        conn.execute(sa.text('CREATE INDEX IF NOT EXISTS sites_current_geom ON "sites_current" USING gist (geometry)'))

    def _geometry_value(self, geom):
        return None if geom is None or geom.is_empty else shapely.to_wkb(geom)

    def _geometry_sql(self) -> str:
        return "ST_SetSRID(ST_GeomFromWKB(:geometry), 4326)"

    def _lock_for_writing(self, conn) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})

    @contextlib.contextmanager
    def one_at_a_time(self, job: str):
        # A session-level advisory lock on a connection of its own, held for the job: the database is what every
        # instance shares. Its two-number key is apart from the write lock's one-number key.
        with self.engine.connect() as conn:
            key = {"ns": WRITE_LOCK, "job": zlib.crc32(job.encode("utf-8")) & 0x7FFFFFFF}
            conn.execute(sa.text("SELECT pg_advisory_lock(:ns, :job)"), key)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:ns, :job)"), key)
                conn.commit()

    def read_site_table(self) -> gpd.GeoDataFrame:
        try:
            sites = gpd.read_postgis('SELECT * FROM "sites"', self.engine, geom_col="geometry")
        except Exception as exc:
            raise StoreError(Message("Không đọc được bảng sites", f"Cannot read the sites table: {exc}")) from exc
        return site_columns(sites)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return not conn.execute(sa.text("SELECT to_regclass('public.sites') IS NOT NULL")).scalar()


def create_postgis(url: str, sites: gpd.GeoDataFrame, changes: pd.DataFrame, meta: dict[str, str]) -> PostGISStore:
    """Write a complete store into an empty database in one transaction, then migrate it."""
    engine = sa.create_engine(_driver_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        if conn.execute(sa.text("SELECT to_regclass('public.sites') IS NOT NULL")).scalar():
            raise StoreError(Message("Cơ sở dữ liệu đã có dữ liệu", "The database already holds a store"))
        for statement in BASE_SCHEMA:
            conn.execute(sa.text(statement))
        for column in history.CHANGE_COLUMNS[history.CHANGE_COLUMNS.index("note") + 1:]:  # later versions' columns, filled now
            conn.execute(sa.text(f'ALTER TABLE "changes" ADD COLUMN IF NOT EXISTS {column} TEXT'))
        sites[model.SITE_COLUMNS + ["geometry"]].to_postgis("sites", conn, index=False)
        conn.execute(sa.text('CREATE INDEX IF NOT EXISTS sites_geom ON "sites" USING gist (geometry)'))
        conn.execute(sa.text('CREATE UNIQUE INDEX IF NOT EXISTS sites_id ON "sites" (site_id)'))
        rows = changes[history.CHANGE_COLUMNS].astype(object).where(changes[history.CHANGE_COLUMNS].notna(), None).to_dict("records")
        for row in rows:
            row["illustrative"] = bool(row["illustrative"])
        if rows:
            cols = history.CHANGE_COLUMNS
            conn.execute(sa.text(f'INSERT INTO "changes" ({", ".join(cols)}) VALUES ({", ".join(":" + c for c in cols)})'), rows)
        meta = {"data_version": uuid.uuid4().hex, **meta, "schema_version": "1"}  # base tables; migrate() does the rest
        conn.execute(sa.text('INSERT INTO "meta" (key, value) VALUES (:k, :v)'), [{"k": k, "v": str(v)} for k, v in meta.items()])
    engine.dispose()
    return PostGISStore(url)


def _driver_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(_driver_url(url)).render_as_string(hide_password=True)
    except Exception:
        return "<invalid URL>"
