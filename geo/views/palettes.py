"""The colours of the product: one palette per attribute a map can be coloured by.

Okabe-Ito colours, readable for colour-blind people; grey is always "unknown / not
assessed". The map, its legend, the charts and the report's images all take their
colours from here.
"""

from __future__ import annotations

from geo.core import vocab
from geo.language import i18n

GOOD, FAIR, WARN, BAD, WORSE, NEUTRAL, OTHER, GREY = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#F0E442", "#999999",
)
PALETTES: dict[str, dict[str, str]] = {
    "kind": {"lang_nghe": WORSE, "ccn_lang_nghe": WARN, "ccn": GOOD, "kcn": NEUTRAL},
    "operating_status": {"operating": GOOD, "under_construction": FAIR, "established": WORSE, "planned": WARN, "closed": "#555555",
                         "unknown": GREY},
    "ww_status": {
        "operating": GOOD, "operating_noncompliant": WARN, "built": OTHER, "built_not_operating": BAD, "under_construction": FAIR,
        "planned": WORSE, "none": "#7F0000", "out_of_use": "#4d004b", "unknown": GREY,
    },
    "haz_waste": {"all_licensed": GOOD, "partly": WARN, "none_handled": BAD, "unknown": GREY},
    "water_class": {"not_polluted": GOOD, "polluted": WARN, "seriously_polluted": BAD, "not_assessed": GREY},
    "air_class": {"not_polluted": GOOD, "polluted": WARN, "seriously_polluted": BAD, "not_assessed": GREY},
    "soil_class": {"not_polluted": GOOD, "polluted": WARN, "seriously_polluted": BAD, "not_assessed": GREY},
    "ep_all_met": {"yes": GOOD, "no": BAD, "unknown": GREY},
    "priority_band": {"A": GOOD, "B": FAIR, "C": OTHER, "D": WARN, "E": BAD},
}
COLOR_BY = list(PALETTES)
CHOROPLETH_BINS = [(0, 25, "#fde0c5"), (25, 50, "#facba6"), (50, 75, "#9ecae1"), (75, 100, "#4292c6"), (100, 101, "#08519c")]


def legend(color_by: str, lang: str = "vi") -> list[tuple[str, str]]:
    """(label, colour) pairs of the colour-by attribute, in the current language."""
    return [(vocab.label(color_by, code, lang), colour) for code, colour in PALETTES[color_by].items()]


def choropleth_legend(lang: str = "vi") -> list[tuple[str, str]]:
    labels = ["< 25 %", "25–50 %", "50–75 %", "75–<100 %", "100 %"]
    return list(zip(labels, [c for _, _, c in CHOROPLETH_BINS])) + [(i18n.pick(lang, "Không có cơ sở", "No sites"), "#ffffff")]


def bin_colour(percent) -> str:
    """The shade of an area by its share met (white: no site counted)."""
    if percent is None:
        return "#ffffff"
    for lo, hi, colour in CHOROPLETH_BINS:
        if lo <= percent < hi:
            return colour
    return CHOROPLETH_BINS[-1][2]
