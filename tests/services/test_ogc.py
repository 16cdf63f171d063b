"""Contract of the OGC API - Features under /ogc: collections, items, bbox, paging, filters, the date asked for, errors."""

import datetime as dt

from geo.core import history
from geo.language import dates
from tests.services.conftest import app_of, get, get_json


def test_landing_conformance_and_the_sites_collection(backend):
    app = app_of(*backend)
    status, landing = get_json(app, "/ogc")
    assert status == 200 and any(link["rel"] == "data" for link in landing["links"])
    assert all(link.get("type") != "text/html" for link in landing["links"])        # no page this server does not serve
    status, conformance = get_json(app, "/ogc/conformance")
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance["conformsTo"]
    status, collections = get_json(app, "/ogc/collections")
    assert [c["id"] for c in collections["collections"]] == ["sites"]
    assert collections["collections"][0]["links"][0]["href"].startswith("http://dash.example.vn/ogc")


def test_items_are_the_sites_with_their_current_statuses_and_labels(backend):
    store, cfg = backend
    app = app_of(store, cfg)
    status, head, body = get(app, "/ogc/collections/sites/items?limit=1000")
    import json

    doc = json.loads(body)
    assert status == 200 and head["content-type"] == "application/geo+json"
    today = store.read_sites(dates.today()).set_index("site_id")
    assert doc["numberMatched"] == len(today) and len(doc["features"]) == len(today)
    one = next(f for f in doc["features"] if f["id"] == "ccn-tan-trieu")
    assert one["properties"]["ww_status"] == today.loc["ccn-tan-trieu", "ww_status"]
    assert one["properties"]["ww_status_label"] and one["properties"]["ww_status_label_en"]
    assert one["geometry"]["type"] == "Point"
    assert abs(one["geometry"]["coordinates"][0] - today.loc["ccn-tan-trieu"].geometry.x) < 1e-9


def test_bbox_paging_and_property_filters(backend):
    store, cfg = backend
    app = app_of(store, cfg)
    today = store.read_sites(dates.today())
    box = (105.75, 20.9, 105.9, 21.05)
    inside = today[today.geometry.x.between(box[0], box[2]) & today.geometry.y.between(box[1], box[3])]
    _, doc = get_json(app, "/ogc/collections/sites/items?bbox=" + ",".join(map(str, box)) + "&limit=1000")
    assert sorted(f["id"] for f in doc["features"]) == sorted(inside["site_id"]) and len(inside) > 0
    _, first = get_json(app, "/ogc/collections/sites/items?limit=5&sortby=site_id")
    _, second = get_json(app, "/ogc/collections/sites/items?limit=5&offset=5&sortby=site_id")
    ordered = sorted(today["site_id"])
    assert [f["id"] for f in first["features"]] == ordered[:5] and [f["id"] for f in second["features"]] == ordered[5:10]
    assert any(link["rel"] == "next" and "offset=5" in link["href"] for link in first["links"])
    _, ccn = get_json(app, "/ogc/collections/sites/items?kind=ccn&old_district_code=276&limit=1000")
    expected = today[(today["kind"] == "ccn") & (today["old_district_code"] == "276")]
    assert sorted(f["id"] for f in ccn["features"]) == sorted(expected["site_id"])
    _, hits = get_json(app, "/ogc/collections/sites/items?resulttype=hits&kind=ccn")
    assert hits["numberMatched"] == (today["kind"] == "ccn").sum() and hits["features"] == []
    _, words = get_json(app, "/ogc/collections/sites/items?q=bat%20trang&limit=1000")
    assert words["features"] and all("Bát Tràng" in " ".join(map(str, f["properties"].values())) for f in words["features"])


def test_the_state_on_a_date_asked_for(backend):
    store, cfg = backend
    app = app_of(store, cfg)
    day = dt.date(2022, 12, 31)
    then = history.state_as_of(store.read_site_table(), store.read_history(), day).set_index("site_id")
    for query in (f"asof={day.isoformat()}", f"datetime={day.isoformat()}T12:00:00Z"):
        _, doc = get_json(app, f"/ogc/collections/sites/items?limit=1000&{query}")
        got = {f["id"]: f["properties"]["ww_status"] for f in doc["features"]}
        assert got == then["ww_status"].to_dict(), query
    status, error = get_json(app, "/ogc/collections/sites/items?asof=31/12/2022")
    assert status == 400 and "YYYY-MM-DD" in error["description"]


def test_errors_are_json_and_nothing_can_be_written(gpkg_backend):
    app = app_of(*gpkg_backend)
    for path, code in (("/ogc/collections/nope/items", 404), ("/ogc/nothing/here", 404), ("/ogc/collections/sites/items/nope", 404),
                       ("/ogc/collections/sites/items?limit=abc", 400), ("/ogc/collections/sites/items?bbox=1,2", 400),
                       ("/ogc/collections/sites/items?f=html", 400)):
        status, doc = get_json(app, path)
        assert status == code and doc["code"] and doc["description"], path
    from tests.ui.test_server import call

    status, _, _ = call(app, "POST", "/ogc/collections/sites/items", b"{}", {"content-type": "application/geo+json"})
    assert status == 405


def test_page_size_is_capped_and_the_openapi_document_describes_every_route(gpkg_backend):
    app = app_of(*gpkg_backend)
    _, doc = get_json(app, "/ogc/collections/sites/items?limit=100000")
    assert len(doc["features"]) <= 1000
    status, head, body = get(app, "/ogc/openapi?f=json")
    import json

    paths = json.loads(body)["paths"]
    assert status == 200 and "/collections/sites/items" in paths
    assert {"/tai-ve/co-so.{fmt}", "/thay-doi.atom", "/healthz"} <= set(paths)
    assert paths["/thay-doi.atom"]["servers"][0]["url"] == "http://dash.example.vn"


def _serve(cfg, port):
    """Child process: the services over the configured store, over HTTP."""
    import uvicorn

    from geo import storage

    store = storage.open_store(cfg)
    uvicorn.run(app_of(store, cfg), host="127.0.0.1", port=port, log_level="error")


def test_a_real_ogc_client_reads_the_collection_with_paging_and_bbox(backend):
    """GDAL's OGC API - Features driver (a client as QGIS has one), over HTTP, pages through every site.

    The server runs in a process of its own: GDAL holds the interpreter's lock while it waits for the answer."""
    import multiprocessing
    import socket
    import time

    import geopandas as gpd

    store, cfg = backend
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = multiprocessing.get_context("spawn").Process(target=_serve, args=(cfg, port), daemon=True)
    proc.start()
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)   # the server is starting
        url = f"OAPIF:http://127.0.0.1:{port}/ogc"
        layer = gpd.read_file(url, layer="sites")
        assert sorted(layer["site_id"]) == sorted(store.read_site_table()["site_id"])     # past the first page of 100
        assert layer.geometry.geom_type.eq("Point").all()
        box = gpd.read_file(url, layer="sites", bbox=(105.75, 20.9, 105.9, 21.05))
        assert 0 < len(box) < len(layer)
    finally:
        proc.terminate()
        proc.join(10)
