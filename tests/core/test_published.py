from geo.core import history, published
from tests.conftest import change, make_sites


def _state(**extra):
    sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0, **extra}])
    return history.state_as_of(sites, history.to_frame([change("c1", "ww_status", "operating", "2024-01-01", illustrative=True)]),
                               "2025-01-01")


def test_only_the_named_columns_leave_with_labels_in_both_languages():
    state = _state()
    state["password_hash"] = "secret"          # a column nobody published
    out = published.public_sites(state)
    assert list(out.columns) == [*published.COLUMNS, "geometry"]
    assert "password_hash" not in out.columns and "notes" not in out.columns
    row = out.iloc[0]
    assert (row["ww_status"], row["ww_status_label"], row["ww_status_label_en"]) == ("operating", "Đang vận hành đạt chuẩn", "Operating")
    assert row["kind_label"] == "Cụm công nghiệp" and bool(row["illustrative"]) and row["illustrative_fields"] == "ww_status"
    assert out.crs.to_epsg() == 4326


def test_a_value_not_known_is_unknown_and_numbers_stay_numbers():
    row = published.public_sites(_state(area_ha=12.5)).iloc[0]
    assert row["haz_waste"] == "unknown" and row["haz_waste_label_en"] == "Unknown"
    assert row["area_ha"] == 12.5
