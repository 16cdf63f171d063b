from shapely.geometry import Point

from geo.places import placement


def test_an_unsplit_old_commune_goes_to_its_one_new_unit(boundaries):
    p = placement.place_site(boundaries, "t1", "Thạch Thất", "Phùng Xá")
    assert (p.old_district_code, p.old_commune_code) == ("276", "09997")
    assert p.new_unit_name == "Xã Tây Phương" and p.location_precision == "new_unit"
    unit = boundaries.units.set_index("code").loc[p.new_unit_code].geometry
    assert unit.contains(Point(p.lon, p.lat))


def test_a_split_old_commune_records_the_choice_and_why(boundaries):
    p = placement.place_site(boundaries, "t2", "Gia Lâm", "Bát Tràng")
    assert "bị chia cho 3 đơn vị" in p.placement_note and "bảng chuyển đổi địa chỉ cũ sang mới" in p.placement_note
    assert "split between 3 units" in p.placement_note_en
    assert p.new_unit_name == "Xã Bát Tràng"


def test_a_commune_merged_in_early_2025_is_found_through_vietnamadminunits(boundaries):
    p = placement.place_site(boundaries, "t3", "Thạch Thất", "Hữu Bằng")
    assert "Hữu Bằng" in p.old_commune_name and "sáp nhập" in p.placement_note
    assert p.new_unit_name == "Xã Tây Phương"


def test_district_only_sites_are_placed_coarsely_and_say_so(boundaries):
    p = placement.place_site(boundaries, "t4", "Thường Tín", "")
    assert p.location_precision == "old_district" and p.new_unit_code == ""
    district = boundaries.districts.set_index("code").loc[p.old_district_code].geometry
    assert district.contains(Point(p.lon, p.lat))


def test_a_surveyed_point_gives_the_new_unit_by_point_in_polygon(boundaries):
    unit = boundaries.units.iloc[10]
    pt = unit.geometry.representative_point()
    p = placement.place_site(boundaries, "t5", "", "", lon=pt.x, lat=pt.y)
    assert p.location_precision == "surveyed" and p.new_unit_code == unit["code"]


def test_points_are_deterministic_and_differ_between_sites(boundaries):
    geom = boundaries.units.geometry.iloc[0]
    assert placement.point_inside(geom, "a") == placement.point_inside(geom, "a")
    assert placement.point_inside(geom, "a") != placement.point_inside(geom, "b")
