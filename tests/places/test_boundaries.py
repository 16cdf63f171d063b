import shutil

import pytest

from geo.places import boundaries
from geo.errors import BoundariesUnavailable


def test_layers_load_and_pass_their_checks(boundaries_dir):
    b = boundaries.load_boundaries(boundaries_dir)
    assert len(b.districts) == 30 and len(b.units) == 126
    assert set(b.units["code"]) == boundaries.official_unit_codes()
    assert b.outline.contains(b.units.geometry.iloc[0].representative_point())


def test_simplified_layers_are_lighter_but_keep_every_unit(boundaries):
    light = boundaries.simplified("units")
    assert len(light) == 126
    assert sum(len(g.wkt) for g in light.geometry) < sum(len(g.wkt) for g in boundaries.units.geometry)


def test_no_folder_configured_says_which_setting_to_set():
    with pytest.raises(BoundariesUnavailable, match="HANOI_BOUNDARIES_DIR"):
        boundaries.load_boundaries(None)


def test_missing_files_are_named(tmp_path):
    with pytest.raises(BoundariesUnavailable, match="hanoi_wards_2025.geojson"):
        boundaries.load_boundaries(tmp_path)


def test_wrong_unit_count_fails_the_check(boundaries_dir, tmp_path):
    import geopandas as gpd

    for name in boundaries.FILES.values():
        shutil.copy(boundaries_dir / name, tmp_path / name)
    units = gpd.read_file(tmp_path / boundaries.FILES["units_2025"])
    units.iloc[:100].to_file(tmp_path / boundaries.FILES["units_2025"], driver="GeoJSON")
    with pytest.raises(BoundariesUnavailable, match="100 features, expected 126"):
        boundaries.load_boundaries(tmp_path)


def test_display_shapes_are_made_once_per_loaded_layers_and_each_caller_gets_its_own_copy(boundaries):
    first = boundaries.simplified("districts")
    first["name"] = "changed by a caller"
    again = boundaries.simplified("districts")
    assert len(again) == 30 and "changed by a caller" not in set(again["name"])
    assert again.geometry.geom_equals(first.geometry).all()
    assert again.geometry.iloc[0].wkb != boundaries.districts.geometry.iloc[0].wkb   # lighter than the source
    outline = boundaries.city_geojson
    assert outline is boundaries.city_geojson and outline["type"] == "FeatureCollection" and len(outline["features"]) >= 1
