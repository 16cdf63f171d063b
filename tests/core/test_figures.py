"""The city's public figures beside the sample: loaded, checked, the latest picked, coverage in words."""

import datetime as dt

import pytest

from geo.core import figures, indicators
from geo.errors import InvalidTargets
from geo.settings import DEFAULTS
from tests.conftest import make_sites

FIGURES = figures.load_figures(DEFAULTS.figures_file)
BY_ID = {f.id: f for f in FIGURES}
HEADER = ",".join(figures.COLUMNS) + "\n"


def test_every_aggregate_the_issue_names_is_a_dated_sourced_figure():
    # hanoi-facts.md: 331 recognised, 1,350 with a craft, 70 operating clusters of which 21 with a plant (2019),
    # 100% classified by end-2023, 159 clusters planned to 2030, 8 operating parks, 29 villages on list (iv).
    wanted = {("recognised_villages", 331), ("", 1350), ("operating_clusters", 70), ("", 21), ("", 100), ("", 159),
              ("operating_parks", 8), ("", 29)}
    have = {(f.universe, int(f.value)) for f in FIGURES} | {("", int(f.value)) for f in FIGURES}
    assert wanted <= have
    for f in FIGURES:
        assert f.source and f.label_vi and f.label_en
        assert (f.as_of is None) == (f.date_precision == "undated")


def test_the_latest_universe_figure_on_or_before_the_day_is_used():
    state = make_sites([{"site_id": "v1", "name": "Làng Một", "kind": "lang_nghe", "recognised": "yes", "lon": 105.8, "lat": 21.0},
                        {"site_id": "v2", "name": "Làng Hai", "kind": "lang_nghe", "recognised": "unknown", "lon": 105.8, "lat": 21.0}])
    counts = figures.universe_counts({"kind": ["lang_nghe"]}, state)
    assert counts == {"recognised_villages": 1}
    assert figures.coverage(counts, FIGURES, "vi", dt.date(2026, 1, 1))[0].startswith("Tập dữ liệu có 1/331 làng nghề được công nhận")
    assert figures.coverage(counts, FIGURES, "vi", dt.date(2020, 12, 31))[0].startswith("Tập dữ liệu có 1/309 ")
    assert figures.coverage(counts, FIGURES, "en", dt.date(2026, 1, 1))[0].startswith("The dataset has 1 of the city's 331 ")


def test_a_target_gets_its_latest_dated_official_figure_and_dates_read_as_precisely_as_given():
    latest = figures.official(FIGURES, "p307-2")
    candidates = [f for f in FIGURES if "p307-2" in f.targets and f.as_of]
    assert latest is not None and latest.as_of == max(f.as_of for f in candidates)
    assert figures.official(FIGURES, "p307-4") is None        # none published: the card says so
    assert BY_ID["clusters-2019"].in_words("vi").endswith(", 06/2019")
    assert BY_ID["assessed-295"].in_words("en").endswith(", undated")
    assert "(ngày giả định)" in BY_ID["recognised-2025"].in_words("vi")


def test_every_target_named_by_a_figure_exists():
    ids = {t.id for t in indicators.load_targets(DEFAULTS.targets_file)}
    for f in FIGURES:
        assert set(f.targets) <= ids, f.id


@pytest.mark.parametrize("row, words", [
    ("x,abc,villages,2020-01-01,day,,,a,b,,,src,,\n", "not a number"),
    ("x,1,hectares,2020-01-01,day,,,a,b,,,src,,\n", "unit must be one of"),
    ("x,1,villages,,day,,,a,b,,,src,,\n", "only an 'undated' row"),
    ("x,1,villages,2020-01-01,day,everyone,,a,b,,,src,,\n", "universe must be one of"),
    ("x,1,villages,2020-01-01,day,,,a,b,,,,,\n", "no source"),
])
def test_a_bad_row_is_refused_with_its_id_and_the_fix(tmp_path, row, words):
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    figures.load_figures.cache_clear()
    with pytest.raises(InvalidTargets, match=words):
        figures.load_figures(path)
