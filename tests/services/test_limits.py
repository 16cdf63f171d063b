from geo.services.limits import RateLimit, client_of
from tests.services.conftest import app_of, get, get_json


def test_a_bucket_refills_with_time():
    now = [0.0]
    limit = RateLimit(60, clock=lambda: now[0])
    assert [limit.take("a") for _ in range(60)] == [0.0] * 60
    assert limit.take("a") > 0 and limit.take("b") == 0.0       # one client's burst is not another's
    now[0] += 1.0
    assert limit.take("a") == 0.0


def test_the_client_is_the_peer_unless_a_local_proxy_says_whom_it_forwarded():
    assert client_of("10.0.0.5", {"x-real-ip": "1.2.3.4"}) == "10.0.0.5"
    assert client_of("127.0.0.1", {"x-real-ip": "1.2.3.4"}) == "1.2.3.4"
    assert client_of("127.0.0.1", {}) == "127.0.0.1"


def test_too_many_requests_get_429_with_when_to_come_back(gpkg_backend):
    app = app_of(*gpkg_backend, service_rate_per_minute=3)
    assert [get(app, "/ogc/conformance")[0] for _ in range(3)] == [200, 200, 200]
    status, head, body = get(app, "/ogc/conformance")
    assert status == 429 and int(head["retry-after"]) >= 1 and b"TooManyRequests" in body
    assert get(app, "/ogc/conformance", {"x-real-ip": "9.9.9.9"})[0] == 200   # another client behind the local proxy


def test_nothing_private_leaves_through_any_service(gpkg_backend):
    from geo.access import auth
    from geo.core import published

    store, cfg = gpkg_backend
    auth.create_user(store, None, "bi-mat", "mat-khau-rat-dai-2025", "admin", "Người Bí Mật", email="bimat@example.vn")
    app = app_of(store, cfg)
    _, doc = get_json(app, "/ogc/collections/sites/items?limit=1000")
    assert set(doc["features"][0]["properties"]) == set(published.COLUMNS)
    for path in ("/ogc/collections/sites/items?limit=1000", "/ogc/collections/sites/queryables", "/ogc/openapi?f=json",
                 "/tai-ve/co-so.csv", "/tai-ve/co-so.geojson", "/thay-doi.atom"):
        _, _, body = get(app, path)
        text = body.decode("utf-8", "replace")
        for secret in ("bi-mat", "bimat@example.vn", "argon2", "password_hash", "session", str(cfg.store_path)):
            assert secret not in text, (path, secret)
