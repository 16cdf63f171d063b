from geo.core import history
from geo.views import tables
from tests.conftest import make_sites

SITES = history.state_as_of(make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
]), history.to_frame([]), "2025-12-31")


def test_the_list_has_one_labelled_column_per_attribute_and_coordinates():
    table = tables.display_table(SITES, "vi")
    assert list(table.columns[:3]) == ["Mã cơ sở", "Tên", "Loại hình"]
    assert table.iloc[0]["Loại hình"] == "Cụm công nghiệp" and table.iloc[0]["Trạm XLNT"] == "Chưa rõ"
    assert table.iloc[0]["Số liệu minh họa"] == "Không"
    assert (table.iloc[0]["Kinh độ"], table.iloc[0]["Vĩ độ"]) == (105.8, 21.0)
    assert tables.display_table(SITES, "en").iloc[0]["Kind"] == "Industrial cluster"
