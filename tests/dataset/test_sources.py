"""Sources cited as people cite them, from the registry in data/sources.csv."""

from geo.dataset import sources

REGISTRY = "key,outlet,outlet_en,article,date,about_vi,about_en,url\n" \
           "laodong.vn 688084,Lao Động (laodong.vn),Lao Dong,688084,,các cụm công nghiệp Thạch Thất,clusters in Thach That,\n" \
           "Hà Nội Mới (04/07/2017),Hà Nội Mới,,,04/07/2017,thành lập cụm,clusters established,https://hanoimoi.vn/x\n"


def test_a_key_is_cited_with_outlet_article_date_and_what_it_reported(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    assert sources.cite("laodong.vn 688084", path, "vi") == "Lao Động (laodong.vn), bài 688084: các cụm công nghiệp Thạch Thất"
    assert sources.cite("laodong.vn 688084", path, "en") == "Lao Dong, article 688084: clusters in Thach That"
    assert sources.cite("Hà Nội Mới (04/07/2017); laodong.vn 688084", path, "en").startswith(
        "Hà Nội Mới, 04/07/2017: clusters established (https://hanoimoi.vn/x); Lao Dong")
    assert sources.outlets("Hà Nội Mới (04/07/2017) | laodong.vn 688084", path, "vi") == "Hà Nội Mới, 04/07/2017; Lao Động (laodong.vn)"


def test_a_key_without_an_entry_shows_as_it_is_and_none_is_a_dash(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    assert sources.cite("Biên bản 45/BB", path) == "Biên bản 45/BB"
    assert sources.cite("", path) == "—" and sources.outlets(None, path) == "—"


def test_every_source_the_dataset_uses_is_in_the_registry():
    import pandas as pd

    from geo.settings import DEFAULTS

    registry = sources.registry(DEFAULTS.sources_csv)
    used = set()
    for path in (DEFAULTS.sites_csv, DEFAULTS.facts_csv):
        for value in pd.read_csv(path, dtype=str, keep_default_na=False)["source"]:
            used |= {k.strip() for k in sources.SEPARATOR.split(value) if k.strip()}
    assert used - set(registry) == set()
