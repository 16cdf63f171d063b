"""Probable matches: alike names proposed with a score, other sites (other phases, other places) not."""

import pandas as pd
import pytest

from geo.io.importing import matching


@pytest.mark.parametrize("name, existing, alike", [
    ("CCN Bình Phú", "CCN Bình Phú 1", True), ("Cụm công nghiệp Ngọc Hồi", "CCN Ngọc Hồi", True),
    ("Ngoc Hoi", "CCN Ngọc Hồi", True), ("CCN Phùng Xa", "CCN Phùng Xá", True),
    ("CCN Bình Phú 2", "CCN Bình Phú 1", False), ("CCN Ba", "CCN Bát Tràng", False), ("CCN Quất Động mở rộng", "CCN Quất Động", False),
])
def test_probable_matches_allow_for_prefixes_and_spelling_but_not_other_sites(name, existing, alike):
    sites = pd.DataFrame({"site_id": ["x"], "name": [existing], "kind": ["ccn"], "old_district_name": [""]})
    assert (matching.Matcher(sites).best(name, "ccn") is not None) == alike


def test_a_match_keeps_to_the_same_district_and_family_of_kinds():
    sites = pd.DataFrame({"site_id": ["a", "b"], "name": ["CCN Bình Phú 1", "Làng nghề Bình Phú"], "kind": ["ccn", "lang_nghe"],
                          "old_district_name": ["Huyện Thạch Thất", "Huyện Thạch Thất"]})
    m = matching.Matcher(sites)
    assert m.best("CCN Bình Phú", "ccn_lang_nghe", "huyện Thạch Thất").site_id == "a"   # a cluster, under the other cluster word
    assert m.best("Bình Phú", "lang_nghe", "Thạch Thất").site_id == "b"
    assert m.best("CCN Bình Phú", "ccn", "Huyện Gia Lâm") is None                       # another district: another site
