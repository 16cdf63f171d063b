import dataclasses
import datetime as dt
import os
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.access.auth import User  # noqa: E402
from geo.core import history, model  # noqa: E402
from geo.settings import DEFAULTS  # noqa: E402

INSPECTOR = User("thanh", "Trần Thanh", "inspector")
BOUNDARIES_DIR = Path(os.environ.get("HANOI_BOUNDARIES_DIR", ROOT.parent / "shared" / "data" / "boundaries"))


def streamlit_config() -> dict:
    """The project's Streamlit settings, as the server reads them."""
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def settings_for(store_path, **values):
    """The default settings with this store (and any other values): what a test's app would read."""
    return dataclasses.replace(DEFAULTS, store_path=Path(store_path), **values)


def make_sites(rows):
    """Tiny sites frame: rows are dicts with at least site_id, name, kind, lon, lat."""
    records = []
    for r in rows:
        rec = {c: "" for c in model.SITE_COLUMNS}
        rec.update({"recognised": "no", "craft_title": "na", "sector": "unknown", "trade_group": "na",
                    "location_precision": "new_unit", "source": "test fixture"})
        rec.update({k: v for k, v in r.items() if k not in ("lon", "lat")})
        records.append(rec)
    geoms = [Point(r["lon"], r["lat"]) for r in rows]
    frame = gpd.GeoDataFrame(records, geometry=geoms, crs=model.CRS)
    frame["area_ha"] = frame["area_ha"].replace("", None).astype(float)
    frame["recognition_year"] = frame["recognition_year"].replace("", None).astype(float)
    return frame


def change(site_id, field, value, day, *, illustrative=False, supersedes="", recorded_at=None, record_id=None):
    return history.new_change(site_id, field, value, day, "test source", "tester", illustrative=illustrative,
                              supersedes=supersedes, record_id=record_id,
                              recorded_at=recorded_at or dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))




@pytest.fixture
def s(tmp_path):
    """A store with one cluster, c1, and one record of it (r1)."""
    from geo import storage

    sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0}])
    path = tmp_path / "r.gpkg"
    storage.write_geopackage(path, sites, history.to_frame([change("c1", "ww_status", "none", "2021-01-01", record_id="r1")]), {})
    return storage.GeoPackageStore(path)


def an_inspection(s, user, **kw):
    """One inspection of c1 with a violation, a fine and two required actions (one due 2025-08-01)."""
    from geo.access import recording

    return recording.record_inspection(
        s, user, "c1", "2025-05-10", "Thanh tra Sở NN&MT", "Lê Minh", "Trạm XLNT không vận hành",
        violations=[{"description": "Không vận hành công trình xử lý", "legal_ref": "NĐ 45/2022/NĐ-CP Điều 25"}],
        fine_vnd=120_000_000, actions=[{"action": "Vận hành lại trạm", "deadline": "2025-08-01"},
                                       {"action": "Quan trắc định kỳ", "deadline": "2026-12-31"}], **kw)


@pytest.fixture
def boundaries_dir():
    if not (BOUNDARIES_DIR / "hanoi_wards_2025.geojson").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"boundary files missing at {BOUNDARIES_DIR} under CI")
        pytest.skip("boundary files not installed")
    return BOUNDARIES_DIR


@pytest.fixture
def boundaries(boundaries_dir):
    from geo.places.boundaries import load_boundaries
    return load_boundaries(boundaries_dir)


PG_ADMIN_URL = os.environ.get("HANOI_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def postgis_databases():
    """A maker of fresh PostGIS databases (URL each), all dropped after the test.

    Under CI a missing server or extension fails the run; elsewhere the test is skipped.
    """
    import uuid

    import sqlalchemy as sa

    made: list[str] = []
    try:
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL not reachable at {PG_ADMIN_URL} under CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc.__class__.__name__}")

    def make() -> str:
        name = f"hanoi_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        url = sa.engine.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        try:
            probe = sa.create_engine(url)
            with probe.begin() as conn:
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
            probe.dispose()
        except sa.exc.SQLAlchemyError as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostGIS extension not installed under CI: {exc}")
            pytest.skip("PostGIS extension not installed")
        return url

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgis_url(postgis_databases):
    """A fresh PostGIS database for one test, dropped afterwards."""
    return postgis_databases()


@pytest.fixture(autouse=True)
def _main_module_back():
    """Streamlit's script runner (and so every AppTest) installs its script as ``__main__`` and never puts the
    old one back; a process started later with "spawn" then imports that script first, and one made by
    ``AppTest.from_function`` fails there. Each test gets the ``__main__`` it started with."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


def pytest_collection_modifyitems(items):
    """Tests that need a PostgreSQL server carry the ``postgis`` marker, however they reach it."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "postgis_url" in names or "postgis_databases" in names or "[postgis" in item.nodeid:
            item.add_marker(pytest.mark.postgis)
