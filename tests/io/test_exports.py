import datetime as dt
import io
import json

import openpyxl
import pandas as pd

from geo.io import exports
from geo.views import tables
from tests.views.test_maps import EVIL, SITES


def meta(illustrative=True):
    return exports.metadata("vi", dt.date(2025, 12, 31), {"Loại hình": "Cụm công nghiệp"}, "http://h/danh-sach?kind=ccn", illustrative, 2)


def test_csv_has_a_bom_metadata_and_vietnamese_text():
    table = tables.display_table(SITES, "vi")
    data = exports.to_csv(table, meta())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "# Liên kết mở lại đúng danh sách này: http://h/danh-sach?kind=ccn" in text and "MINH HỌA" in text
    assert "# Bộ lọc: Loại hình: Cụm công nghiệp" in text and "# Trạng thái tại ngày: 31/12/2025" in text
    body = pd.read_csv(io.StringIO(text), comment="#")
    assert list(body["Tên"]) == [EVIL, "Làng gốm Bát Tràng"]


def test_xlsx_has_the_rows_the_notice_and_a_metadata_sheet():
    table = tables.display_table(SITES, "en")
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table, meta())))
    rows = list(book["Danh sách"].values)
    assert "MINH HỌA" in rows[0][0] and rows[2][0] == "Name" and rows[2][-1] == "Latitude"
    info = dict(book["Thông tin"].values)
    assert info["Liên kết mở lại đúng danh sách này"] == "http://h/danh-sach?kind=ccn"
    assert info["Có số liệu minh họa"] == "Có"


def test_geojson_keeps_geometry_and_metadata():
    table = tables.display_table(SITES, "vi")
    doc = json.loads(exports.to_geojson(SITES, table, meta(False)))
    assert doc["metadata"]["Bộ lọc"] == "Loại hình: Cụm công nghiệp" and "Lưu ý" not in doc["metadata"]
    assert doc["features"][1]["geometry"]["coordinates"] == [105.9, 21.0]
    assert doc["features"][1]["properties"]["Tên"] == "Làng gốm Bát Tràng"


def test_an_english_file_speaks_english_throughout():
    table = tables.display_table(SITES, "en", screen=False)
    meta = exports.metadata("en", dt.date(2025, 12, 31), {}, "http://h/", True, 2)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table, meta)))
    assert book.sheetnames == ["List", "About this file"]
    info = dict(book["About this file"].values)
    assert info["Filters"] == "none" and info["Status as of"] == "2025-12-31" and "ILLUSTRATIVE" in info["Notice"]


def test_file_names_say_what_the_file_holds():
    stem = exports.file_stem("vi", "danh sách cơ sở", ["Cụm công nghiệp", "", "Huyện Thạch Thất"], dt.date(2026, 12, 1))
    assert stem == "danh-sach-co-so-cum-cong-nghiep-huyen-thach-that-2026-12-01"


def test_an_export_keeps_numbers_as_numbers_and_says_which_fields_are_illustrative():
    from tests.conftest import change, make_sites
    from geo.core import history
    base = make_sites([{"site_id": "a", "name": "Cụm A", "kind": "ccn", "lon": 105.8, "lat": 21.0, "area_ha": 12.5}])
    changes = history.to_frame([change("a", "ww_status", "none", "2025-06-01", illustrative=True),
                                change("a", "haz_waste", "all_licensed", "2025-07-01")])
    state = history.state_as_of(base, changes, "2025-12-31")
    exported = tables.display_table(state, "vi", screen=False)
    assert exported.loc[0, "Trường minh họa"] == "Trạm XLNT"
    assert exported.loc[0, "Nguồn trạng thái"] == "test source"
    assert exported.loc[0, "Diện tích (ha)"] == 12.5
    screen = tables.display_table(state, "vi")
    assert screen.loc[0, "Diện tích (ha)"] == "12,50"
    assert screen.loc[0, "Trạm XLNT"].endswith(" " + tables.MARK)
    assert not screen.loc[0, "Xử lý CTNH"].endswith(tables.MARK)
    assert "Trường minh họa" not in screen.columns


HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "CCN Bình thường"]


def test_text_a_spreadsheet_would_run_is_written_as_text_and_reads_back_as_it_was():
    import openpyxl

    from geo.io import importing

    table = pd.DataFrame({"Tên": HOSTILE, "Loại hình": ["Cụm công nghiệp"] * len(HOSTILE), "Diện tích (ha)": [1.5, -2.0, 3, 4, 5, 6]})
    meta = exports.metadata("vi", dt.date(2026, 10, 15), {}, "http://x/", False, len(table))
    csv_lines = exports.to_csv(table, meta).decode("utf-8-sig").splitlines()
    body = [line for line in csv_lines if not line.startswith("#")]
    assert all(line.split(",")[0].strip('"').startswith("'") for line in body[1:-1])   # every formula start behind an apostrophe
    assert body[-1].startswith("CCN Bình thường") and ",-2.0" in body[2]                   # plain text and numbers untouched
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table, meta)))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, str) and c.value in HOSTILE]
    assert len(cells) == len(HOSTILE) and {c.data_type for c in cells} == {"s"}              # no live formula
    for name, data in (("x.csv", exports.to_csv(table, meta)), ("x.xlsx", exports.to_xlsx(table, meta))):
        raw = importing.read_upload(name, data)
        assert [v.strip() for v in raw.frame["Tên"]] == [h.strip() for h in HOSTILE], name
