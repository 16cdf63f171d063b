"""Two small stores, one per backend, that every test of the interface runs on."""

import pytest

from geo import storage as store
from geo.core import history
from tests.conftest import change, make_sites

SITES = make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
    {"site_id": "v1", "name": "Làng Bát Tràng", "kind": "lang_nghe", "recognised": "yes", "lon": 105.91, "lat": 20.98},
])
FIRST = [change("c1", "ww_status", "none", "2021-01-01", record_id="r1")]


@pytest.fixture(params=["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def any_store(request, tmp_path):
    """A small store with two sites and one record, on each backend."""
    if request.param == "gpkg":
        path = tmp_path / "s.gpkg"
        store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
        return store.GeoPackageStore(path)
    from geo.storage import postgis

    url = request.getfixturevalue("postgis_url")
    return postgis.create_postgis(url, SITES, history.to_frame(FIRST), {"data_version": "v0"})


@pytest.fixture
def gpkg(tmp_path):
    path = tmp_path / "s.gpkg"
    store.write_geopackage(path, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    return store.GeoPackageStore(path)
