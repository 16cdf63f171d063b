import pandas as pd

from geo.core import history, scorecard
from geo.views import charts
from tests.core.test_scorecard import P2, TODAY, states


def test_progress_chart_is_labelled_in_the_language_with_years_and_percent_axes():
    values = {"p307-2": scorecard.timeline(P2, states([*history.year_ends(), TODAY]))}
    spec = charts.progress_chart(values, {"p307-2": P2}, P2.deadline, "en").to_dict()
    line = spec["layer"][0]["encoding"]
    assert line["x"]["title"] == "Year end" and line["x"]["axis"]["format"] == "d"
    assert line["y"]["axis"]["format"] == "%"
    data = next(iter(spec["datasets"].values()))
    assert [round(r["year"], 2) for r in data] == [2021.0, 2022.0, 2023.0, 2024.0, 2025.0, 2025.9]
    assert data[2]["value"] == "50.0 %"
    vi = charts.progress_chart(values, {"p307-2": P2}, P2.deadline, "vi").to_dict()
    assert vi["layer"][0]["encoding"]["x"]["title"] == "Cuối năm"
    assert next(iter(vi["datasets"].values()))[2]["value"] == "50,0 %"


def test_breakdown_bars_leave_out_areas_without_sites():
    table = pd.DataFrame({"code": ["a", "b", "c"], "name": ["A", "B", None], "numerator": [1, 0, 0],
                          "denominator": [2, 0, 1], "percent": [50.0, None, 0.0]})
    spec = charts.breakdown_bars(table, 100, "vi", highlight="a").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["name"] for r in rows] == ["A", "Chưa xác định"]
    assert [r["chosen"] for r in rows] == [True, False]
