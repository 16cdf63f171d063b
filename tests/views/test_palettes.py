from geo.core import vocab
from geo.views import palettes


def test_legend_follows_the_language():
    assert ("Chưa rõ", palettes.GREY) in palettes.legend("ww_status", "vi")
    assert ("Unknown", palettes.GREY) in palettes.legend("ww_status", "en")


def test_every_code_of_a_coloured_attribute_has_a_colour_and_unknown_is_grey():
    for field, palette in palettes.PALETTES.items():
        assert set(palette) == set(vocab.FIELD_VOCAB[field].codes()), field
        for code in ("unknown", "not_assessed"):
            if code in palette:
                assert palette[code] == palettes.GREY


def test_area_shades_by_share_met():
    assert palettes.bin_colour(None) == "#ffffff"
    assert palettes.bin_colour(10) == palettes.CHOROPLETH_BINS[0][2]
    assert palettes.bin_colour(100) == palettes.CHOROPLETH_BINS[-1][2]
    assert palettes.bin_colour(99.9) == palettes.CHOROPLETH_BINS[3][2]
    assert [label for label, _ in palettes.choropleth_legend("en")][-1] == "No sites"
