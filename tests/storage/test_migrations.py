"""Migrations: a store of any earlier schema is brought up to date on open, step by step."""

from geo import storage as store
from geo.core import history
from geo.storage import migrations
from geo.storage.geopackage import SITES_LAYER
from tests.storage.conftest import FIRST, SITES


def test_a_store_written_with_any_schema_version_in_its_meta_is_complete(tmp_path):
    path = tmp_path / "v.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"schema_version": store.SCHEMA_VERSION})
    s = store.GeoPackageStore(path)
    assert s.read_inspections().empty and s.read_imports().empty and s.list_users().empty


def test_a_schema_1_file_is_migrated_on_open(tmp_path):
    import sqlite3

    path = tmp_path / "old.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    with sqlite3.connect(path) as conn:   # make it look like a file from before inspections existed
        for table in ("inspections", "users", "sessions", "login_attempts"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    s = store.GeoPackageStore(path)
    assert s.read_meta()["schema_version"] == store.SCHEMA_VERSION
    assert s.read_inspections().empty and len(s.read_history()) == 1


def test_every_schema_step_is_numbered_in_order_up_to_the_current_version():
    steps = sorted(int(v) for v in migrations.MIGRATIONS)
    assert steps == list(range(1, int(migrations.SCHEMA_VERSION)))
    assert all(migrations.MIGRATIONS[str(v)] for v in steps)


def test_a_store_from_before_the_english_notes_gets_their_columns(tmp_path):
    import sqlite3

    path = tmp_path / "v3.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    with sqlite3.connect(path) as conn:   # make it look like a file from before the English notes
        for column in ("notes_en", "placement_note_en"):
            conn.execute(f'ALTER TABLE "{SITES_LAYER}" DROP COLUMN {column}')
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        assert "notes_en" not in [r[1] for r in conn.execute(f'PRAGMA table_info("{SITES_LAYER}")')]
    s = store.GeoPackageStore(path)
    assert s.read_meta()["schema_version"] == store.SCHEMA_VERSION
    assert {"notes_en", "placement_note_en"} <= set(s.read_site_table().columns)
