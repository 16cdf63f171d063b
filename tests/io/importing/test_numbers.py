"""Numbers, years and tick-marks as departments write them: the right value, or a question with the fix."""

import pytest

from geo.io.importing import numbers


@pytest.mark.parametrize("cells, style", [
    (["6,28", "1.250", ""], "vi"),           # a decimal comma shows the Vietnamese convention
    (["1.250,5"], "vi"),
    (["1.250.000"], "vi"),
    (["6.28", "1,250.5"], "en"),
    (["1.250", "1.800"], "vi"),              # nothing but grouped cells: a Vietnamese sheet's default
    (["6,28", "6.28"], "mixed"),
])
def test_the_files_convention_comes_from_its_unambiguous_cells(cells, style):
    assert numbers.style_of(cells) == style


@pytest.mark.parametrize("cell, style, value", [
    ("6,28", "vi", 6.28), ("1.250", "vi", 1250.0), ("1.800", "vi", 1800.0), ("1.250,5", "vi", 1250.5),
    ("1 250,5", "vi", 1250.5), ("1\u00a0250,5", "vi", 1250.5), ("18,73", "vi", 18.73), ("12", "vi", 12.0),
    ("6.28", "en", 6.28), ("1,250", "en", 1250.0), ("1,250.5", "en", 1250.5),
    ("6.28", "mixed", 6.28), ("6,28", "mixed", 6.28),
])
def test_numbers_are_read_in_the_files_convention(cell, style, value):
    reading = numbers.read_number(cell, style, "area_ha")
    assert reading.ok and reading.value == pytest.approx(value)


@pytest.mark.parametrize("cell, style", [("1,250", "vi"), ("1.250", "en"), ("1,250", "mixed"), ("1.250", "mixed")])
def test_a_cell_only_the_convention_could_decide_is_asked_about(cell, style):
    reading = numbers.read_number(cell, style, "area_ha")
    assert not reading.ok and reading.value is None
    assert "1,25" in reading.problem.vi and "1250" in reading.problem.vi and "ghi rõ" in reading.problem.vi


def test_a_declared_convention_decides_three_decimals():
    assert numbers.read_number("8.887", "en", "area_ha", declared=True).value == pytest.approx(8.887)


@pytest.mark.parametrize("cell, words", [
    ("nan", "not a number"), ("inf", "not a number"), ("-inf", "not a number"), ("#N/A", "not a number"),
    ("1e308", "outside the plausible range"), ("-3", "outside the plausible range"), ("abc", "is not a number"),
])
def test_nan_inf_and_absurd_magnitudes_are_refused(cell, words):
    reading = numbers.read_number(cell, "vi", "area_ha")
    assert not reading.ok and words in reading.problem.en


@pytest.mark.parametrize("cell, words", [
    ("44196", "Excel date serial (2020-12-31)"), ("31/12/2020", "full date"), ("2020-12-31 00:00:00", "full date"),
    ("-2017", "not a year"), ("2017,5", "not a year"), ("1850", "outside"),
])
def test_a_year_column_refuses_serials_dates_and_negatives_with_the_fix(cell, words):
    reading = numbers.read_year(cell)
    assert not reading.ok and words in reading.problem.en


def test_a_year_is_read():
    assert numbers.read_year("2017").value == 2017 and numbers.read_year("").value is None


@pytest.mark.parametrize("cell, meaning", [
    ("x", "yes"), ("X", "yes"), ("✓", "yes"), ("✔", "yes"), ("có", "yes"), ("Có", "yes"), ("Đã có", "yes"),
    ("không", "no"), ("Chưa có", "no"), ("", None), ("-", None), ("chưa rõ", None), ("đang lập", ""),
])
def test_tick_marks_mean_yes_and_an_empty_cell_states_nothing(cell, meaning):
    assert numbers.read_tick(cell) == meaning


@pytest.mark.parametrize("cell, value", [("21°01'N", 21 + 1 / 60), ("21°01'30\"N", 21 + 1 / 60 + 30 / 3600), ("105° 50′ Đ", 105 + 50 / 60),
                                         ("33°52'S", -(33 + 52 / 60)), ("21,5°", 21.5)])
def test_degrees_minutes_seconds(cell, value):
    assert numbers.read_degrees(cell) == pytest.approx(value)


def test_plain_numbers_are_not_degrees_and_surveyors_order_is_northing_first():
    assert numbers.read_degrees("21.01") is None and numbers.read_degrees("21°99'N") is None
    assert numbers.surveyors_order(2_325_000, 595_000) and not numbers.surveyors_order(595_000, 2_325_000)
