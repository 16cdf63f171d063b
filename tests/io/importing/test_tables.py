"""Finding the table in a department's spreadsheet: title block, merged headers, headings, totals, notes."""

from geo.io import importing


def test_department_xlsx_header_rows_headings_totals_and_notes(dept_xlsx):
    raw = importing.read_upload("ccn.xlsx", dept_xlsx)
    assert raw.headers[:5] == ["TT", "Tên cụm công nghiệp", "Địa điểm", "Diện tích (ha)", "Tình trạng"]
    assert raw.headers[5:7] == ["Trạm XLNT / Tình trạng", "Trạm XLNT / Công suất (m3/ngđ)"]   # merged two-row header
    assert raw.frame["Tên cụm công nghiệp"].tolist() == ["CCN Ngọc Hồi", "CCN Tân Triều mở rộng", "CCN Bình Phú"]
    assert raw.rows == [9, 10, 12]                                   # the file's own row numbers
    assert raw.frame["__group_district__"].tolist() == ["Huyện Thanh Trì", "Huyện Thanh Trì", "Huyện Thạch Thất"]
    notes = " ".join(raw.notes)
    assert "tiêu đề nhóm" in notes and "ghi chú dưới bảng" in notes
