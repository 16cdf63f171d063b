from pyxform.xls2xform import convert

from geo.io.field import form, submissions


def test_the_xlsform_converts_with_pyxform_and_asks_every_field(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(form.xlsform())
    result = convert(xlsform=str(path), validate=False)
    assert result.warnings == []
    for name in form.NAMES:
        assert f"/{name}" in result.xform, name
    assert form.SITE_LIST in result.xform
    assert "Tiếng Việt (vi)" in result.xform and "English (en)" in result.xform


def test_the_form_in_the_repository_is_the_one_the_code_declares(tmp_path):
    import openpyxl
    import io
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[3] / "data" / "forms" / f"{form.FORM_ID}.xlsx"
    def cells(data):
        book = openpyxl.load_workbook(io.BytesIO(data))
        return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    assert cells(shipped.read_bytes()) == cells(form.xlsform()), "run: python -m geo field-form"


def test_every_required_field_is_one_the_import_insists_on():
    assert set(submissions.REQUIRED) == {"site_id", "ngay", "co_quan", "nguoi_kiem_tra", "ket_qua"}
    # The status choices are the product's codes: a submission needs no mapping.
    assert all(f"select_one {f}" in [x.type for x in form.FIELDS] for f in form.OBSERVED)
