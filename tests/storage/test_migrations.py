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


def _declared(path, table: str) -> dict:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return {row[1]: row[2] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _gis_type(path, table: str, column: str) -> str:
    """The type GDAL (and so QGIS) gives a column; a warning of GDAL's fails the test."""
    import warnings

    import pyogrio

    with warnings.catch_warnings():
        warnings.simplefilter("error")   # GDAL said "Field format 'DOUBLE PRECISION' not supported" and read text
        info = pyogrio.read_info(path, layer=table)
    return dict(zip(info["fields"], info["dtypes"]))[column]


def test_fines_are_a_number_to_gis_readers_of_a_new_file(tmp_path):
    path = tmp_path / "new.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    store.GeoPackageStore(path)
    assert _declared(path, "inspections")["fine_vnd"] == "DOUBLE"
    assert _gis_type(path, "inspections", "fine_vnd") == "float64"


def test_a_file_whose_fines_were_declared_double_precision_keeps_every_row_and_index(tmp_path):
    import sqlite3

    from geo.core import inspections

    path = tmp_path / "v8.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    s = store.GeoPackageStore(path)
    record = inspections.new_inspection("c1", "2026-11-20", "Thanh tra Sở", "Lê Minh", "Xả thải vượt chuẩn", "thanh",
                                        fine_vnd=125_000_000, violations=[{"description": "Xả thải", "legal_ref": "NĐ 45/2022"}])
    s.append_inspections([record])
    before = s.read_inspections()
    with sqlite3.connect(path) as conn:   # the table as schema 8 declared it
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'inspections'").fetchone()[0]
        conn.execute("ALTER TABLE inspections RENAME TO inspections_v9")
        conn.execute(ddl.replace("fine_vnd DOUBLE", "fine_vnd DOUBLE PRECISION"))
        conn.execute("INSERT INTO inspections SELECT * FROM inspections_v9")
        conn.execute("DROP TABLE inspections_v9")
        conn.execute("CREATE INDEX inspections_site ON inspections (site_id)")
        conn.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    old = _declared(path, "inspections")
    assert old["fine_vnd"] == "DOUBLE PRECISION"
    s = store.GeoPackageStore(path)
    assert s.read_meta()["schema_version"] == store.SCHEMA_VERSION
    assert _declared(path, "inspections") == {**old, "fine_vnd": "DOUBLE"}   # every other column as it was, in order
    assert s.read_inspections().equals(before)
    assert _gis_type(path, "inspections", "fine_vnd") == "float64"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'inspections_site'").fetchone() == (1,)
        assert conn.execute("SELECT pk FROM pragma_table_info('inspections') WHERE name = 'record_id'").fetchone() == (1,)
        assert conn.execute("SELECT \"notnull\" FROM pragma_table_info('inspections') WHERE name = 'site_id'").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM gpkg_contents WHERE table_name = 'inspections'").fetchone() == (1,)
