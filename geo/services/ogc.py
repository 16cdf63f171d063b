"""OGC API - Features for the sites, served by pygeoapi under ``/ogc`` in the dashboard's own server.

pygeoapi answers the standard's questions (landing page, conformance, collections, items,
paging links, queryables, its OpenAPI document, errors as JSON); the data comes from
:class:`geo.services.ogc_provider.SitesProvider`. Its configuration is built here from the
settings, not from a file, and only JSON is served: pygeoapi's HTML pages load their map
scripts from a CDN, which this product never does.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
from urllib.parse import urlencode

from geo.services import ogc_provider

#: Hanoi's extent (WGS 84), for the collection's metadata.
HANOI_BBOX = [105.28, 20.56, 106.02, 21.39]
DEFAULT_ITEMS, MAX_ITEMS = 100, 1000
PREFIX = "/ogc"
COLLECTION = "sites"


def config(base_url: str) -> dict:
    """pygeoapi's configuration for this product, its links rooted at ``base_url`` (scheme, host and any path prefix)."""
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 0},
            "url": base_url.rstrip("/") + PREFIX,
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["vi", "en"],
            "limits": {"default_items": DEFAULT_ITEMS, "max_items": MAX_ITEMS, "on_exceed": "throttle"},
            "map": {"url": "", "attribution": ""},
            "pretty_print": False,
            "cors": False,
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": {"vi": "Làng nghề, cụm và khu công nghiệp Hà Nội: hiện trạng môi trường",
                          "en": "Hanoi craft villages and industrial clusters: environmental status"},
                "description": {"vi": "Các cơ sở và hiện trạng môi trường theo Kế hoạch 307/KH-UBND và kỳ 2026-2030; chỉ đọc, dữ liệu công khai. "
                                      "Giá trị minh họa được đánh dấu ở trường illustrative.",
                                "en": "Sites and their environmental status under Plan 307/KH-UBND and the 2026-2030 period; read-only, "
                                      "public data. Illustrative values are flagged in the illustrative field."},
                "keywords": {"vi": ["làng nghề", "cụm công nghiệp", "môi trường", "Hà Nội"],
                             "en": ["craft villages", "industrial clusters", "environment", "Hanoi"]},
                "keywords_type": "theme",
                "terms_of_service": "https://creativecommons.org/licenses/by/4.0/",
                "url": base_url,
            },
            "license": {"name": "CC-BY 4.0 (dữ liệu tổng hợp từ nguồn công khai; xem trường source)",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "Bảng điều khiển tuân thủ môi trường Hà Nội", "url": base_url},
            "contact": {"name": "—", "position": "—", "address": "—", "city": "Hà Nội", "stateorprovince": "Hà Nội",
                        "postalcode": "—", "country": "Việt Nam", "phone": "—", "fax": "—", "email": "—", "url": base_url,
                        "hours": "—", "instructions": "—", "role": "pointOfContact"},
        },
        "resources": {
            COLLECTION: {
                "type": "collection",
                "title": {"vi": "Cơ sở (làng nghề, cụm, khu công nghiệp)", "en": "Sites (craft villages, clusters, parks)"},
                "description": {"vi": "Mỗi cơ sở với hiện trạng tại hôm nay, hoặc tại ngày hỏi (asof=YYYY-MM-DD hoặc datetime).",
                                "en": "Every site with its status today, or on the date asked for (asof=YYYY-MM-DD or datetime)."},
                "keywords": ["sites", "làng nghề", "cụm công nghiệp"],
                "links": [],
                "extents": {"spatial": {"bbox": HANOI_BBOX, "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"},
                            "temporal": {"begin": dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), "end": None}},
                "providers": [{"type": "feature", "name": "geo.services.ogc_provider.SitesProvider", "data": "store",
                               "id_field": "site_id", "title_field": "name", "include_extra_query_parameters": True}],
            },
        },
    }


class Service:
    """pygeoapi's API object for a base URL (one per scheme, host and prefix the server is reached by)."""

    def __init__(self, context, extra_paths=None):
        ogc_provider.CONTEXT = context
        self.extra_paths = extra_paths or (lambda base_url: {})
        self._apis: dict = {}

    def api(self, base_url: str):
        if base_url not in self._apis:
            from pygeoapi.api import API
            from pygeoapi.openapi import get_oas

            cfg = config(base_url)
            document = get_oas(copy.deepcopy(cfg))
            paths = document.setdefault("paths", {})
            for path in [p for p in paths if p.startswith("/jobs")]:  # OGC API - Processes: not offered here
                del paths[path]
            paths.update(self.extra_paths(base_url))
            self._apis[base_url] = API(cfg, document)
        return self._apis[base_url]


def json_only_query(query: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The query with ``f=json`` when it names no format; an error when it asks for HTML (never served)."""
    fmt = query.get("f")
    if fmt is None:
        return {**query, "f": "json"}, None
    if fmt.lower() == "html":
        return query, "HTML is not served here; use f=json (GeoJSON) or f=jsonld"
    return query, None


async def call(service: Service, base_url: str, request, api_function, *args):
    """Run one pygeoapi API function for a Starlette request, off the event loop; (headers, status, content)."""
    from pygeoapi.api import APIRequest

    api = service.api(base_url)
    api_request = await APIRequest.from_starlette(request, api.locales)
    if not api_request.is_valid():
        return api.get_format_exception(api_request)
    loop = asyncio.get_running_loop()

    def run():
        asyncio.set_event_loop(loop)
        return api_function(api, api_request, *args)

    return await loop.run_in_executor(None, run)


def without_html_links(content):
    """pygeoapi's JSON, without the links to HTML pages this server does not serve."""
    import json

    try:
        doc = json.loads(content)
    except (TypeError, ValueError):
        return content

    def strip(node):
        if isinstance(node, dict):
            if isinstance(node.get("links"), list):
                node["links"] = [link for link in node["links"] if not (isinstance(link, dict) and link.get("type") == "text/html")]
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)
        return node

    return json.dumps(strip(doc), ensure_ascii=False)


def query_string(query: dict[str, str]) -> bytes:
    return urlencode(query, doseq=False).encode("latin-1", errors="ignore")
