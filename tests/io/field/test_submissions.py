import io
import zipfile

import pyogrio
import pytest

from geo.access import recording
from geo.core import inspections
from geo.errors import ImportRefused, StoreError
from geo.io.field import form, outbound, submissions
from tests.conftest import INSPECTOR
from tests.io.field.conftest import kobo_csv, odk_zip, photo, visit

ADMIN = recording.auth.User("admin", "Quản trị", "admin")


def plan_of(subs, store):
    return submissions.plan_submissions(subs, store.read_site_table(), store.read_sites(), store.read_inspections(), "thanh",
                                        today="2026-12-01")


def test_an_odk_central_zip_reads_every_field_photo_and_id():
    jpeg = photo()
    subs = submissions.read_submissions("export.zip", odk_zip([visit(anh_1="1700000000.jpg", ww_status="operating")],
                                                              {"1700000000.jpg": jpeg}))
    assert subs.origin == "odk"
    row = subs.frame.iloc[0]
    assert row["site_id"] == "c1" and row["ngay"] == "2026-11-20" and row["ww_status"] == "operating"
    assert row["submission_id"] == "00000000-aaaa-bbbb-cccc-000000000000"   # "uuid:" left out
    assert (row["lat"], row["lon"], row["accuracy"]) == ("21.0001", "105.8001", "5")
    assert row["submitted_by"] == "an.nguyen"
    assert subs.photos == {"1700000000.jpg": jpeg}
    assert subs.rows == [2]


def test_a_kobotoolbox_csv_with_semicolons_and_group_paths():
    subs = submissions.read_submissions("kobo.csv", kobo_csv([visit(haz_waste="Chưa xử lý"), visit(site_id="v1", id="k2")]))
    assert subs.origin == "kobo"
    assert list(subs.frame["site_id"]) == ["c1", "v1"]
    assert list(subs.frame["submission_id"]) == ["kobo-0", "k2"]
    assert subs.frame.iloc[0]["haz_waste"] == "Chưa xử lý"          # a label: read as its code when planned
    assert subs.frame.iloc[0]["lat"] == "21.0001"


def test_a_kobotoolbox_xlsx_with_labels_for_headers(gpkg):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    fields = [f for f in form.FIELDS if f.required]
    sheet.append([f"{form.GROUPS[f.group][0]}/{f.vi}" if f.group else f.vi for f in fields] + ["_uuid", "_submission_time"])
    sheet.append(["c1", "2026-11-19", "UBND xã", "Lê Thị Bình", "Không phát hiện vi phạm", "u-1", "2026-11-19T10:00:00"])
    out = io.BytesIO()
    book.save(out)
    subs = submissions.read_submissions("kobo.xlsx", out.getvalue())
    plan = plan_of(subs, gpkg)
    assert plan.ok, plan.problems
    assert plan.inspections[0]["inspector"] == "Lê Thị Bình" and plan.inspections[0]["follow_up"] == "closed"


def test_a_qfield_package_comes_back_with_its_dcim_folder(gpkg, tmp_path):
    rows = outbound.site_rows(gpkg.read_sites(), gpkg.read_inspections(), "2026-12-01")
    path = tmp_path / "qfield.gpkg"
    path.write_bytes(outbound.qfield_package(rows, {"title": "test"}))
    import geopandas as gpd
    from shapely.geometry import Point

    layer = gpd.read_file(path, layer=outbound.QFIELD_LAYER)
    assert set(form.NAMES) - {"gps"} <= set(layer.columns) and "uuid" in layer.columns
    done = gpd.GeoDataFrame([{**{c: None for c in layer.columns if c != "geometry"}, **{
        "site_id": "v1", "ngay": "2026-11-18", "co_quan": "Phòng Kinh tế", "nguoi_kiem_tra": "Phạm Cường",
        "ket_qua": "Nước thải chảy ra mương", "ww_status": "none", "yeu_cau_1": "Thu gom nước thải", "han_1": "2027-03-31",
        "anh_1": "DCIM/kiem_tra_20261118.jpg", "uuid": "{6f1c0d7e-1111-2222-3333-444455556666}"}}],
        geometry=[Point(105.9101, 20.9801)], crs="EPSG:4326")
    pyogrio.write_dataframe(done, path, layer=outbound.QFIELD_LAYER, append=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.write(path, "kiem_tra/qfield.gpkg")
        z.writestr("kiem_tra/DCIM/kiem_tra_20261118.jpg", photo())
    subs = submissions.read_submissions("qfield.zip", buf.getvalue())
    assert subs.origin == "qfield"
    plan = plan_of(subs, gpkg)
    assert plan.ok, plan.problems
    visit_ = plan.inspections[0]
    assert visit_["submission_id"] == "6f1c0d7e-1111-2222-3333-444455556666"
    assert inspections.decode(visit_)[1] == [{"action": "Thu gom nước thải", "deadline": "2027-03-31", "done": False}]
    assert "GPS 20.980100, 105.910100" in visit_["note"]
    assert [e["filename"] for e in plan.evidence] == ["kiem_tra_20261118.jpg"]
    assert list(plan.changes["field"]) == ["ww_status"] and list(plan.changes["value"]) == ["none"]


def test_every_wrong_cell_is_said_with_its_row_and_column_and_nothing_is_planned(gpkg):
    bad = [visit(site_id="nowhere", id="a"), visit(ngay="2027-05-01", id="b"), visit(ww_status="tốt lắm", id="c"),
           visit(anh_2="missing.jpg", id="d"), visit(tien_phat="-5", id="e"), visit(han_1="31/02/2027", id="f"),
           visit(ket_qua="", id="g"), visit(ket_qua="ok\x1b[31m", id="h"), visit(id="")]
    plan = plan_of(submissions.read_submissions("x.zip", odk_zip(bad)), gpkg)
    said = {(p.row, p.column) for p in plan.problems}
    assert said == {(2, "site_id"), (3, "ngay"), (4, "ww_status"), (5, "anh_2"), (6, "tien_phat"), (7, "han_1"), (7, "yeu_cau_1"),
                    (8, "ket_qua"), (9, "ket_qua"), (10, "submission_id")}
    assert "ZIP" in next(p for p in plan.problems if p.column == "anh_2").message.en
    assert not plan.ok and set(plan.rows["action"]) == {"error"}
    assert plan.inspections == []


def test_a_table_of_another_form_is_refused_with_what_is_missing():
    with pytest.raises(ImportRefused) as exc:
        submissions.read_submissions("other.csv", b"name,age\nAn,3\n")
    assert "site_id" in exc.value.problems[0].message.en and form.FORM_ID in exc.value.problems[0].message.en


def test_rejected_on_review_is_not_imported(gpkg):
    plan = plan_of(submissions.read_submissions("x.zip", odk_zip([visit(review="rejected"), visit(id="ok")])), gpkg)
    assert list(plan.rows["action"]) == ["rejected", "create"] and len(plan.inspections) == 1


def test_submissions_go_in_once_with_their_photos_and_a_revert_withdraws_them(any_store):
    jpeg = photo()
    upload = odk_zip([visit(anh_1="p1.jpg", ww_status="operating", vi_pham="Xả thải vượt QCVN 40 | Điều 56 Luật BVMT 2020",
                            yeu_cau_1="Khắc phục", han_1="2027-01-31")], {"p1.jpg": jpeg})
    plan = plan_of(submissions.read_submissions("x.zip", upload), any_store)
    assert plan.ok and plan.counts() == {"create": 1}
    import_id = recording.commit_field_import(any_store, INSPECTOR, plan, "x.zip")
    visits = any_store.read_inspections("c1")
    assert len(visits) == 1 and visits.iloc[0]["submission_id"] == plan.inspections[0]["submission_id"]
    assert inspections.decode(visits.iloc[0])[0] == [{"description": "Xả thải vượt QCVN 40", "legal_ref": "Điều 56 Luật BVMT 2020"}]
    assert any_store.read_sites().set_index("site_id").loc["c1", "ww_status"] == "operating"
    kept = any_store.read_evidence("c1", with_content=True)
    assert list(kept["content"]) == [jpeg] and kept.iloc[0]["record_id"] == visits.iloc[0]["record_id"]
    assert "content" not in any_store.read_evidence("c1").columns
    # The same export again: nothing new, said as such; and the store refuses it even from a stale plan.
    again = plan_of(submissions.read_submissions("x.zip", upload), any_store)
    assert list(again.rows["action"]) == ["already"] and again.inspections == []
    before = any_store.data_version()
    with pytest.raises(StoreError):
        recording.commit_field_import(any_store, INSPECTOR, plan, "x.zip")
    assert any_store.data_version() == before and len(any_store.read_inspections()) == 1
    # A revert withdraws the inspection and its status record; the submission may then come in again.
    recording.revert_import(any_store, ADMIN, import_id)
    assert inspections.current(any_store.read_inspections()).empty
    assert any_store.read_sites().set_index("site_id").loc["c1", "ww_status"] == "none"
    assert list(plan_of(submissions.read_submissions("x.zip", upload), any_store).rows["action"]) == ["create"]


def test_a_status_given_as_a_label_in_either_language_is_read_as_the_import_reads_it(gpkg):
    from geo.io.importing import values

    given = {"a": ("haz_waste", "Chưa xử lý"), "b": ("haz_waste", "not handled"), "c": ("ww_status", "DANG VAN HANH DAT CHUAN")}
    subs = submissions.read_submissions("x.zip", odk_zip([visit(id=i, **{f: v}) for i, (f, v) in given.items()]))
    plan = plan_of(subs, gpkg)
    assert plan.ok, plan.problems
    read = {(c["field"], c["value"]) for c in plan.changes.to_dict("records")}
    assert read >= {("haz_waste", "none_handled"), ("ww_status", "operating")}
    assert all(values.code_of(f, v) in {"none_handled", "operating"} for f, v in given.values())
