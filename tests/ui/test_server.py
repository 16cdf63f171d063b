"""The routes beside the dashboard, called as the ASGI server calls them (no browser, no HTTP client)."""

import asyncio
import concurrent.futures
import json

import pytest

from geo import storage as store
from geo.access import auth
from geo.views import assets
from tests.conftest import settings_for
from ui import server


def call(app, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    """One request through an ASGI app: (status, headers as a list of (name, value), body)."""
    path, _, query = path.partition("?")
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query.encode(),
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 5000), "root_path": ""}
    sent, received = [], False

    async def receive():
        nonlocal received
        if received:
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    # A thread of its own: a browser test's driver may already run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return (start["status"], [(k.decode(), v.decode()) for k, v in start["headers"]],
            b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))


@pytest.fixture
def s(tmp_path, monkeypatch):
    path = tmp_path / "srv.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.setattr(server, "_store", None)
    st_ = store.open_store(settings_for(path))
    auth.create_user(st_, None, "admin", "quan-tri-vien-2025", "admin")
    return st_


def routes():
    from starlette.applications import Starlette

    return Starlette(routes=server.routes())


def test_a_code_buys_an_http_only_strict_cookie_once(s):
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    body = json.dumps({"code": auth.handoff(s, token)}).encode()
    status, headers, _ = call(routes(), "POST", server.SESSION_PATH, body, {"content-type": "application/json"})
    assert status == 204
    cookie = dict(headers)["set-cookie"]
    assert cookie.startswith(server.COOKIE + "=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert auth.current_user(s, value).username == "admin"
    again, _, _ = call(routes(), "POST", server.SESSION_PATH, body, {"content-type": "application/json"})
    assert again == 403


def test_a_form_post_from_another_site_is_refused(s):
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    form = f"code={auth.handoff(s, token)}".encode()
    status, headers, _ = call(routes(), "POST", server.SESSION_PATH, form, {"content-type": "application/x-www-form-urlencoded"})
    assert status == 415 and "set-cookie" not in dict(headers)


def test_signing_out_ends_the_cookie_session_and_drops_the_cookie(s):
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    cookie = auth.exchange_handoff(s, auth.handoff(s, token))
    status, headers, _ = call(routes(), "DELETE", server.SESSION_PATH, headers={"cookie": f"{server.COOKIE}={cookie}"})
    assert status == 204 and 'hanoi_session=""' in dict(headers)["set-cookie"]
    assert auth.current_user(s, cookie) is None


class Streamlitish:
    """An inner app that answers every request with one response, and keeps the scopes it was given."""

    def __init__(self, status: int, headers: dict, body: bytes, chunks: int = 1):
        self.status, self.headers, self.body, self.chunks, self.scopes = status, headers, body, chunks, []

    async def __call__(self, scope, receive, send):
        self.scopes.append(scope)
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(k.encode(), v.encode()) for k, v in self.headers.items()]})
        step = max(1, len(self.body) // self.chunks)
        parts = [self.body[i:i + step] for i in range(0, len(self.body), step)] or [b""]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})


SHELL_HTML = b'<html><head><meta charset="UTF-8" /><script type="module" crossorigin src="./static/js/index.X.js"></script></head></html>'
HTML_HEADERS = {"content-type": "text/html; charset=utf-8", "content-length": str(len(SHELL_HTML)), "etag": '"abc"',
                "cache-control": "no-cache"}


def test_a_page_shell_says_where_the_server_is_gzipped_for_a_browser_that_takes_gzip():
    import gzip

    inner = Streamlitish(200, HTML_HEADERS, SHELL_HTML, chunks=3)
    app = server.PageShell(inner, ["ban-do"])
    status, headers, body = call(app, "GET", "/ban-do?kind=ccn", headers={"accept-encoding": "gzip, deflate, br, zstd"})
    names = dict(headers)
    assert status == 200 and names["content-encoding"] == "gzip" and int(names["content-length"]) == len(body)
    html = gzip.decompress(body)
    assert b"BACKEND_BASE_URL" in html and html.index(b"BACKEND_BASE_URL") < html.index(b'<script type="module"')
    assert "etag" not in names and names["cache-control"] == "no-cache"
    # Streamlit was asked for the shell uncompressed, so that it could be read.
    assert not [v for k, v in inner.scopes[0]["headers"] if k == b"accept-encoding"]
    status, headers, body = call(app, "GET", "/", headers={})
    assert b"BACKEND_BASE_URL" in body and "content-encoding" not in dict(headers)


def test_anything_but_a_page_shell_passes_as_it_came():
    for path, status, headers, body in [
        ("/component/streamlit_folium.st_folium/index.html", 200, HTML_HEADERS, SHELL_HTML),  # a component's own page
        ("/ban-do", 304, {"etag": '"abc"'}, b""),
        ("/ban-do", 200, {"content-type": "application/json"}, b"{}"),
        ("/_stcore/health", 200, {"content-type": "text/plain"}, b"ok"),
    ]:
        app = server.PageShell(Streamlitish(status, headers, body), ["ban-do"])
        got_status, got_headers, got_body = call(app, "GET", path, headers={"accept-encoding": "gzip"})
        assert (got_status, got_body) == (status, body), path
        assert dict(got_headers) == headers, path




def test_leaflets_files_named_by_version_are_kept_for_good_and_nothing_else_is(monkeypatch):
    js = Streamlitish(200, {"content-type": "application/javascript", "etag": '"x"'}, b"x")
    kept = server.KeepVendorFiles(js)
    for url in [assets.LEAFLET_JS[0][1], assets.CLUSTER_CSS[0][1]]:
        _, headers, _ = call(kept, "GET", url)
        assert dict(headers)["cache-control"] == "public, max-age=31536000, immutable", url
    for url in ["/app/static/vendor/leaflet/leaflet.js", "/app/static/icon.png", "/ban-do", "/static/js/index.X.js"]:
        _, headers, _ = call(kept, "GET", url)
        assert "cache-control" not in dict(headers), url
    missing = server.KeepVendorFiles(Streamlitish(404, {"content-type": "text/plain"}, b"File not found"))
    assert "cache-control" not in dict(call(missing, "GET", assets.LEAFLET_JS[0][1])[1])   # a 404 is never kept
    # Under a path prefix the same files, below it.
    monkeypatch.setattr(server, "_prefix", lambda: "/hanoi")
    assert dict(call(kept, "GET", "/hanoi" + assets.LEAFLET_JS[0][1])[1])["cache-control"].endswith("immutable")
