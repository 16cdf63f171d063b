import datetime as dt

import pytest
from pygeoapi.provider.base import ProviderInvalidQueryError

from geo.language import dates
from geo.services import ogc_provider


FIELDS = {"kind": {"type": "string"}, "area_ha": {"type": "number"}}


def test_the_date_asked_for_comes_from_asof_or_the_standards_datetime():
    assert ogc_provider._read_parameters([("asof", "2023-12-31")], None, FIELDS)[0] == dt.date(2023, 12, 31)
    assert ogc_provider._read_parameters([], "2022-06-30T00:00:00Z", FIELDS)[0] == dt.date(2022, 6, 30)
    assert ogc_provider._read_parameters([], "2020-01-01/2021-12-31", FIELDS)[0] == dt.date(2021, 12, 31)
    assert ogc_provider._read_parameters([], "2020-01-01/..", FIELDS)[0] == dates.today()
    assert ogc_provider._read_parameters([], None, FIELDS)[0] == dates.today()


def test_filters_are_the_published_fields_and_other_parameters_are_left_alone():
    _, equal = ogc_provider._read_parameters([("kind", "ccn"), ("area_ha", "5"), ("_", "123")], None, FIELDS)
    assert equal == [("kind", "ccn"), ("area_ha", "5")]


@pytest.mark.parametrize("params, datetime_", [([("asof", "31/12/2023")], None), ([], "yesterday"),
                                               ([("asof", (dates.today() + dt.timedelta(days=30)).isoformat())], None)])
def test_a_date_that_is_no_date_or_in_the_future_is_refused_in_words(params, datetime_):
    with pytest.raises(ProviderInvalidQueryError) as exc:
        ogc_provider._read_parameters(params, datetime_, FIELDS)
    assert exc.value.message and exc.value.message != "query error"
