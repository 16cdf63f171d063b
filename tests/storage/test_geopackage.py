"""The embedded GeoPackage store: atomic rewrites, a clear error for a missing file, a file QGIS reads."""

import multiprocessing
import os

import pyogrio
import pytest

from geo import storage as store
from geo.core import history
from geo.errors import StoreError
from tests.storage.conftest import SITES


def _crash_while_rewriting(path):
    """Child process: start writing a new store over ``path`` and die abruptly midway."""
    import pyogrio

    real = pyogrio.write_dataframe
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            os._exit(9)  # no cleanup, no exception handlers: like a power cut
        return real(*args, **kwargs)

    pyogrio.write_dataframe = dying
    store.write_geopackage(path, SITES.iloc[:1], history.empty_changes(), {"data_version": "new"})


@pytest.mark.slow
def test_a_process_killed_while_rewriting_the_store_leaves_the_old_file_intact(gpkg):
    before = (gpkg.data_version(), gpkg.read_site_table()["site_id"].tolist())
    proc = multiprocessing.get_context("spawn").Process(target=_crash_while_rewriting, args=(gpkg.path,))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 9
    assert (gpkg.data_version(), gpkg.read_site_table()["site_id"].tolist()) == before


def test_missing_store_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        store.GeoPackageStore(tmp_path / "none.gpkg")


def test_the_file_lists_its_tables_for_gis_readers(gpkg):
    layers = {name for name, _ in pyogrio.list_layers(gpkg.path)}
    assert {"sites", "changes", "meta", "inspections", "imports"} <= layers
    assert pyogrio.read_info(gpkg.path, layer="sites")["crs"] == "EPSG:4326"


@pytest.mark.parametrize("content", [b"", b"not a database at all", "sqlite"])
def test_a_file_that_is_not_a_store_is_one_clear_line(tmp_path, content):
    path = tmp_path / "foreign.gpkg"
    if content == "sqlite":
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE other (x)")
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        store.GeoPackageStore(path)
    assert "is not a store of this dashboard" in info.value.text("en") and "HANOI_STORE" in info.value.text("en")
    assert path.read_bytes() == (content if isinstance(content, bytes) else path.read_bytes())  # left as it was
