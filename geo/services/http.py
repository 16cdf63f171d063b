"""The services' routes, mounted beside the dashboard in the same ASGI server (see :mod:`ui.server`).

Read-only (GET and HEAD only), public data only, each client limited to
``HANOI_SERVICE_RATE`` requests a minute (then 429 with ``Retry-After``), every error
as JSON. The OpenAPI document at ``/ogc/openapi`` describes the OGC API and, beside it,
the downloads and the feed.
"""

from __future__ import annotations

import logging
import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from geo.errors import DashboardError
from geo.services import downloads, feed, mapdata, ogc
from geo.services.context import ServiceContext
from geo.services.limits import RateLimit, client_of

log = logging.getLogger("hanoi.services")


class Services:
    """The process's services over one store, made on the first request (the dashboard may start without them)."""

    def __init__(self, open_store, read_settings, prefix: str = ""):
        self.open_store, self.read_settings = open_store, read_settings
        self.prefix = prefix.rstrip("/")
        self._lock = threading.Lock()
        self._ready = None

    def ready(self):
        with self._lock:
            if self._ready is None:
                cfg = self.read_settings()
                context = ServiceContext(self.open_store(), cfg)
                self._ready = (cfg, context, ogc.Service(context, openapi_paths), RateLimit(cfg.service_rate_per_minute))
            return self._ready

    def base_url(self, request: Request) -> str:
        """Where the dashboard is reached: HANOI_PUBLIC_URL, else the request's own scheme, host and prefix."""
        cfg = self.ready()[0]
        if cfg.public_url:
            return cfg.public_url.rstrip("/")
        scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
        host = request.headers.get("x-forwarded-host") or request.headers.get("host") or request.url.netloc
        return f"{scheme}://{host}{self.prefix}"

    # -- the handlers ------------------------------------------------------------
    def limited(self, handler):
        async def wrapped(request: Request):
            try:
                _, _, _, limit = self.ready()
            except DashboardError as exc:
                return _error(503, "Unavailable", exc.text("en"))
            wait = limit.take(client_of(request.client.host if request.client else None, request.headers))
            if wait:
                return _error(429, "TooManyRequests", f"too many requests; try again in {wait:.0f} s",
                              headers={"Retry-After": str(max(1, round(wait)))})
            try:
                return await handler(request)
            except DashboardError as exc:
                return _error(503, "Unavailable", exc.text("en"))
            except Exception:  # noqa: BLE001 - a service answers in JSON whatever went wrong; the log has the rest
                log.exception("service request failed: %s", request.url.path)
                return _error(500, "ServerError", "the request failed on the server; it has been logged")
        return wrapped

    async def ogc(self, request: Request, api_name: str, *args):
        import pygeoapi.api as core_api
        import pygeoapi.api.itemtypes as items_api

        query, refused = ogc.json_only_query(dict(request.query_params))
        if refused:
            return _error(400, "InvalidParameterValue", refused)
        scope = dict(request.scope, query_string=ogc.query_string(query))
        function = {"landing": core_api.landing_page, "openapi": core_api.openapi_, "conformance": core_api.conformance,
                    "collections": core_api.describe_collections, "schema": core_api.get_collection_schema,
                    "queryables": items_api.get_collection_queryables, "items": items_api.get_collection_items,
                    "item": items_api.get_collection_item}[api_name]
        service = self.ready()[2]
        headers, status, content = await ogc.call(service, self.base_url(request), Request(scope, request.receive), function, *args)
        content = ogc.without_html_links(content) if "json" in str(headers.get("Content-Type", "")) else content
        headers = {k: v for k, v in dict(headers).items() if k.lower() != "content-length"}  # the body may have changed
        if api_name in ("items", "item") and status == 200 and query.get("f", "json") == "json":
            headers["Content-Type"] = "application/geo+json"
        return Response(content if isinstance(content, (str, bytes)) else str(content), status_code=status, headers=headers)

    async def download(self, request: Request):
        fmt = request.path_params["fmt"]
        if fmt not in downloads.FORMATS:
            return _error(404, "NotFound", f"no such format '{fmt}'; use one of {', '.join(downloads.FORMATS)}")
        _, context, _, _ = self.ready()
        base = self.base_url(request)

        def make():
            view = context.read_link(_query(request))
            return view, downloads.sites_file(context, view, fmt, base)

        view, file = await run_in_threadpool(make)
        headers = {"Content-Disposition": _attachment(file.filename), "X-Rows": str(file.rows), "Cache-Control": "no-store"}
        if view.notices:
            headers["X-Ignored-Parameters"] = ",".join(sorted({n.param for n in view.notices}))
        return Response(file.content, media_type=file.media_type, headers=headers)

    async def feed(self, request: Request):
        _, context, _, _ = self.ready()
        base = self.base_url(request)
        self_url = f"{base}{feed.PATH}" + (f"?{request.url.query}" if request.url.query else "")
        content = await run_in_threadpool(lambda: feed.atom(context, context.read_link(_query(request)), base, self_url))
        return Response(content, media_type="application/atom+xml; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def map_data(self, request: Request):
        """A registered map payload: gzipped when the browser accepts it, cached by it for good."""
        try:
            item = await run_in_threadpool(mapdata.REGISTRY.get, request.path_params["key"])
        except Exception:  # noqa: BLE001 - the map says it could not load its sites; the log has the rest
            log.exception("map data failed: %s", request.url.path)
            return _error(500, "ServerError", "the map's data could not be made; it has been logged")
        if item is None:
            return _error(404, "NotFound", "no map data under this key; reload the map page")
        raw, packed = item
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding",
                   "ETag": f'"{request.path_params["key"]}"'}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(packed, media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})
        return Response(raw, media_type="application/json", headers=headers)

    def routes(self) -> list[Route]:
        p = self.prefix
        ogc_routes = [
            ("", "landing", ()), ("/openapi", "openapi", ()), ("/conformance", "conformance", ()), ("/collections", "collections", ()),
            ("/collections/{cid}", "collections", ("cid",)), ("/collections/{cid}/schema", "schema", ("cid",)),
            ("/collections/{cid}/queryables", "queryables", ("cid",)), ("/collections/{cid}/items", "items", ("cid",)),
            ("/collections/{cid}/items/{iid}", "item", ("cid", "iid")),
        ]
        out = []
        for path, name, args in ogc_routes:
            async def handler(request: Request, name=name, args=args):
                return await self.ogc(request, name, *(request.path_params[a] for a in args))
            out.append(Route(f"{p}{ogc.PREFIX}{path}", self.limited(handler), methods=["GET"]))
        async def unknown(request: Request):
            return _error(404, "NotFound", f"no such resource: {request.url.path}; start at {p}{ogc.PREFIX}")
        out.append(Route(f"{p}{ogc.PREFIX}/{{rest:path}}", unknown, methods=["GET"]))
        out.append(Route(p + downloads.PATH + ".{fmt}", self.limited(self.download), methods=["GET"]))
        out.append(Route(p + feed.PATH, self.limited(self.feed), methods=["GET"]))
        # The map page's own data: not an API, so not counted against the rate of a client.
        out.append(Route(p + mapdata.PATH + "/{key}.json", self.map_data, methods=["GET"]))
        return out


def _query(request: Request) -> dict[str, list[str]]:
    return {k: request.query_params.getlist(k) for k in request.query_params.keys()}


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    plain = filename.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def _error(status: int, code: str, description: str, headers: dict | None = None) -> JSONResponse:
    """An error as OGC API - Features writes one (code and description), for every route here."""
    return JSONResponse({"code": code, "description": description}, status_code=status, headers=headers)


def openapi_paths(base_url: str) -> dict:
    """The downloads and the feed, described for the OpenAPI document beside the OGC API's own paths
    (which are relative to ``/ogc``; these name their own server, the dashboard's root)."""
    link_params = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"},
                    "description": "a parameter of the dashboard's link (the same filters, date and language)"}
                   for name in ("lang", "q", "kind", "od", "nu", "ww", "op", "hw", "ep", "band", "when", "asof", "only_short", "sort")]
    return {
        f"{downloads.PATH}.{{fmt}}": {"servers": [{"url": base_url}], "get": {
            "summary": "The Sites page's list for a link's view, as a file",
            "description": "Exactly the rows the Sites page shows for the same query string, with the same metadata; "
                           "fmt is csv, xlsx, geojson or gpkg.",
            "parameters": [{"name": "fmt", "in": "path", "required": True, "schema": {"type": "string", "enum": list(downloads.FORMATS)}},
                           *link_params],
            "responses": {"200": {"description": "the file"}, "404": {"description": "unknown format"},
                          "429": {"description": "too many requests"}}}},
        feed.PATH: {"servers": [{"url": base_url}], "get": {
            "summary": "Atom feed of the changes at a link's sites",
            "description": "Status records, inspections and imports of the sites the same link shows, newest first "
                           f"(at most {feed.MAX_ENTRIES}); illustrative records left out.",
            "parameters": link_params,
            "responses": {"200": {"description": "an Atom feed", "content": {"application/atom+xml": {}}},
                          "429": {"description": "too many requests"}}}},
        "/healthz": {"servers": [{"url": base_url}], "get": {"summary": "Whether the store answers", "responses": {"200": {"description": "ok"},
                                                                                    "503": {"description": "the store is unavailable"}}}},
    }
