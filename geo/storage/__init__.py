"""Where sites, their change records, inspections and users live.

:func:`open_store` stands above both backends (the embedded GeoPackage and PostGIS),
fills an empty store with the default dataset and migrates it, so neither backend
imports the other.
"""

from __future__ import annotations

from pathlib import Path

from geo.dataset.default import default_content
from geo.errors import StoreError
from geo.settings import Settings
from geo.storage import postgis
from geo.storage.base import Store
from geo.storage.geopackage import GeoPackageStore, write_geopackage
from geo.storage.migrations import SCHEMA_VERSION
from geo.storage.sql import SqlStore

__all__ = ["GeoPackageStore", "SCHEMA_VERSION", "SqlStore", "Store", "build_default_store", "open_store", "write_geopackage"]


def build_default_store(path: Path, cfg: Settings) -> GeoPackageStore:
    """A new GeoPackage at ``path`` holding the default dataset of ``cfg``'s data files."""
    write_geopackage(path, *default_content(cfg))
    return GeoPackageStore(path)


def open_store(cfg: Settings) -> SqlStore:
    """The PostGIS store when ``cfg.database_url`` is set, else the embedded GeoPackage;
    either is built from the data files on first run and migrated to the current schema."""
    if cfg.database_url:
        s = postgis.PostGISStore(cfg.database_url, migrate=False)
        if s.is_empty():
            # Under the database's lock, so two instances starting together build it once.
            try:
                return postgis.create_postgis(cfg.database_url, *default_content(cfg))
            except StoreError:
                pass  # another instance built it meanwhile
        s.migrate()
        return s
    path = Path(cfg.store_path)
    if not path.is_file():
        return build_default_store(path, cfg)
    return GeoPackageStore(path)
