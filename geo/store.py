"""Where sites and their change records live.

:class:`Store` is the interface every backend implements; :class:`GeoPackageStore` is
the zero-setup default: one GeoPackage file (opens in QGIS) built on first run from
``data/``. Writes are atomic: a new file is written beside the old one and renamed
over it, and appends run in one SQLite transaction, so a crash leaves the previous
data intact.
"""

from __future__ import annotations

import abc
import datetime as dt
import os
import sqlite3
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import boundaries as boundaries_mod
from geo import history, model, reference, scenario
from geo.errors import StoreError, ValidationFailed

SCHEMA_VERSION = "1"
SITES_LAYER = "sites"
CHANGES_LAYER = "changes"
META_LAYER = "meta"


class Store(abc.ABC):
    """What the dashboard needs from storage; a PostGIS backend implements the same."""

    @abc.abstractmethod
    def data_version(self) -> str:
        """Changes whenever anything is written; caches key on it."""

    @abc.abstractmethod
    def read_site_table(self) -> gpd.GeoDataFrame:
        """Identity columns of every site (no status)."""

    @abc.abstractmethod
    def read_history(self, site_id: str | None = None) -> pd.DataFrame:
        """Change records, all or one site's."""

    @abc.abstractmethod
    def append_changes(self, records, expected_version: str | None = None) -> list[str]:
        """Validate and add records in one transaction; return their ids.

        With ``expected_version``, refuse (StoreError) if anything was written since
        that version was read, so that no update is lost silently.
        """

    @abc.abstractmethod
    def read_meta(self) -> dict[str, str]:
        """Facts about the store: schema version, how it was built, the illustrative seed."""

    def read_sites(self, as_of=None) -> gpd.GeoDataFrame:
        """Sites with their status at the end of ``as_of`` (default: today)."""
        return history.state_as_of(self.read_site_table(), self.read_history(), as_of or dt.date.today())

    def read_boundaries(self, boundaries_dir, layer: str) -> gpd.GeoDataFrame:
        """A boundary layer ('districts' or 'units'); raises BoundariesUnavailable."""
        return getattr(boundaries_mod.load_boundaries(boundaries_dir), layer)


class GeoPackageStore(Store):
    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"Không có tệp dữ liệu {self.path} / store file {self.path} does not exist")

    # -- reading ---------------------------------------------------------
    def data_version(self) -> str:
        return self.read_meta().get("data_version", "")

    def read_meta(self) -> dict[str, str]:
        with self._connect() as conn:
            return dict(conn.execute(f'SELECT key, value FROM "{META_LAYER}"').fetchall())

    def read_site_table(self) -> gpd.GeoDataFrame:
        try:
            sites = pyogrio.read_dataframe(self.path, layer=SITES_LAYER, use_arrow=True)
        except Exception as exc:  # pyogrio raises its own DataSourceError and friends
            raise StoreError(f"Không đọc được lớp sites / cannot read the sites layer of {self.path}: {exc}") from exc
        sites = sites.drop(columns=[c for c in ("fid",) if c in sites.columns])
        for column in model.SITE_COLUMNS:
            if column not in sites.columns:
                sites[column] = None
        return sites[model.SITE_COLUMNS + ["geometry"]]

    def read_history(self, site_id: str | None = None) -> pd.DataFrame:
        query = f'SELECT {", ".join(history.CHANGE_COLUMNS)} FROM "{CHANGES_LAYER}"'
        params: tuple = ()
        if site_id is not None:
            query += " WHERE site_id = ?"
            params = (site_id,)
        with self._connect() as conn:
            frame = pd.read_sql_query(query, conn, params=params)
        frame["illustrative"] = frame["illustrative"].astype(bool)
        for column in ("supersedes", "note", "source", "recorded_by"):
            frame[column] = frame[column].fillna("")
        return frame

    # -- writing ---------------------------------------------------------
    def append_changes(self, records, expected_version: str | None = None, *, _fail_after: int | None = None) -> list[str]:
        frame = history.to_frame(records)
        site_ids = set(self.read_site_table()["site_id"])
        errors = history.validate_changes(frame, site_ids)
        if errors:
            raise ValidationFailed(errors)
        known = set(self.read_history()["record_id"])
        dangling = [s for s in frame["supersedes"] if s and s not in known]
        if dangling:
            raise StoreError(f"Bản ghi được thay thế không tồn tại / superseded record not found: {dangling[0]}")
        columns = ", ".join(history.CHANGE_COLUMNS)
        marks = ", ".join("?" for _ in history.CHANGE_COLUMNS)
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            current = conn.execute(f'SELECT value FROM "{META_LAYER}" WHERE key = ?', ("data_version",)).fetchone()
            if expected_version is not None and current and current[0] != expected_version:
                raise StoreError(
                    "Dữ liệu của cơ sở đã thay đổi từ khi bạn mở trang; tải lại để xem thay đổi rồi lưu lại. / "
                    "The data changed since you opened it; reload to see what changed, then save again."
                )
            for n, row in enumerate(frame[history.CHANGE_COLUMNS].itertuples(index=False)):
                if _fail_after is not None and n >= _fail_after:
                    raise RuntimeError("simulated crash in the middle of a write")
                values = list(row)
                values[history.CHANGE_COLUMNS.index("illustrative")] = int(bool(values[8]))
                conn.execute(f'INSERT INTO "{CHANGES_LAYER}" ({columns}) VALUES ({marks})', values)
            conn.execute(f'UPDATE "{META_LAYER}" SET value = ? WHERE key = ?', (uuid.uuid4().hex, "data_version"))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
        return list(frame["record_id"])

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn


def write_geopackage(path: Path, sites: gpd.GeoDataFrame, changes: pd.DataFrame, meta: dict[str, str]) -> None:
    """Write a complete store to ``path`` atomically: a temporary file, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp.gpkg")
    try:
        pyogrio.write_dataframe(sites[model.SITE_COLUMNS + ["geometry"]], tmp, layer=SITES_LAYER, driver="GPKG")
        changes_out = changes[history.CHANGE_COLUMNS].copy()
        changes_out["illustrative"] = changes_out["illustrative"].astype(int)
        pyogrio.write_dataframe(changes_out, tmp, layer=CHANGES_LAYER, driver="GPKG")
        meta_frame = pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]})
        pyogrio.write_dataframe(meta_frame, tmp, layer=META_LAYER, driver="GPKG")
        with sqlite3.connect(tmp) as conn:
            conn.execute(f'CREATE INDEX IF NOT EXISTS changes_site ON "{CHANGES_LAYER}" (site_id)')
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def build_default_store(path: Path, seed: int = scenario.SEED) -> GeoPackageStore:
    """The embedded store from ``data/``: reference sites, real facts, illustrative scenario."""
    sites = reference.read_sites_csv()
    facts = reference.read_facts()
    illus = scenario.generate(sites, facts, seed=seed)
    changes = pd.concat([facts, illus], ignore_index=True)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "data_version": uuid.uuid4().hex,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "built_from": "data/sites.csv + data/facts.csv + illustrative scenario",
        "illustrative_seed": str(seed),
    }
    write_geopackage(path, sites, changes, meta)
    return GeoPackageStore(path)


def open_store(path: Path) -> GeoPackageStore:
    """Open the embedded store, building it from ``data/`` on first run."""
    path = Path(path)
    if not path.is_file():
        return build_default_store(path)
    return GeoPackageStore(path)
