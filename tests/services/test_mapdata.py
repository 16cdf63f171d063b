import gzip
import json

from geo.services import mapdata
from tests.services.conftest import app_of, get


def test_payloads_are_kept_by_key_the_oldest_dropped_first():
    registry = mapdata.MapData(max_entries=2)
    key = registry.key("v1", "2026-12-01", (("kind", ("ccn",)),), "kind", "vi")
    assert key == registry.key("v1", "2026-12-01", (("kind", ("ccn",)),), "kind", "vi") != registry.key("v2", "2026-12-01")
    registry.put("a", [[1]])
    registry.put("b", [[2]])
    registry.get("a")                      # used: kept
    registry.put("c", [[3]])
    assert registry.has("a") and not registry.has("b") and registry.has("c")
    raw, packed = registry.get("c")
    assert json.loads(raw) == [[3]] and gzip.decompress(packed) == raw


def test_the_route_serves_a_payload_gzipped_and_cacheable_for_good(gpkg_backend, monkeypatch):
    registry = mapdata.MapData()
    monkeypatch.setattr(mapdata, "REGISTRY", registry)
    rows = [[[21.0, 105.8, 1, "c1", "CCN <b>Một</b>", 0]], []]
    registry.put("k1", rows)
    app = app_of(*gpkg_backend)
    status, head, body = get(app, f"{mapdata.PATH}/k1.json", {"accept-encoding": "gzip, br"})
    assert status == 200 and head["content-encoding"] == "gzip" and "immutable" in head["cache-control"]
    assert json.loads(gzip.decompress(body)) == rows
    status, head, body = get(app, f"{mapdata.PATH}/k1.json")
    assert status == 200 and "content-encoding" not in head and json.loads(body) == rows
    status, _, body = get(app, f"{mapdata.PATH}/nope.json")
    assert status == 404 and "reload" in json.loads(body)["description"]


def test_a_payload_is_made_off_the_pages_run_and_waited_for_when_asked():
    import threading

    registry = mapdata.MapData()
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return [[["row"]]]

    registry.prepare("k", slow)                  # returns at once: the page goes on
    assert started.wait(5) and registry.has("k")
    registry.prepare("k", lambda: 1 / 0)         # the same key again: nothing new is made
    release.set()
    assert json.loads(registry.get("k")[0]) == [[["row"]]]
