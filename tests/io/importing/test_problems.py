from geo.errors import ImportRefused
from geo.io.importing.problems import Problem


def test_a_problem_says_its_row_and_column_in_the_chosen_language():
    p = Problem.of(12, "Diện tích (ha)", "“x” không phải là số", "“x” is not a number")
    assert p.text("vi") == "Dòng 12: Diện tích (ha): “x” không phải là số"
    assert p.text("en") == "Row 12: Diện tích (ha): “x” is not a number"


def test_a_problem_of_the_whole_file_has_no_row():
    p = Problem.of(0, "", "tệp rỗng", "the file is empty")
    assert p.text("en") == "the file is empty"
    refused = ImportRefused([p])
    assert refused.text("vi") == "tệp rỗng" and refused.problems == [p]
