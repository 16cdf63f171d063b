import datetime as dt
import os
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import history, model  # noqa: E402

BOUNDARIES_DIR = Path(os.environ.get("HANOI_BOUNDARIES_DIR", ROOT.parent / "shared" / "data" / "boundaries"))


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
def boundaries_dir():
    if not (BOUNDARIES_DIR / "hanoi_wards_2025.geojson").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"boundary files missing at {BOUNDARIES_DIR} under CI")
        pytest.skip("boundary files not installed")
    return BOUNDARIES_DIR


@pytest.fixture
def boundaries(boundaries_dir):
    from geo.boundaries import load_boundaries
    return load_boundaries(boundaries_dir)
