import io
import json

import openpyxl
import pandas as pd

from geo.io import exports
from geo.views import tables
from tests.views.test_maps import EVIL, SITES


def meta(illustrative=True):
    return exports.metadata("vi", "2025-12-31", {"kinds": ["ccn"]}, "http://h/danh-sach?kind=ccn", illustrative, 2)


def test_csv_has_a_bom_metadata_and_vietnamese_text():
    table = tables.display_table(SITES, "vi")
    data = exports.to_csv(table, meta())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "# link: http://h/danh-sach?kind=ccn" in text and "MINH HỌA" in text
    body = pd.read_csv(io.StringIO(text), comment="#")
    assert list(body["Tên"]) == [EVIL, "Làng gốm Bát Tràng"]


def test_xlsx_has_the_rows_the_notice_and_a_metadata_sheet():
    table = tables.display_table(SITES, "en")
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table, meta())))
    rows = list(book["Danh sách"].values)
    assert "MINH HỌA" in rows[0][0] and rows[2][1] == "Name"
    info = dict(book["Thông tin"].values)
    assert info["link"] == "http://h/danh-sach?kind=ccn"


def test_geojson_keeps_geometry_and_metadata():
    table = tables.display_table(SITES, "vi")
    doc = json.loads(exports.to_geojson(SITES, table, meta(False)))
    assert doc["metadata"]["filters"] == {"kinds": ["ccn"]} and "notice" not in doc["metadata"]
    assert doc["features"][1]["geometry"]["coordinates"] == [105.9, 21.0]
    assert doc["features"][1]["properties"]["Tên"] == "Làng gốm Bát Tràng"
