"""The one server: the dashboard as Streamlit's ASGI app, and the routes beside it.

``dashboard.py`` declares ``app = server.app(...)``; ``streamlit run`` (and so ``python
dashboard.py``) finds it and serves both. Beside the dashboard: ``/healthz``, the sign-in
cookie, the services, and three middlewares: an address naming no page gets the dashboard's own
"page not found" page (Streamlit's frontend would show an English dialog and then the overview);
a page's HTML shell carries :mod:`ui.shell`'s hints; Leaflet's files, named by version, are kept
by the browser.
"""

from __future__ import annotations

import gzip
import logging
import re
from urllib.parse import quote

import streamlit as st
from streamlit import file_util
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from geo import settings
from geo.errors import DashboardError
from ui import shell

log = logging.getLogger("hanoi.server")

#: The page that says an address names no page (registered, hidden, by the router).
NOT_FOUND_PATH = "khong-tim-thay"
#: First path segments that are never pages: Streamlit's own routes and this server's.
RESERVED = {"_stcore", "static", "app", "media", "component", "healthz", "auth", "favicon.png", "manifest.json", "robots.txt",
            "ogc", "tai-ve", "du-lieu-ban-do"}
#: The browser's sign-in cookie: HTTP-only, so no script of the page can read it.
COOKIE = "hanoi_session"
SESSION_PATH = "/auth/session"


def _prefix() -> str:
    """``server.baseUrlPath`` as a path: "" or "/x"."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def prefixed(path: str) -> str:
    """An address of this server's own ("/auth/session", "/app/static/...") under ``server.baseUrlPath``."""
    return _prefix() + path if path.startswith("/") else path


def _page_path(scope) -> str:
    """The request's path below ``server.baseUrlPath``, without slashes at either end."""
    base, path = _prefix().strip("/"), scope.get("path", "/").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    return path


def _page_set(page_paths) -> set[str]:
    """The pages' paths as :func:`_page_path` gives them, with the overview's ("") and the not-found page's."""
    return {p.strip("/") for p in page_paths} | {"", NOT_FOUND_PATH}


class PagesOnly:
    """An HTTP GET for a path that is no page (nor a file, nor a route) is sent to the not-found page."""

    def __init__(self, app, page_paths):
        self.app = app
        self.page_paths = _page_set(page_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") == "GET":
            path = _page_path(scope)
            segments = path.split("/")
            # The frontend also asks for its files and API below a page's path (/ban-do/_stcore/...).
            if path not in self.page_paths and not RESERVED & set(segments) and "." not in segments[-1]:
                query = scope.get("query_string", b"").decode("latin-1")  # the filters of the link survive
                target = f"{_prefix()}/{NOT_FOUND_PATH}?from={quote('/' + path)}" + (f"&{query}" if query else "")
                response = RedirectResponse(target, status_code=302)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class PageShell:
    """A page's HTML shell goes out with :func:`ui.shell.hints` (the server's address, the page's code
    preloaded). It is asked of Streamlit uncompressed and gzipped here, for a browser that takes gzip.
    Anything else, or a shell that is partial or not 200, passes as it came."""

    def __init__(self, app, page_paths):
        self.app = app
        self.page_paths = _page_set(page_paths)

    async def __call__(self, scope, receive, send):
        path = _page_path(scope) if scope["type"] == "http" and scope.get("method") == "GET" else None
        if path not in self.page_paths:
            await self.app(scope, receive, send)
            return
        accepts = b", ".join(v for k, v in scope.get("headers", []) if k.lower() == b"accept-encoding")
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]}
        start, chunks = None, []

        async def hold(message):
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = list(start.get("headers", []))
            names = {k.lower(): v for k, v in headers}
            body = b"".join(chunks)
            if start["status"] == 200 and names.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in names:
                body = shell.hints(body, _prefix(), shell.EVERY_PAGE + shell.PAGE_ELEMENTS.get(path, ()), file_util.get_static_dir(),
                                   shell.PAGE_FILES.get(path, ()))
                # The body is no longer the file the validators describe: a browser revalidating would keep a stale shell.
                headers = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"etag", b"last-modified", b"vary")]
                headers.append((b"vary", b"Accept-Encoding"))
                if re.search(rb"\bgzip\b", accepts):
                    body = gzip.compress(body, 6)
                    headers.append((b"content-encoding", b"gzip"))
                headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(plain, receive, hold)


#: Leaflet's files under a folder named with the package's version (geo.views.assets): ``app/static/vendor/leaflet-1.9.3/...``.
_VENDOR_FILE = re.compile(r"^app/static/vendor/[a-z]+-\d+(?:\.\d+)*[\w.-]*/.+")


class KeepVendorFiles:
    """Leaflet's files are kept by the browser for good: their address names the package's version. Streamlit sends
    its static files with no lifetime, so a returning browser asked again for each once the heuristic ran out."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = _page_path(scope) if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") else ""
        if not _VENDOR_FILE.match(path):
            await self.app(scope, receive, send)
            return

        async def keep(message):
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", b"public, max-age=31536000, immutable")]}
            await send(message)

        await self.app(scope, receive, keep)


_store = None


def store():
    """The configured store, opened once per process for the routes (the pages have their own cache)."""
    global _store
    if _store is None:
        from geo import storage

        _store = storage.open_store(settings.from_environ())
    return _store


async def healthz(request: Request):
    """Whether the store answers: 200 with its data version, or 503 saying why (no details)."""
    try:
        version = store().data_version()
    except DashboardError as exc:
        return JSONResponse({"status": "unavailable", "reason": exc.text("en")}, status_code=503)
    except Exception:  # noqa: BLE001 - a health check answers, whatever went wrong; the log has the rest
        log.exception("health check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "data_version": version})


async def session_cookie(request: Request):
    """POST {"code": ...}: trade a one-time code for the sign-in cookie. DELETE: sign that cookie out and drop it.

    Only the page itself can call this: a JSON body cannot be sent across sites without the
    browser asking first (which this route never allows), and the cookie is SameSite=Strict.
    """
    from geo.access import auth

    if request.method == "DELETE":
        await run_in_threadpool(auth.sign_out, store(), request.cookies.get(COOKIE))
        response = Response(status_code=204)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response
    if not request.headers.get("content-type", "").startswith("application/json"):
        return JSONResponse({"status": "refused", "reason": "send the code as JSON"}, status_code=415)
    try:
        body = await request.json()
        code = str(body.get("code", "")) if isinstance(body, dict) else ""
    except ValueError:
        code = ""
    hours = settings.from_environ().session_hours
    token = await run_in_threadpool(lambda: auth.exchange_handoff(store(), code, session_hours=hours))
    if token is None:
        return JSONResponse({"status": "refused", "reason": "unknown, used or expired code"}, status_code=403)
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"
    response = Response(status_code=204)
    response.set_cookie(COOKIE, token, max_age=int(hours * 3600), path="/", httponly=True, samesite="strict", secure=secure)
    return response


def routes() -> list[Route]:
    """The routes beside the dashboard, under ``server.baseUrlPath`` like the dashboard itself: the health check,
    the sign-in cookie, and the services (OGC API, downloads by link, the feed: :mod:`geo.services.http`)."""
    from geo.services.http import Services

    prefix = _prefix()
    services = Services(store, settings.from_environ, prefix)
    return [Route(prefix + "/healthz", healthz), Route(prefix + SESSION_PATH, session_cookie, methods=["POST", "DELETE"]),
            *services.routes()]


def middleware(page_paths) -> list[Middleware]:
    return [Middleware(PagesOnly, page_paths=page_paths), Middleware(PageShell, page_paths=page_paths), Middleware(KeepVendorFiles)]
