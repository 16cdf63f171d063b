"""Reading values: coordinates in any of the systems a list may use."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.io import importing
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


def _csv(frame):
    return frame.to_csv(index=False).encode("utf-8")


def test_vietnamese_numbers_are_read_right_and_shown_beside_the_cell(s):
    frame = pd.concat([one_row()] * 3, ignore_index=True).assign(**{
        "Mã": ["a-1", "a-2", "a-3"], "Tên": ["CCN Một", "CCN Hai", "CCN Ba"],
        "Diện tích (ha)": ["6,28", "1.250", "1.250,5"], "Công suất (m3/ngđ)": ["1.800", "", "900"]})
    plan = plan_of(s, "vn.csv", _csv(frame))
    assert plan.ok, [p.text() for p in plan.problems]
    assert plan.sites.set_index("site_id")["area_ha"].to_dict() == {"a-1": 6.28, "a-2": 1250.0, "a-3": 1250.5}
    capacity = plan.changes[plan.changes["field"] == "ww_capacity_m3d"].set_index("site_id")["value"]
    assert float(capacity["a-1"]) == 1800.0 and float(capacity["a-3"]) == 900.0
    read = plan.rows.set_index("site_id")["read"]
    assert "“1.250” → 1250" in read["a-2"] and "“6,28” → 6,28" in read["a-1"] and "“1.800” → 1800" in read["a-1"]


def test_an_ambiguous_number_is_asked_about_with_its_row_and_column(s):
    frame = pd.concat([one_row()] * 2, ignore_index=True).assign(
        **{"Mã": ["b-1", "b-2"], "Tên": ["CCN Một", "CCN Hai"], "Diện tích (ha)": ["6,28", "1,250"]})
    plan = plan_of(s, "vn.csv", _csv(frame))
    problem = next(p for p in plan.problems if p.row == 3)
    assert problem.column == "Diện tích (ha)" and "“1,250” có thể là 1,25 hoặc 1250" in problem.text("vi")
    assert set(plan.rows.set_index("site_id")["action"]) == {"create", "error"} and not plan.ok


def test_tick_marks_under_yes_no_columns_and_an_empty_cell_means_not_stated(s):
    frame = pd.concat([one_row()] * 3, ignore_index=True).assign(**{
        "Mã": ["t-1", "t-2", "t-3"], "Tên": ["CCN Một", "CCN Hai", "CCN Ba"],
        "Trạm XLNT tập trung": ["Đã có", "x", ""], "Phương án BVMT": ["✓", "", "không"]})
    mapping = {**importing.auto_mapping(list(frame.columns)), "Phương án BVMT": "ep_plan"}
    plan = plan_of(s, "t.csv", _csv(frame), mapping=mapping)
    assert plan.ok, [p.text() for p in plan.problems]
    got = {(r.site_id, r.field): r.value for r in plan.changes.itertuples()}
    assert got[("t-1", "ww_status")] == got[("t-2", "ww_status")] == "built"   # a plant exists; whether it runs is not said
    assert got[("t-1", "ep_plan")] == "yes" and got[("t-3", "ep_plan")] == "no"
    assert ("t-3", "ww_status") not in got and ("t-2", "ep_plan") not in got  # empty: nothing recorded, not "no"


def test_control_characters_are_refused_with_the_row_and_an_invalid_id_becomes_a_link_id(s):
    frame = pd.concat([one_row()] * 2, ignore_index=True).assign(
        **{"Mã": ["Mã 01/2025", "c-2"], "Tên": ["CCN Một", "CCN\x1b Hai\x00"]})
    plan = plan_of(s, "c.csv", _csv(frame))
    bad = [p for p in plan.problems if "U+001B" in p.text("en")]
    assert len(bad) == 1 and bad[0].row == 3 and "U+0000" in bad[0].text("en") and bad[0].column == "Tên"
    first = plan.rows.iloc[0]
    assert first["site_id"] == "ma-01-2025" and "“Mã 01/2025” → ma-01-2025" in first["read"]
    assert "Mã 01/2025" in plan.sites.set_index("site_id").loc["ma-01-2025", "notes"]   # the original is kept


def test_the_mapping_step_says_how_tick_and_number_columns_are_read():
    frame = pd.concat([one_row()] * 3, ignore_index=True).assign(
        **{"Trạm XLNT tập trung": ["Đã có", "", "tốt"], "Diện tích (ha)": ["6,28", "1.250", ""]})
    raw = importing.read_upload("t.csv", _csv(frame))
    rows = {header: how for header, _label, how in importing.column_readings(raw, importing.auto_mapping(raw.headers), "vi")}
    assert rows["Trạm XLNT tập trung"] == ("“Đã có” → Đã có trạm (chưa rõ có vận hành không) · “” → không nêu (không ghi gì) · "
                                          "“tốt” → không hiểu (sẽ báo lỗi)")
    assert rows["Diện tích (ha)"] == "“6,28” → 6,28 · “1.250” → 1250 · “” → không nêu (không ghi gì)"


def test_surveyors_x_northing_y_easting_in_vn2000_is_recognised(s):
    e, n = gpd.GeoSeries([Point(105.95, 21.01)], crs="EPSG:4326").to_crs("EPSG:5897").iloc[0].coords[0]
    frame = one_row().drop(columns=["Kinh độ", "Vĩ độ"]).assign(**{"Tọa độ X": [f"{n:.2f}"], "Tọa độ Y": [f"{e:.2f}"]})
    plan = plan_of(s, "vn2000.csv", _csv(frame), crs="EPSG:5897")
    assert plan.ok, [p.text() for p in plan.problems]
    point = plan.sites.geometry.iloc[0]
    assert point.x == pytest.approx(105.95, abs=1e-6) and point.y == pytest.approx(21.01, abs=1e-6)
    assert "X = bắc" in plan.rows.iloc[0]["read"]


def test_swapped_degrees_are_refused_saying_x_and_y_look_swapped(s):
    frame = one_row().assign(**{"Kinh độ": [21.01], "Vĩ độ": [105.95]})
    plan = plan_of(s, "swapped.csv", _csv(frame))
    assert any("X and Y look swapped" in p.text("en") and p.row == 2 for p in plan.problems)


@pytest.mark.parametrize("lon, lat", [("105°57'E", '21°0\'36"N'), ("105° 57′ 0″ Đ", "21° 0′ 36″ B"), ("105°57'", '21°00\'36"')])
def test_degrees_minutes_seconds_are_read(s, lon, lat):
    frame = one_row().assign(**{"Kinh độ": [lon], "Vĩ độ": [lat]})
    plan = plan_of(s, "dms.csv", _csv(frame))
    assert plan.ok, [p.text() for p in plan.problems]
    point = plan.sites.geometry.iloc[0]
    assert point.x == pytest.approx(105.95, abs=1e-6) and point.y == pytest.approx(21.01, abs=1e-6)
