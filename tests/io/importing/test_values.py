"""Reading values: coordinates in any of the systems a list may use."""

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.io.importing import values
from tests.io.importing.conftest import one_row, plan_of


def test_xy_columns_in_vn2000_are_reprojected(s):
    x, y = gpd.GeoSeries([Point(105.95, 21.01)], crs="EPSG:4326").to_crs("EPSG:5897").iloc[0].coords[0]
    frame = one_row().assign(**{"Kinh độ": [x], "Vĩ độ": [y]})
    plan = plan_of(s, "m.csv", frame.to_csv(index=False).encode("utf-8"))
    assert any("mét" in p.message.vi for p in plan.problems)          # metres read as degrees: said, not guessed
    plan = plan_of(s, "m.csv", frame.to_csv(index=False).encode("utf-8"), crs="EPSG:5897")
    assert plan.ok and plan.sites.geometry.iloc[0].x == pytest.approx(105.95, abs=1e-6)


def test_a_cell_is_read_as_a_code_a_label_or_a_department_phrase():
    assert values.code_of("ww_status", "built_not_operating") == "built_not_operating"
    assert values.code_of("ww_status", "Đã xây, chưa vận hành") == "built_not_operating"
    assert values.code_of("ww_status", "Built, not operating") == "built_not_operating"
    assert values.code_of("ww_status", "chua co") == "none"
    assert values.code_of("operating_status", "Đang đầu tư xây dựng") == "under_construction"
    assert values.code_of("ww_status", "tốt lắm") is None and values.code_of("ww_status", "  ") is None


def test_an_address_gives_its_commune_and_district():
    assert values.split_address("Xã Tân Triều, huyện Thanh Trì, Hà Nội") == ("Xã Tân Triều", "huyện Thanh Trì")
    assert values.split_address("Thị trấn Phùng - Đan Phượng") == ("Thị trấn Phùng", "")
