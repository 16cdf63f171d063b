"""Exports by link: the Sites page's four files for the view a link opens, at an address of their own.

``/tai-ve/co-so.xlsx?od=276&ww=none`` holds exactly the rows the Sites page shows for
``/danh-sach?od=276&ww=none``, with the same metadata (filters in words, the date, the link
that reopens the view, the sources, and the illustrative notice where it applies), so a link
in an e-mail downloads that list.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.core import links
from geo.io import exports
from geo.language import i18n
from geo.services.context import LinkView, ServiceContext
from geo.views import tables

PATH = "/tai-ve/co-so"
SITES_PAGE = "danh-sach"
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3"}


@dataclass
class Download:
    content: bytes
    media_type: str
    filename: str
    rows: int


def sites_file(context: ServiceContext, view: LinkView, fmt: str, base_url: str) -> Download:
    """The file the Sites page would give for this view."""
    lang, rows = view.lang, view.rows
    described = view.chosen.describe(lang, context.areas(), context.targets)
    if view.only_short:
        described[i18n.pick(lang, "Chỉ cơ sở chưa đạt", "Only sites falling short")] = i18n.pick(lang, "Có", "Yes")
    marked = bool(rows["illustrative"].any()) if len(rows) else False
    link = links.share_url(base_url, SITES_PAGE, view.params)
    meta = exports.metadata(lang, view.as_of, described, link, marked, len(rows))
    stem = exports.file_stem(lang, i18n.pick(lang, "danh sách cơ sở", "sites"), described.values(), view.as_of)
    table = tables.display_table(rows, lang, screen=False)
    content = {"csv": lambda: exports.to_csv(table, meta), "xlsx": lambda: exports.to_xlsx(table, meta),
               "geojson": lambda: exports.to_geojson(rows, table, meta), "gpkg": lambda: exports.to_gpkg(rows, table, meta)}[fmt]()
    return Download(content, FORMATS[fmt], f"{stem}.{fmt}", len(rows))
