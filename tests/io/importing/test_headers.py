"""Mapping headers to fields, with or without diacritics, and remembering a confirmed mapping."""

from geo.io import importing


def test_headers_map_to_fields_with_or_without_diacritics():
    mapping = importing.auto_mapping(["TT", "Ten cum cong nghiep", "Dia diem", "Dien tich (ha)", "Tram XLNT / Tinh trang", "Tình trạng"])
    assert mapping == {"TT": "tt", "Ten cum cong nghiep": "name", "Dia diem": "address", "Dien tich (ha)": "area_ha",
                       "Tram XLNT / Tinh trang": "ww_status", "Tình trạng": "operating_status"}
    assert importing.infer_kind(["Tên làng nghề"]) == "lang_nghe"


def test_a_mapping_is_remembered_for_the_same_layout(s, dept_xlsx):
    raw = importing.read_upload("ccn.xlsx", dept_xlsx)
    sig = importing.signature(raw.headers)
    assert s.get_mapping(sig) is None
    fixed = importing.auto_mapping(raw.headers) | {"Ghi chú": ""}
    s.put_mapping(sig, fixed, "admin")
    again = importing.read_upload("ccn-thang-11.xlsx", dept_xlsx)
    assert s.get_mapping(importing.signature(again.headers)) == fixed
