"""Import: department spreadsheets, other formats, bad input, plan, commit, revert, round trip."""

import datetime as dt
import json
import zipfile

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import Point

from geo import auth, exports, history, importing, recording, store
from geo.errors import NotAllowed
from geo.importing import ImportRefused
from tests.fixtures.make_department_xlsx import build as build_department_xlsx

ADMIN = auth.User("admin", "Quản trị", "admin")
INSPECTOR = auth.User("thanh", "Trần Thanh", "inspector")


@pytest.fixture(scope="module")
def dept_xlsx(tmp_path_factory):
    return build_department_xlsx(tmp_path_factory.mktemp("x") / "ccn.xlsx").read_bytes()


@pytest.fixture
def s(tmp_path):
    return store.open_store(tmp_path / "imp.gpkg")


def _plan(s, name, data, b=None, **opts):
    raw = importing.read_upload(name, data)
    o = importing.Options(opts.pop("mapping", None) or importing.auto_mapping(raw.headers),
                          kind=opts.pop("kind", importing.infer_kind(raw.headers)), status_date="2026-10-15",
                          source=opts.pop("source", "Sở Công Thương, BC 123/BC-SCT"), **opts)
    cand, problems, statuses = importing.candidates(raw, o, b)
    sites = s.read_site_table()
    state = history.state_as_of(sites, s.read_history(), dt.date(2026, 10, 15))
    return importing.plan(sites, state, cand, problems, statuses, o, "admin", b.city.geometry.iloc[0] if b is not None else None)


# -- reading the department's spreadsheet --------------------------------------------

def test_department_xlsx_header_rows_headings_totals_and_notes(dept_xlsx):
    raw = importing.read_upload("ccn.xlsx", dept_xlsx)
    assert raw.headers[:5] == ["TT", "Tên cụm công nghiệp", "Địa điểm", "Diện tích (ha)", "Tình trạng"]
    assert raw.headers[5:7] == ["Trạm XLNT / Tình trạng", "Trạm XLNT / Công suất (m3/ngđ)"]   # merged two-row header
    assert raw.frame["Tên cụm công nghiệp"].tolist() == ["CCN Ngọc Hồi", "CCN Tân Triều mở rộng", "CCN Bình Phú"]
    assert raw.rows == [9, 10, 12]                                   # the file's own row numbers
    assert raw.frame["__group_district__"].tolist() == ["Huyện Thanh Trì", "Huyện Thanh Trì", "Huyện Thạch Thất"]
    notes = " ".join(raw.notes)
    assert "tiêu đề nhóm" in notes and "ghi chú dưới bảng" in notes


def test_headers_map_to_fields_with_or_without_diacritics():
    mapping = importing.auto_mapping(["TT", "Ten cum cong nghiep", "Dia diem", "Dien tich (ha)", "Tram XLNT / Tinh trang", "Tình trạng"])
    assert mapping == {"TT": "tt", "Ten cum cong nghiep": "name", "Dia diem": "address", "Dien tich (ha)": "area_ha",
                       "Tram XLNT / Tinh trang": "ww_status", "Tình trạng": "operating_status"}
    assert importing.infer_kind(["Tên làng nghề"]) == "lang_nghe"
    assert importing.code_of("ww_status", "Đã xây, chưa vận hành") == "built_not_operating"
    assert importing.code_of("ww_status", "chua co") == "none"
    assert importing.code_of("operating_status", "Đang đầu tư xây dựng") == "under_construction"
    assert importing.code_of("ww_status", "tốt lắm") is None


def test_a_mapping_is_remembered_for_the_same_layout(s, dept_xlsx):
    raw = importing.read_upload("ccn.xlsx", dept_xlsx)
    sig = importing.signature(raw.headers)
    assert s.get_mapping(sig) is None
    fixed = importing.auto_mapping(raw.headers) | {"Ghi chú": ""}
    s.put_mapping(sig, fixed, "admin")
    again = importing.read_upload("ccn-thang-11.xlsx", dept_xlsx)
    assert s.get_mapping(importing.signature(again.headers)) == fixed


def test_department_xlsx_plan_matches_existing_sites_and_places_new_ones(s, dept_xlsx, boundaries):
    plan = _plan(s, "ccn.xlsx", dept_xlsx, boundaries)
    assert plan.ok, [p.text() for p in plan.problems]
    rows = plan.rows.set_index("name")
    assert rows.loc["CCN Ngọc Hồi", "site_id"] == "ccn-ngoc-hoi"      # matched by name and commune
    # The store already knows Ngọc Hồi's plant and its 1,800 m³/d (hanoi-facts): nothing to change.
    assert rows.loc["CCN Ngọc Hồi", "action"] == "unchanged" and rows.loc["CCN Ngọc Hồi", "changes"] == ""
    assert rows.loc["CCN Tân Triều mở rộng", "action"] == "create"
    new = plan.sites.set_index("name").loc["CCN Tân Triều mở rộng"]
    assert new["old_commune_name"] == "Xã Tân Triều" and new["new_unit_code"] and new["location_precision"] == "new_unit"
    assert new["area_ha"] == 12.5                                     # "12,5" read as a number
    by_field = {(c.site_id, c.field): c.value for c in plan.changes.itertuples()}
    assert by_field[(rows.loc["CCN Tân Triều mở rộng", "site_id"], "ww_status")] == "none"


def test_commit_is_one_audited_import_and_revert_restores_everything(s, dept_xlsx, boundaries):
    before_sites = s.read_site_table()
    before_state = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    plan = _plan(s, "ccn.xlsx", dept_xlsx, boundaries)
    with pytest.raises(NotAllowed):
        recording.commit_import(s, INSPECTOR, plan, "ccn.xlsx", "BC 123")
    import_id = recording.commit_import(s, ADMIN, plan, "ccn.xlsx", "BC 123")
    after = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    assert len(after) == len(before_state) + plan.counts()["create"]
    assert after.loc["ccn-ngoc-hoi", "ww_capacity_m3d"] == 1800
    rec = s.read_imports().set_index("import_id").loc[import_id]
    assert rec["imported_by"] == "admin" and rec["filename"] == "ccn.xlsx"
    assert json.loads(rec["summary"]) == plan.counts()

    recording.revert_import(s, ADMIN, import_id)
    restored = s.read_sites(dt.date(2026, 10, 16)).set_index("site_id")
    assert sorted(restored.index) == sorted(before_state.index)
    assert pd.isna(restored.loc["ccn-ngoc-hoi", "ww_capacity_m3d"]) == pd.isna(before_state.loc["ccn-ngoc-hoi", "ww_capacity_m3d"])
    assert s.read_site_table().set_index("site_id").loc["ccn-ngoc-hoi", "source"] == before_sites.set_index("site_id").loc["ccn-ngoc-hoi", "source"]
    kinds = s.read_imports()["kind"].tolist()
    assert kinds == ["import", "revert"]                               # both kept: the revert is itself a record
    with pytest.raises(Exception, match="already reverted"):
        recording.revert_import(s, ADMIN, import_id)


def test_a_failing_commit_writes_nothing(s, dept_xlsx, boundaries, monkeypatch):
    plan = _plan(s, "ccn.xlsx", dept_xlsx, boundaries)
    version, n = s.data_version(), len(s.read_site_table())
    plan.changes.loc[0, "site_id"] = "no-such-site"                   # invalid record at the end of the batch
    with pytest.raises(Exception):
        recording.commit_import(s, ADMIN, plan, "ccn.xlsx", "BC 123")
    assert (s.data_version(), len(s.read_site_table()), len(s.read_imports())) == (version, n, 0)


# -- other formats ---------------------------------------------------------------------

def _frame():
    return pd.DataFrame({"Mã": ["new-1"], "Tên": ["CCN Thử nghiệm"], "Loại hình": ["Cụm công nghiệp"],
                         "Quận/huyện": ["Huyện Gia Lâm"], "Kinh độ": [105.95], "Vĩ độ": [21.01]})


def test_csv_utf8_and_windows_1258(s):
    utf8 = _frame().to_csv(index=False).encode("utf-8")
    plan = _plan(s, "a.csv", utf8)
    assert plan.ok and plan.rows["action"].tolist() == ["create"]
    legacy = to_cp1258(_frame().to_csv(index=False))
    raw = importing.read_upload("b.csv", legacy)
    assert raw.frame["Tên"].iloc[0] == "CCN Thử nghiệm" and "windows-1258" in raw.notes[0]


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where the code page has the letter, else base + tone mark."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        parts = nfd[0] + "".join(sorted(nfd[1:], key=lambda m: m not in "\u0302\u0306\u031b"))  # â ă ơ ư first
        for cut in range(len(parts), 0, -1):
            try:
                out += unicodedata.normalize("NFC", parts[:cut]).encode("cp1258") + parts[cut:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_tcvn3_is_refused_with_how_to_convert():
    # "Tên cụm công nghiệp" in TCVN3 (ABC) bytes
    tcvn3 = "T\xaan c\xf4m c\xabng nghi\xd6p,Huy\xd6n\nCCN Ng\xe4c H\xe5i,Thanh Tr\xd7\n".encode("latin-1")
    with pytest.raises(ImportRefused, match="TCVN3"):
        importing.read_upload("c.csv", tcvn3)


def test_geojson_gpkg_and_zipped_shapefile_with_vn2000(tmp_path, s):
    gdf = gpd.GeoDataFrame(_frame().drop(columns=["Kinh độ", "Vĩ độ"]), geometry=[Point(105.95, 21.01)], crs="EPSG:4326")
    gdf.to_file(tmp_path / "a.geojson")
    gdf.to_file(tmp_path / "a.gpkg", layer="ccn")
    vn2000 = gdf.to_crs("EPSG:5897")                                     # Hanoi's VN-2000 TM-3 105°
    vn2000.to_file(tmp_path / "a.shp", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            if (tmp_path / f"a.{ext}").exists():
                z.write(tmp_path / f"a.{ext}", f"a.{ext}")
    for name in ("a.geojson", "a.gpkg", "a.zip"):
        plan = _plan(s, name, (tmp_path / name).read_bytes())
        assert plan.ok, (name, [p.text() for p in plan.problems])
        point = plan.sites.geometry.iloc[0]
        assert point.x == pytest.approx(105.95, abs=1e-6) and point.y == pytest.approx(21.01, abs=1e-6), name


def test_xy_columns_in_vn2000_are_reprojected(s):
    x, y = gpd.GeoSeries([Point(105.95, 21.01)], crs="EPSG:4326").to_crs("EPSG:5897").iloc[0].coords[0]
    frame = _frame().assign(**{"Kinh độ": [x], "Vĩ độ": [y]})
    plan = _plan(s, "m.csv", frame.to_csv(index=False).encode("utf-8"))
    assert any("mét" in p.message_vi for p in plan.problems)          # metres read as degrees: said, not guessed
    plan = _plan(s, "m.csv", frame.to_csv(index=False).encode("utf-8"), crs="EPSG:5897")
    assert plan.ok and plan.sites.geometry.iloc[0].x == pytest.approx(105.95, abs=1e-6)


# -- bad input -------------------------------------------------------------------------------

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
    assert words in info.value.problems[0].message_en


def test_formula_cells_without_values_are_reported_per_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TT", "Tên cụm công nghiệp", "Diện tích (ha)"])
    ws.append([1, "CCN A", "=10*2"])
    wb.save(tmp_path / "f.xlsx")
    raw = importing.read_upload("f.xlsx", (tmp_path / "f.xlsx").read_bytes())
    assert [(p.row, p.column) for p in raw.problems] == [(2, "C2")]
    assert "formula" in raw.problems[0].message_en


def test_duplicates_and_impossible_values_are_row_errors_and_nothing_is_planned_for_them(s):
    frame = pd.concat([_frame(), _frame()], ignore_index=True).assign(**{"Diện tích (ha)": ["-3", "x"]})
    frame.loc[1, "Kinh độ"] = 108.2                                     # Đà Nẵng, not Hanoi
    plan = _plan(s, "d.csv", frame.to_csv(index=False).encode("utf-8"))
    messages = " | ".join(p.text("en") for p in plan.problems)
    assert "duplicates row 2" in messages and "not a number" in messages and "outside Hanoi" in messages
    assert "must be a number of zero or more" in messages
    assert set(plan.rows["action"]) == {"error"} and not plan.ok
    with pytest.raises(Exception, match="problem"):
        recording.commit_import(s, ADMIN, plan, "d.csv", "x")


# -- round trip ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson", "gpkg"])
def test_export_then_import_changes_nothing(s, boundaries, fmt):
    state = s.read_sites(dt.date(2026, 10, 15))
    table = exports.display_table(state, "vi")
    meta = exports.metadata("vi", dt.date(2026, 10, 15), {}, "http://x/", True, len(state))
    data = {"csv": lambda: exports.to_csv(table, meta), "xlsx": lambda: exports.to_xlsx(table, meta),
            "geojson": lambda: exports.to_geojson(state, table, meta), "gpkg": lambda: exports.to_gpkg(state, table, meta)}[fmt]()
    plan = _plan(s, f"export.{fmt}", data, boundaries, source="round trip")
    assert plan.ok, [p.text() for p in plan.problems[:5]]
    assert set(plan.rows["action"]) == {"unchanged"}, plan.rows[plan.rows["action"] != "unchanged"].head().to_dict("records")
    assert plan.changes.empty and plan.sites.empty


def test_command_line_previews_then_commits_as_an_admin(tmp_path, monkeypatch, dept_xlsx, capsys):
    path = tmp_path / "cli.gpkg"
    s = store.open_store(path)
    auth.create_user(s, None, "admin", "quan-tri-vien-2025", "admin")
    auth.create_user(s, auth.User("admin", "", "admin"), "thanh", "kiem-tra-2025!", "inspector")
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "ccn.xlsx").write_bytes(dept_xlsx)
    n = len(s.read_site_table())
    assert importing.main([str(tmp_path / "ccn.xlsx"), "--user", "admin", "--date", "2026-10-15"]) == 0
    assert "create" in capsys.readouterr().out and len(s.read_site_table()) == n      # preview writes nothing
    with pytest.raises(NotAllowed):
        importing.main([str(tmp_path / "ccn.xlsx"), "--user", "thanh", "--commit"])
    assert importing.main([str(tmp_path / "ccn.xlsx"), "--user", "admin", "--date", "2026-10-15", "--commit"]) == 0
    assert len(s.read_site_table()) > n and len(s.read_imports()) == 1
    (tmp_path / "bad.docx").write_bytes(b"x")
    assert importing.main([str(tmp_path / "bad.docx"), "--user", "admin"]) == 2
