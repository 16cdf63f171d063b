import inspect

from geo.storage import base, geopackage, postgis


def test_both_backends_implement_the_whole_interface():
    required = {name for name, member in inspect.getmembers(base.Store) if getattr(member, "__isabstractmethod__", False)}
    assert {"read_site_table", "append_changes", "apply_import", "get_attempts"} <= required
    for backend in (geopackage.GeoPackageStore, postgis.PostGISStore):
        assert not getattr(backend, "__abstractmethods__", set()), backend


def test_read_sites_is_the_state_on_a_date(any_store):
    assert any_store.read_sites("2020-12-31").set_index("site_id").loc["c1", "ww_status"] == "unknown"
    assert any_store.read_sites("2021-12-31").set_index("site_id").loc["c1", "ww_status"] == "none"
