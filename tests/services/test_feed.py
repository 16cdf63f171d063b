"""The Atom feed parses as Atom, and its entries are the store's records for the link's sites."""

import re

import feedparser

from geo.access import auth, recording
from tests.services.conftest import app_of, get


def test_the_feed_is_valid_atom_whose_entries_are_the_records_of_the_views_sites(backend):
    store, cfg = backend
    admin = auth.create_user(store, None, "admin", "quan-tri-vien-2025", "admin")
    inspector = auth.create_user(store, admin, "thanh", "kiem-tra-2025!", "inspector", "Trần Thanh")
    sites = store.read_site_table()
    inside = sites[sites["old_district_code"] == "276"]["site_id"].tolist()[:2]
    outside = sites[sites["old_district_code"] != "276"]["site_id"].iloc[0]
    recording.record_status_change(store, inspector, inside[0], "ww_status", "operating", "2026-11-01", "Công văn 12/SNNMT")
    recording.record_inspection(store, inspector, inside[1], "2026-11-10", "Sở NN&MT", "Trần Thanh", "Nước thải chưa xử lý")
    recording.record_status_change(store, inspector, outside, "ww_status", "none", "2026-11-01", "Công văn 13")
    status, head, body = get(app_of(store, cfg), "/thay-doi.atom?od=276")
    assert status == 200 and head["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and "Huyện Thạch Thất" in feed.feed.title
    real = store.read_history()
    real = real[real["site_id"].isin(set(sites[sites["old_district_code"] == "276"]["site_id"])) & ~real["illustrative"]]
    visits = store.read_inspections()
    expected = set(real["record_id"]) | set(visits[visits["site_id"].isin(inside)]["record_id"])
    got = {m.group(2) for m in (re.search(r":(change|inspection)/(.+)$", e.id) for e in feed.entries) if m}
    assert got == expected and len(got) >= 2
    visit = next(e for e in feed.entries if ":inspection/" in e.id)
    assert "Nước thải chưa xử lý" in visit.summary and f"site={inside[1]}" in visit.link
    assert [e.updated_parsed for e in feed.entries] == sorted((e.updated_parsed for e in feed.entries), reverse=True)
    assert b">thanh<" not in body and b"admin" not in body      # who recorded an entry stays inside (user names)
    # The whole city and another language.
    _, _, english = get(app_of(store, cfg), "/thay-doi.atom?lang=en")
    parsed = feedparser.parse(english)
    assert not parsed.bozo and parsed.feed.title.startswith("Changes at the sites") and len(parsed.entries) >= 3
