import json

import pandas as pd

from geo.core import history
from geo.views import assets, maps
from tests.conftest import make_sites

EVIL = "<img src=x onerror=alert(1)>"
SITES = history.state_as_of(make_sites([
    {"site_id": "x1", "name": EVIL, "kind": "ccn", "lon": 105.8, "lat": 21.0},
    {"site_id": "x2", "name": "Làng gốm Bát Tràng", "kind": "lang_nghe", "lon": 105.9, "lat": 21.0},
]), history.empty_changes(), "2025-12-31")


def render(m):
    return m.get_root().render()


def test_site_layers_carry_names_as_json_data_not_markup():
    m = maps.base_map("none")
    for group in maps.site_layers(SITES, "ww_status"):
        group.add_to(m)
    out = render(m)
    assert EVIL not in out  # the name is JSON-escaped data...
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in out
    assert "textContent" in out  # ...and reaches the page through textContent only


def test_no_cdn_is_referenced_and_leaflet_comes_from_static_files():
    m = maps.base_map("none")
    for group in maps.site_layers(SITES, "kind"):
        group.add_to(m)
    out = render(m)
    assert assets.LEAFLET_JS[0][1] in out and assets.LEAFLET_JS[0][1].startswith("/app/static/vendor/leaflet-")
    assert "cdn.jsdelivr" not in out and "cdnjs" not in out and "tile.openstreetmap" not in out


def test_offline_map_keeps_max_zoom_for_clusters():
    assert '"maxZoom": 18' in render(maps.base_map("none"))


def test_layers_one_per_kind_with_counts_in_the_current_language():
    *switches, sites = maps.site_layers(SITES, "kind", "en")
    assert [g.layer_name for g in switches] == ["Craft village (1)", "Craft-village cluster (0)", "Industrial cluster (1)",
                                                "Industrial park (0)"]
    assert sites.control is False  # every kind's sites in one cluster group, so bubbles never cover each other


def test_the_tooltip_names_the_colour_by_value_and_the_wastewater_plant():
    m = maps.base_map("none")
    for group in maps.site_layers(SITES, "haz_waste", "vi"):
        group.add_to(m)
    out = render(m)
    assert '"Xử lý CTNH"' in out and '"Trạm XLNT"' in out and "wwLabels" in out


def test_a_view_fits_the_bounds_it_is_given():
    center, zoom = maps.view_of([[20.95, 105.45], [21.10, 105.62]])
    assert center == (21.025, 105.535) and 10 <= zoom <= 13
    assert maps.view_of(None) == (None, None)
    assert maps.bounds_of([]) is None


def test_the_map_legend_is_a_control_of_its_own_layer_with_labels_as_data():
    m = maps.base_map("none")
    layer = maps.legend_layer("ww_status", "en", choropleth_title=EVIL)
    assert layer.control is False  # not listed in the layer switcher
    layer.add_to(m)
    out = render(m)
    assert EVIL not in out and "\\u003cimg src=x onerror=alert(1)\\u003e" in out
    assert '"title":"Wastewater plant"' in out and '["Unknown","#999999"]' in out
    assert "textContent" in out and "innerHTML" not in out
    # Shown and removed with its layer, so a new colour-by swaps it rather than adding one.
    assert 'layer.on("add"' in out and 'layer.on("remove"' in out


def test_the_legend_has_no_area_section_without_a_choropleth():
    out = render(maps.legend_layer("kind", "vi").add_to(maps.base_map("none")))
    assert "\"title\":\"Loại hình\"" in out and "Màu vùng" not in out and "25–50 %" not in out


def test_choropleth_tooltips_escape_unit_names(boundaries):
    b = boundaries
    b_units = b.units.copy()
    m = maps.base_map("none", boundaries=b, boundary_layer="units", choropleth=pd.DataFrame(
        {"code": [b_units["code"].iloc[0]], "percent": [50.0], "denominator": [2]}))
    assert "50,0 %" in render(m)


def test_compact_json_cannot_close_the_script_element():
    out = maps.compact_json(["</script><script>alert(1)</script>", "Bát Tràng & co"])
    assert "</script>" not in out and "<" not in out and "&" not in out
    assert json.loads(out) == ["</script><script>alert(1)</script>", "Bát Tràng & co"]
    assert "Bát Tràng" in out  # UTF-8, not \\u escapes: smaller pages



def test_with_a_data_url_the_map_document_carries_no_site_and_fetches_them():
    from geo.views import maps
    from tests.conftest import make_sites
    from geo.core import history

    state = history.state_as_of(make_sites([{"site_id": f"s{i}", "name": f"Làng nghề số {i}", "kind": "lang_nghe",
                                             "lon": 105.8 + i / 100, "lat": 21.0} for i in range(3)]), history.empty_changes(), "2026-01-01")
    rows = maps.site_rows(state, "kind", "vi")
    kinds = [k.value for k in maps.vocab.Kind]
    assert [len(r) for r in rows] == [3 if k == "lang_nghe" else 0 for k in kinds]
    assert rows[kinds.index("lang_nghe")][0][3:5] == ["s0", "Làng nghề số 0"]
    import folium

    m = folium.Map()
    groups = maps.site_layers(state, "kind", "vi", data_url="/du-lieu-ban-do/abc.json")
    for group in groups:
        group.add_to(m)
    page = m.get_root().render()
    assert "/du-lieu-ban-do/abc.json" in page and "Làng nghề số 0" not in page
    assert "Làng nghề (3)" in [g.layer_name for g in groups]               # the layer list still counts them
    inline = folium.Map()
    for group in maps.site_layers(state, "kind", "vi"):
        group.add_to(inline)
    assert "Làng nghề số 0" in inline.get_root().render()
