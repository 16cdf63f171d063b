"""The inline map element's Python side: what it hands the browser (ui/leaflet.js draws it; the browser tests watch that)."""

import folium
import pytest
from streamlit import config

from geo.core import history
from geo.views import assets, maps
from tests.conftest import make_sites
from ui import leaflet


@pytest.fixture
def sites():
    return history.state_as_of(make_sites([
        {"site_id": "x1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
        {"site_id": "x2", "name": "Làng gốm Bát Tràng", "kind": "lang_nghe", "lon": 105.9, "lat": 21.0},
    ]), history.empty_changes(), "2025-12-31")


def _map(boundaries=None, layer="none"):
    return maps.base_map("none", "", center=(21.0, 105.8), zoom=11, boundaries=boundaries, boundary_layer=layer)


def _layers(sites):
    return [*maps.site_layers(sites, "kind", "vi", data_url="/du-lieu-ban-do/k.json"), maps.legend_layer("kind", "vi")]


def test_folium_page_styles_stay_out_of_the_dashboards_page_and_the_maps_own_stay_in():
    header = """<style>#map_div {position: relative; width: 100.0%;}</style>
        <style>html, body {width: 100%; height: 100%; margin: 0; padding: 0;}</style>
        <style>#map {position:absolute; top:0; bottom:0;}</style>
        <style>.foliumtooltip table { margin: auto; }</style>"""
    kept = leaflet.map_styles(header)
    assert "#map_div" in kept and ".foliumtooltip" in kept
    assert "html, body" not in kept and "#map {" not in kept and "margin: 0" not in kept


def test_leaflet_and_its_plugin_come_from_the_dashboards_own_files_in_order(sites):
    data = leaflet.map_data(_map(), _layers(sites), folium.LayerControl(), 500, (21.0, 105.8), 12)
    assert data["js"] == [assets.LEAFLET_JS[0][1], assets.CLUSTER_JS[0][1]]
    assert data["css"][0] == assets.LEAFLET_CSS[0][1] and len(data["css"]) == 3
    assert not [u for u in data["js"] + data["css"] if "//" in u]   # no CDN
    assert "var map_div = L.map(" in data["script"]
    # The sites' layers come apart from the map (they change with the filters; the map does not).
    assert "markerClusterGroup" in data["layers"] and "markerClusterGroup" not in data["script"]
    assert "/du-lieu-ban-do/k.json" in data["layers"] and "layer_control_layer_control" in data["layers"]
    assert (data["center"], data["zoom"], data["height"]) == ([21.0, 105.8], 12, 500)


def test_under_a_path_prefix_the_files_are_asked_for_under_it(sites):
    config.set_option("server.baseUrlPath", "hanoi")
    try:
        data = leaflet.map_data(_map(), _layers(sites))
    finally:
        config.set_option("server.baseUrlPath", "")
    assert data["js"][0] == "/hanoi" + assets.LEAFLET_JS[0][1]
    assert all(u.startswith("/hanoi/app/static/vendor/") for u in data["js"] + data["css"])


@pytest.mark.parametrize("layer", ["none", "districts", "units"])
def test_a_map_made_again_from_the_same_things_reuses_its_script_and_draws_the_same(sites, boundaries, layer):
    key = ("test", layer)
    first = leaflet.map_data(_map(boundaries, layer), _layers(sites), folium.LayerControl(), cache_key=key)
    again = leaflet.map_data(_map(boundaries, layer), _layers(sites), folium.LayerControl(), cache_key=key)
    fresh = leaflet.map_data(_map(boundaries, layer), _layers(sites), folium.LayerControl())
    assert first == again == fresh
    if layer != "none":   # the layer list names the map's own area layer by the name the first map gave it
        assert "geo_json_div_" in again["layers"]


def test_another_key_is_another_map():
    one = leaflet.map_data(_map(), (), cache_key=("test", "a"))
    other = leaflet.map_data(maps.base_map("none", "", center=(20.9, 105.7), zoom=9), (), cache_key=("test", "b"))
    assert one["script"] != other["script"] and "20.9" in other["script"]


def test_the_failure_notice_is_in_the_readers_language():
    assert "tải lại trang" in leaflet.map_data(_map(), (), lang="vi")["failed"]
    assert "reload the page" in leaflet.map_data(_map(), (), lang="en")["failed"]


def test_the_map_pages_shell_starts_exactly_the_files_its_map_asks_for_in_the_same_order(sites):
    """ui/shell.py starts them before the element mounts; ui/leaflet.js then finds each by the same address."""
    from ui import shell

    data = leaflet.map_data(_map(), _layers(sites), folium.LayerControl())
    assert [f for f in shell.PAGE_FILES["ban-do"] if f.endswith(".js")] == data["js"]
    assert sorted(f for f in shell.PAGE_FILES["ban-do"] if f.endswith(".css")) == sorted(data["css"])
    plain = leaflet.map_data(_map(), ())
    for page in ("chi-tiet", "chi-tieu", "ke-hoach"):
        assert list(shell.PAGE_FILES[page]) == plain["css"] + plain["js"]
