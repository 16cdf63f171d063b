from geo.core import history
from geo.views import tables
from tests.conftest import make_sites

SITES = history.state_as_of(make_sites([
    {"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
]), history.to_frame([]), "2025-12-31")


def test_the_list_has_one_labelled_column_per_attribute_and_coordinates():
    table = tables.display_table(SITES, "vi")
    assert list(table.columns[:2]) == ["Tên", "Loại hình"] and "Mã cơ sở" in table.columns[-3:]
    assert table.iloc[0]["Loại hình"] == "Cụm công nghiệp" and table.iloc[0]["Trạm XLNT"] == "Chưa rõ"
    assert table.iloc[0]["Số liệu minh họa"] == "Không" and table.iloc[0]["Diện tích (ha)"] == "—"
    assert (table.iloc[0]["Kinh độ"], table.iloc[0]["Vĩ độ"]) == ("105,80000", "21,00000")
    exported = tables.display_table(SITES, "vi", screen=False)
    assert (exported.iloc[0]["Kinh độ"], exported.iloc[0]["Vĩ độ"]) == (105.8, 21.0)
    assert tables.display_table(SITES, "en").iloc[0]["Kind"] == "Industrial cluster"


def test_the_screen_cites_sources_in_words_and_an_export_keeps_the_key():
    table = tables.display_table(SITES, "vi", cite=lambda s: f"«{s}»")
    assert table.iloc[0]["Nguồn"] == "«test fixture»"
    assert tables.display_table(SITES, "vi", screen=False, cite=lambda s: "x").iloc[0]["Nguồn"] == "test fixture"


def test_admin_tables_use_names_local_time_and_words():
    import pandas as pd

    users = pd.DataFrame([{"username": "lan", "display_name": "Phạm Lan", "role": "inspector", "email": "",
                           "disabled": 0, "created_at": "2026-11-30T17:30:00+00:00", "created_by": "admin"}])
    table = tables.users_table(users, "vi", person={"admin": "Nguyễn Quản Trị"}.get)
    row = table.iloc[0]
    assert (row["Vai trò"], row["Tạo lúc"], row["Tạo bởi"], row["Trạng thái"]) == (
        "Cán bộ kiểm tra", "01/12/2026 00:30", "Nguyễn Quản Trị", "Đang dùng")
    assert tables.summary_in_words('{"create": 3, "update": 0, "unchanged": 1200}', "vi") == "tạo mới 3, không đổi 1.200"
    assert tables.summary_in_words('{"restored": 2}', "en") == "restored 2"
    info = tables.store_info({"built_at": "2026-12-01T11:58:01+00:00", "schema_version": "4"}, "vi")
    assert info.values.tolist() == [["Tạo kho lúc", "01/12/2026 18:58"], ["Phiên bản cấu trúc kho", "4"]]


def test_an_exported_row_says_which_fields_are_illustrative_and_where_each_status_comes_from():
    import datetime as dt

    from geo.io import exports
    from tests.conftest import change

    sites = make_sites([{"site_id": "tt", "name": "CCN Tân Triều", "kind": "ccn", "lon": 105.8, "lat": 20.97}])
    real = history.new_change("tt", "ww_status", "built_not_operating", "2007-12-31", "vietnamnet.vn E210597", "reference-dataset",
                              date_precision="year")
    made_up = change("tt", "haz_waste", "partly", "2023-12-31", illustrative=True)
    state = history.state_as_of(sites, history.to_frame([real, made_up]), dt.date(2026, 1, 1))
    row = tables.display_table(state, "vi", screen=False).iloc[0]
    assert row["Trường minh họa"] == "Xử lý CTNH"                               # only the invented field
    per_field = dict(part.split(": ", 1) for part in row["Nguồn từng trường"].split("; "))
    assert per_field["Trạm XLNT"] == "vietnamnet.vn E210597"                    # the real plant record, with its source
    assert per_field["Xử lý CTNH"].startswith("MINH HỌA")
    csv = exports.to_csv(tables.display_table(state, "vi", screen=False), {}).decode("utf-8-sig")
    assert "Trạm XLNT: vietnamnet.vn E210597" in csv and "Xử lý CTNH: MINH HỌA" in csv
