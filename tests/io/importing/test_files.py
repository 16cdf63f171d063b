"""Reading files: encodings, formats and every kind of broken file, refused with the fix."""

import io
import zipfile

import geopandas as gpd
import pandas as pd
import openpyxl
import pytest
from shapely.geometry import Point

from geo.errors import ImportRefused
from geo.io import importing
from geo.io.importing import files
from tests.io.importing.conftest import one_row, plan_of, to_cp1258


def test_csv_utf8_and_windows_1258(s):
    utf8 = one_row().to_csv(index=False).encode("utf-8")
    plan = plan_of(s, "a.csv", utf8)
    assert plan.ok and plan.rows["action"].tolist() == ["create"]
    legacy = to_cp1258(one_row().to_csv(index=False))
    raw = importing.read_upload("b.csv", legacy)
    assert raw.frame["Tên"].iloc[0] == "CCN Thử nghiệm" and "windows-1258" in raw.notes[0]


def test_tcvn3_is_refused_with_how_to_convert():
    # "Tên cụm công nghiệp" in TCVN3 (ABC) bytes
    tcvn3 = "T\xaan c\xf4m c\xabng nghi\xd6p,Huy\xd6n\nCCN Ng\xe4c H\xe5i,Thanh Tr\xd7\n".encode("latin-1")
    with pytest.raises(ImportRefused, match="TCVN3"):
        importing.read_upload("c.csv", tcvn3)


def test_geojson_gpkg_and_zipped_shapefile_with_vn2000(tmp_path, s):
    gdf = gpd.GeoDataFrame(one_row().drop(columns=["Kinh độ", "Vĩ độ"]), geometry=[Point(105.95, 21.01)], crs="EPSG:4326")
    gdf.to_file(tmp_path / "a.geojson")
    gdf.to_file(tmp_path / "a.gpkg", layer="ccn")
    vn2000 = gdf.to_crs("EPSG:5897")                                     # Hanoi's VN-2000 TM-3 105°
    vn2000.to_file(tmp_path / "a.shp", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            if (tmp_path / f"a.{ext}").exists():
                z.write(tmp_path / f"a.{ext}", f"a.{ext}")
    for name in ("a.geojson", "a.gpkg", "a.zip"):
        plan = plan_of(s, name, (tmp_path / name).read_bytes())
        assert plan.ok, (name, [p.text() for p in plan.problems])
        point = plan.sites.geometry.iloc[0]
        assert point.x == pytest.approx(105.95, abs=1e-6) and point.y == pytest.approx(21.01, abs=1e-6), name


@pytest.mark.parametrize("name, data, words", [
    ("list.docx", b"PK\x03\x04", "not supported"),
    ("empty.csv", b"", "empty"),
    ("big.csv", b"a" * (importing.MAX_BYTES + 1), "too large"),
    ("broken.xlsx", b"this is not a zip", "broken"),
    ("noheader.csv", "một,hai\nba,bốn\n".encode(), "no header row"),
    ("onlyheader.csv", "Tên cụm công nghiệp,Địa điểm\n".encode(), "no data rows"),
    ("broken.zip", b"PK\x03\x04garbage", "broken"),
])
def test_bad_files_are_refused_with_a_clear_message(name, data, words):
    with pytest.raises(ImportRefused) as info:
        importing.read_upload(name, data)
    assert words in info.value.problems[0].message.en


def test_formula_cells_without_values_are_reported_per_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TT", "Tên cụm công nghiệp", "Diện tích (ha)"])
    ws.append([1, "CCN A", "=10*2"])
    wb.save(tmp_path / "f.xlsx")
    raw = importing.read_upload("f.xlsx", (tmp_path / "f.xlsx").read_bytes())
    assert [(p.row, p.column) for p in raw.problems] == [(2, "C2")]
    assert "formula" in raw.problems[0].message.en


def test_each_uploader_states_the_limit_its_reader_enforces_and_the_server_lets_both_through():
    from geo.io.field.submissions import MAX_UPLOAD_MB
    from geo.io.importing.files import MAX_BYTES
    from tests.conftest import streamlit_config

    config = streamlit_config()
    assert config["server"]["maxUploadSize"] == max(MAX_UPLOAD_MB, MAX_BYTES // 2**20)
    # Each uploader's own limit, as the page tells the browser, is in tests/app/test_recording_pages.py.


def test_a_broken_xlsx_is_refused_as_broken_not_with_a_parser_traceback(dept_xlsx):
    src = zipfile.ZipFile(io.BytesIO(dept_xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            body = src.read(item)
            z.writestr(item, body[: len(body) // 2] if item.filename.startswith("xl/worksheets/") else body)  # truncated XML
    with pytest.raises(ImportRefused) as info:
        importing.read_upload("broken.xlsx", out.getvalue())
    assert "broken" in info.value.problems[0].text("en")


def _zipped_shapefile(tmp_path, n: int) -> bytes:
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame({"Tên": [f"Điểm {i}" for i in range(n)]}, geometry=[Point(105.8, 21.0)] * n, crs="EPSG:4326")
    frame.to_file(tmp_path / "pts.shp", encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part in tmp_path.glob("pts.*"):
            z.write(part, part.name)
    return out.getvalue()


def test_an_archive_over_the_limits_is_refused_from_its_headers_before_it_is_read(tmp_path, monkeypatch):
    data = _zipped_shapefile(tmp_path, 300)
    read = []
    monkeypatch.setattr(files.gpd, "read_file", lambda *a, **k: read.append(a) or (_ for _ in ()).throw(AssertionError("read")))
    with pytest.raises(ImportRefused) as info:
        importing.read_upload("pts.zip", data, importing.Limits(max_features=100))
    assert "300 rows/features, over the limit of 100" in info.value.problems[0].text("en") and not read
    with pytest.raises(ImportRefused) as info:
        importing.read_upload("pts.zip", data, importing.Limits(max_unpacked_bytes=1000))
    assert "HANOI_IMPORT_MAX_UNPACKED_MB" in info.value.problems[0].text("en") and not read


def test_a_csv_with_more_rows_than_the_limit_is_refused_with_the_number():
    body = "Tên,Loại hình\n" + "".join(f"CCN {i},Cụm công nghiệp\n" for i in range(120))
    with pytest.raises(ImportRefused) as info:
        importing.read_upload("many.csv", body.encode("utf-8"), importing.Limits(max_features=100))
    assert "120" in info.value.problems[0].text("vi") and "100" in info.value.problems[0].text("vi")


def test_the_limits_are_settings():
    from geo import settings

    cfg = settings.from_environ({"HANOI_IMPORT_MAX_FEATURES": "1234", "HANOI_IMPORT_MAX_UNPACKED_MB": "5"})
    assert importing.Limits.of(cfg) == importing.Limits(1234, 5 * 2**20)
    with pytest.raises(Exception, match="positive whole number"):
        settings.from_environ({"HANOI_IMPORT_MAX_FEATURES": "nhiều"})


def test_an_area_or_a_line_becomes_a_point_inside_it_recorded_as_such(tmp_path, s):
    from shapely.geometry import LineString, Polygon

    shapes = [Polygon([(105.94, 21.00), (105.96, 21.00), (105.96, 21.02), (105.94, 21.02)]),
              LineString([(105.90, 21.05), (105.92, 21.06)])]
    frame = pd.concat([one_row()] * 2, ignore_index=True).drop(columns=["Kinh độ", "Vĩ độ"]).assign(
        **{"Mã": ["poly-1", "line-1"], "Tên": ["CCN Vùng", "CCN Đường"]})
    gpd.GeoDataFrame(frame, geometry=shapes, crs="EPSG:4326").to_file(tmp_path / "shapes.geojson")
    plan = plan_of(s, "shapes.geojson", (tmp_path / "shapes.geojson").read_bytes())
    assert plan.ok, [p.text() for p in plan.problems]
    sites = plan.sites.set_index("site_id")
    for sid, shape in zip(["poly-1", "line-1"], shapes):
        assert sites.loc[sid, "location_precision"] == "from_shape"                    # never "surveyed point"
        assert shape.buffer(1e-9).contains(sites.loc[sid, "geometry"])
        assert shape.geom_type in sites.loc[sid, "placement_note"]
