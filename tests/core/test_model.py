import math
import unicodedata

import pytest

from geo.core import model
from tests.conftest import make_sites

GOOD = {"site_id": "s1", "name": "Làng A", "kind": "lang_nghe", "lon": 105.8, "lat": 21.0}


def errors_for(**changes):
    row = dict(GOOD, **changes)
    return model.validate_sites(make_sites([row]))


def test_a_good_row_has_no_errors():
    assert errors_for() == []


def test_point_outside_hanoi_is_reported_with_what_to_check():
    errs = errors_for(lon=106.7, lat=10.8)  # Ho Chi Minh City
    assert [e.field for e in errs] == ["geometry"]
    assert "ngoài địa giới Hà Nội" in errs[0].message.vi and "outside Hanoi" in errs[0].message.en


def test_swapped_coordinates_are_recognised_as_swapped():
    errs = errors_for(lon=21.0, lat=105.8)
    assert "swapped" in errs[0].message.en


@pytest.mark.parametrize("lon,lat", [(math.nan, 21.0), (105.8, 200.0)])
def test_malformed_coordinates_are_reported(lon, lat):
    errs = errors_for(lon=lon, lat=lat)
    assert errs and errs[0].field == "geometry" and "malformed" in errs[0].message.en


def test_unknown_vocabulary_value_lists_the_allowed_ones():
    errs = errors_for(kind="factory")
    assert errs[0].field == "kind"
    assert "lang_nghe" in errs[0].message.en and "'factory'" in errs[0].message.en


def test_duplicate_ids_are_reported_on_every_copy():
    frame = make_sites([GOOD, dict(GOOD, name="Làng B")])
    errs = model.validate_sites(frame)
    assert [(e.row, e.field) for e in errs] == [(1, "site_id"), (2, "site_id")]
    assert "duplicate" in errs[0].message.en


def test_non_nfc_text_is_reported_and_normalise_text_fixes_it():
    frame = make_sites([dict(GOOD, name=unicodedata.normalize("NFD", "Làng Bát Tràng"))])
    errs = model.validate_sites(frame)
    assert [e.field for e in errs] == ["name"] and "NFC" in errs[0].message.en
    assert model.validate_sites(model.normalise_text(frame)) == []


def test_negative_area_is_reported():
    frame = make_sites([GOOD])
    frame["area_ha"] = [-3.0]
    assert [e.field for e in model.validate_sites(frame)] == ["area_ha"]


def test_missing_required_column_is_one_clear_error():
    frame = make_sites([GOOD]).drop(columns=["kind"])
    errs = model.validate_sites(frame)
    assert len(errs) == 1 and errs[0].field == "kind" and "missing" in errs[0].message.en


def test_error_text_names_row_and_id_in_both_languages():
    err = errors_for(kind="x")[0]
    assert err.text("vi").startswith("Dòng 1 (s1)") and err.text("en").startswith("Row 1 (s1)")


def test_outline_check_uses_the_real_city_shape(boundaries):
    # Inside the bounding box but outside the city: in Hưng Yên, east of the Red River.
    errs = model.validate_sites(make_sites([dict(GOOD, lon=106.02, lat=20.60)]), outline=boundaries.outline)
    assert [e.field for e in errs] == ["geometry"]


def test_all_conditions_met_needs_all_three_yes():
    assert model.all_conditions_met("yes", "yes", "yes") == "yes"
    assert model.all_conditions_met("yes", "no", "unknown") == "no"
    assert model.all_conditions_met("yes", "yes", "unknown") == "unknown"
