from geo.core import filters, links
from geo.services.context import ServiceContext


def test_a_link_reads_as_the_view_its_page_shows(gpkg_backend):
    store, cfg = gpkg_backend
    context = ServiceContext(store, cfg)
    view = context.read_link({"kind": ["ccn"], "od": ["276"], "when": ["2023"], "lang": ["en"], "bogus": ["1"]})
    assert view.lang == "en" and view.as_of.isoformat() == "2023-12-31"
    expected = filters.apply(context.state(view.as_of), filters.Filters.of(view.as_of, kind=["ccn"], od=["276"]))
    # In the Sites page's default order: the highest inspection priority first.
    assert list(view.rows["site_id"]) == list(filters.sort_rows(expected, "priority")["site_id"]) and len(expected) > 1
    assert list(view.rows["priority_score"]) == sorted(view.rows["priority_score"], reverse=True)
    by_name = context.read_link({"kind": ["ccn"], "od": ["276"], "when": ["2023"], "sort": ["name"]})
    assert sorted(by_name.rows["site_id"]) == sorted(expected["site_id"]) and list(by_name.rows["site_id"]) != list(view.rows["site_id"])
    assert [n.param for n in view.notices] == ["bogus"] and "bogus" not in view.params
    assert links.share_url("http://x", "danh-sach", view.params).startswith("http://x/danh-sach?")


def test_only_short_keeps_the_sites_falling_short_and_the_state_is_kept_per_data_version(gpkg_backend):
    store, cfg = gpkg_backend
    context = ServiceContext(store, cfg)
    every = context.read_link({})
    short = context.read_link({"only_short": ["true"]})
    flags = [c for c in every.rows.columns if c.startswith("short__")]
    assert list(short.rows["site_id"]) == list(every.rows[every.rows[flags].any(axis=1)]["site_id"])
    assert context.state(every.as_of) is context.state(every.as_of)          # one frame per data version and date
