"""Reading files: encodings, formats and every kind of broken file, refused with the fix."""

import zipfile

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import Point

from geo.errors import ImportRefused
from geo.io import importing
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


def test_the_uploader_states_the_limit_the_reader_enforces():
    import tomllib
    from pathlib import Path

    from geo.io.importing.files import MAX_BYTES

    config = tomllib.loads((Path(__file__).resolve().parents[3] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
