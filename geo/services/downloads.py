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
from geo.services.context import LinkView, ServiceContext

PATH = "/tai-ve/co-so"
SITES_PAGE = "danh-sach"
FORMATS = {**exports.MEDIA_TYPES, "csv": "text/csv; charset=utf-8"}


@dataclass
class Download:
    content: bytes
    media_type: str
    filename: str
    rows: int


def sites_file(context: ServiceContext, view: LinkView, fmt: str, base_url: str) -> Download:
    """The file the Sites page would give for this view (:func:`geo.io.exports.sites_list`, as the page does)."""
    listing = exports.sites_list(view.rows, view.lang, view.as_of, view.chosen.describe(view.lang, context.areas(), context.targets),
                                 links.share_url(base_url, SITES_PAGE, view.params), view.only_short)
    return Download(listing.file(fmt), FORMATS[fmt], f"{listing.stem}.{fmt}", len(view.rows))
