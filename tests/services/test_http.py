import json

from tests.services.conftest import app_of, get


def test_links_name_the_host_the_request_came_by_or_the_public_url(gpkg_backend):
    store, cfg = gpkg_backend
    _, _, body = get(app_of(store, cfg), "/ogc", {"host": "noi-bo.local:8080", "x-forwarded-proto": "https"})
    assert json.loads(body)["links"][0]["href"].startswith("https://noi-bo.local:8080/ogc")
    _, _, body = get(app_of(store, cfg, public_url="https://moitruong.hanoi.gov.vn/bang-dieu-khien"), "/ogc")
    assert json.loads(body)["links"][0]["href"].startswith("https://moitruong.hanoi.gov.vn/bang-dieu-khien/ogc")


def test_under_a_path_prefix_every_service_moves_with_it(gpkg_backend):
    from starlette.applications import Starlette

    from geo.services.http import Services

    store, cfg = gpkg_backend
    app = Starlette(routes=Services(lambda: store, lambda: cfg, "/hanoi").routes())
    assert get(app, "/hanoi/ogc/collections")[0] == 200 and get(app, "/hanoi/thay-doi.atom")[0] == 200
    assert get(app, "/hanoi/tai-ve/co-so.csv")[0] == 200
    assert get(app, "/ogc/collections")[0] == 404
    _, _, body = get(app, "/hanoi/ogc")
    assert json.loads(body)["links"][0]["href"].startswith("http://dash.example.vn/hanoi/ogc")


def test_a_store_that_fails_is_a_json_503_not_a_traceback(gpkg_backend):
    from starlette.applications import Starlette

    from geo.errors import Message, StoreError
    from geo.services.http import Services

    def broken():
        raise StoreError(Message("Không kết nối được", "Cannot connect"))

    app = Starlette(routes=Services(broken, lambda: gpkg_backend[1]).routes())
    status, _, body = get(app, "/ogc/collections/sites/items")
    assert status == 503 and json.loads(body) == {"code": "Unavailable", "description": "Cannot connect"}
