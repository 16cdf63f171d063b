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


def _xlsx(rows, merges) -> bytes:
    """A sheet as Excel keeps it: a merged cell's text only in its top-left cell."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for rng in merges:
        sheet.merge_cells(rng)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_three_row_merged_header_with_a_group_over_the_coordinates():
    rows = [["DANH SÁCH CỤM CÔNG NGHIỆP CÓ TRẠM XỬ LÝ NƯỚC THẢI (tính đến 30/9/2026)"],
            [],
            ["TT", "Tên cụm công nghiệp", "Hạ tầng bảo vệ môi trường", None, None, None],
            [None, None, "Trạm XLNT", None, "Tọa độ (WGS84)", None],
            [None, None, "Tình trạng", "Công suất (m3/ngđ)", "Kinh độ", "Vĩ độ"],
            [1, "CCN Ngọc Hồi", "Đang vận hành", "1.800", 105.84, 20.93],
            [2, "CCN Tân Triều", "Chưa có", None, 105.79, 20.97]]
    raw = importing.read_upload("ba-dong.xlsx", _xlsx(rows, ["A1:F1", "C3:F3", "C4:D4", "E4:F4", "A3:A5", "B3:B5"]))
    mapping = importing.auto_mapping(raw.headers)
    assert sorted(mapping.values()) == ["lat", "lon", "name", "tt", "ww_capacity_m3d", "ww_status"], raw.headers
    assert raw.frame["Tên cụm công nghiệp"].tolist() == ["CCN Ngọc Hồi", "CCN Tân Triều"]   # no header row as a site
    assert raw.rows == [6, 7]


def test_a_group_above_the_header_row_gives_its_columns_their_meaning():
    grid = [["", "", "", "Trạm XLNT tập trung", "Trạm XLNT tập trung"],
            ["TT", "Tên cụm công nghiệp", "Tình trạng hoạt động", "Tình trạng", "Công suất"],
            ["1", "CCN Ngọc Hồi", "Đang hoạt động", "Đang vận hành", "1800"]]
    raw = importing.tables.find_table(grid)
    mapping = importing.auto_mapping(raw.headers)
    assert mapping["Trạm XLNT tập trung / Tình trạng"] == "ww_status"
    assert mapping["Tình trạng hoạt động"] == "operating_status"
    assert mapping["Trạm XLNT tập trung / Công suất"] == "ww_capacity_m3d"


def test_a_title_over_the_whole_table_is_not_a_group():
    title = "Danh sách cụm công nghiệp trên địa bàn huyện"
    grid = [[title] * 3, ["TT", "Tên cụm công nghiệp", "Tình trạng"], ["1", "CCN A", "Đang hoạt động"]]
    raw = importing.tables.find_table(grid)
    assert raw.headers == ["TT", "Tên cụm công nghiệp", "Tình trạng"]


def test_a_header_repeated_on_a_new_page_or_not_understood_is_never_a_site():
    grid = [["TT", "Tên cụm công nghiệp", "Tọa độ", "Tọa độ"],
            ["TT", "Tên cụm công nghiệp", "Đông", "Bắc"],            # sub-header words the import does not know
            ["1", "CCN A", "105.8", "21.0"],
            ["TT", "Tên cụm công nghiệp", "Tọa độ", "Tọa độ"],       # the header again, on page 2
            ["2", "CCN B", "105.9", "21.1"]]
    raw = importing.tables.find_table(grid)
    assert raw.frame["Tên cụm công nghiệp"].tolist() == ["CCN A", "CCN B"] and raw.rows == [3, 5]
    # The sub-header is read as header, and what it does not say is left for the user to map, not guessed.
    assert raw.headers[2:] == ["Tọa độ / Đông", "Tọa độ / Bắc"]
    assert set(importing.auto_mapping(raw.headers).values()) == {"tt", "name"}
    assert "dòng 4: giống dòng tiêu đề" in " ".join(raw.notes)
