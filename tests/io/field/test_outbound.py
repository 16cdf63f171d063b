import csv
import io

import geopandas as gpd
import pyogrio

from geo.core import inspections
from geo.io.field import form, outbound


def test_the_site_list_names_each_site_by_id_with_what_the_inspector_checks(gpkg):
    gpkg.append_inspections([inspections.new_inspection("c1", "2026-03-01", "Sở", "An", "Nước thải chưa xử lý", "thanh",
                                                       actions=[{"action": "Xây trạm", "deadline": "2026-06-30"}])])
    rows = outbound.site_rows(gpkg.read_sites("2026-12-01"), gpkg.read_inspections(), "2026-12-01", "vi")
    c1 = rows.set_index("name").loc["c1"]
    assert c1["label"] == "CCN Một" and c1["hien_tai_ww_status"] == "Chưa có trạm XLNT"
    assert c1["lan_kiem_tra_cuoi"] == "2026-03-01" and c1["khac_phuc_qua_han"] == "Xây trạm"
    assert (c1["lat"], c1["lon"]) == (21.0, 105.8)
    assert rows.set_index("name").loc["v1", "khac_phuc_qua_han"] == ""
    english = outbound.site_rows(gpkg.read_sites("2026-12-01"), gpkg.read_inspections(), "2026-12-01", "en")
    assert english.set_index("name").loc["c1", "hien_tai_ww_status"] == "No wastewater plant"


def test_illustrative_statuses_say_so_in_the_list(gpkg):
    state = gpkg.read_sites("2026-12-01")
    state["illustrative"] = [True, False]
    rows = outbound.site_rows(state, gpkg.read_inspections(), "2026-12-01")
    assert list(rows["minh_hoa"]) == [outbound.ILLUSTRATIVE_WORD, ""]


def test_the_csv_has_name_and_label_first_and_neutralises_formulas(gpkg):
    state = gpkg.read_sites("2026-12-01")
    state.loc[0, "name"] = "=HYPERLINK(\"http://x\")"
    data = outbound.site_list_csv(outbound.site_rows(state, gpkg.read_inspections(), "2026-12-01"))
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert table[0][:2] == ["name", "label"]
    assert table[1][1].startswith("'=HYPERLINK")


def test_the_qfield_package_has_the_sites_and_an_empty_visit_layer_with_the_form_fields(gpkg, tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(outbound.qfield_package(outbound.site_rows(gpkg.read_sites(), gpkg.read_inspections(), "2026-12-01"),
                                             {"title": "x"}))
    layers = dict(pyogrio.list_layers(path))
    assert layers[outbound.SITES_LAYER] == "Point" and layers[outbound.QFIELD_LAYER] == "Point"
    sites = gpd.read_file(path, layer=outbound.SITES_LAYER)
    assert list(sites["site_id"]) == ["c1", "v1"] and sites.crs.to_epsg() == 4326
    visits = gpd.read_file(path, layer=outbound.QFIELD_LAYER)
    assert visits.empty and {*form.NAMES, "uuid"} - {"gps"} <= set(visits.columns)
