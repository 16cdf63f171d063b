"""An Atom feed of what changed at the sites of a view: status records, inspections, imports.

``/thay-doi.atom?od=276`` follows the sites the same link shows on the dashboard. Entries are
the store's own append-only records, newest first (a correction or a withdrawal is an entry
of its own); illustrative records are left out, and the feed says so. Who recorded an entry
stays inside: an entry names its source document or inspecting agency, never a user.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pandas as pd
from feedgen.feed import FeedGenerator

from geo.core import history, inspections, links, vocab
from geo.language import dates, i18n
from geo.services.context import LinkView, ServiceContext

PATH = "/thay-doi.atom"
MAX_ENTRIES = 200
SITE_PAGE = "chi-tiet"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def entries(context: ServiceContext, view: LinkView) -> list[dict]:
    """The feed's entries for the view's sites, newest first: kind, id, site, when, title, summary."""
    lang = view.lang
    ids = set(view.rows["site_id"])
    today = context.state(dates.today())
    names = dict(zip(today["site_id"], today["name"]))
    out = []
    changes = context.store.read_history()
    real = changes[changes["site_id"].isin(ids) & ~changes["illustrative"].astype(bool)]
    for r in real.itertuples():
        value = i18n.pick(lang, "rút lại", "withdrawn") if r.value == history.RETRACTED else vocab.label(r.field, r.value, lang)
        what = i18n.field_label(r.field, lang)
        title = f"{names.get(r.site_id, r.site_id)}: {what} → {value}"
        if r.supersedes:
            title += i18n.pick(lang, " (đính chính)", " (correction)")
        summary = i18n.pick(lang, f"{what}: {value}, từ ngày {i18n.format_date(r.effective_date, lang)}. Nguồn: {r.source}",
                            f"{what}: {value}, from {i18n.format_date(r.effective_date, lang)}. Source: {r.source}")
        out.append({"kind": "change", "id": r.record_id, "site_id": r.site_id, "when": r.recorded_at, "title": title, "summary": summary})
    visits = context.store.read_inspections()
    for r in visits[visits["site_id"].isin(ids)].itertuples():
        if r.findings == inspections.RETRACTED:
            title = i18n.pick(lang, f"{names.get(r.site_id, r.site_id)}: rút lại biên bản kiểm tra ngày {i18n.format_date(r.inspection_date, lang)}",
                              f"{names.get(r.site_id, r.site_id)}: inspection of {i18n.format_date(r.inspection_date, lang)} withdrawn")
            summary = r.note
        else:
            title = i18n.pick(lang, f"{names.get(r.site_id, r.site_id)}: kiểm tra ngày {i18n.format_date(r.inspection_date, lang)} ({r.agency})",
                              f"{names.get(r.site_id, r.site_id)}: inspection of {i18n.format_date(r.inspection_date, lang)} ({r.agency})")
            summary = f"{r.findings} · {vocab.label('follow_up', r.follow_up, lang)}"
        out.append({"kind": "inspection", "id": r.record_id, "site_id": r.site_id, "when": r.recorded_at, "title": title, "summary": summary})
    for r in context.store.read_imports().itertuples():
        touched = set(json.loads(r.created or "[]"))
        own = set(json.loads(r.change_ids or "[]"))
        touched |= set(changes.loc[changes["record_id"].isin(own), "site_id"]) | set(visits.loc[visits["record_id"].isin(own), "site_id"])
        if not touched & ids:
            continue
        kind = {"revert": i18n.pick(lang, "Hoàn tác lần nhập", "Import reverted"), "field": i18n.pick(lang, "Nhập kết quả hiện trường",
                "Field inspections imported")}.get(r.kind, i18n.pick(lang, "Nhập danh sách", "List imported"))
        count = len(touched & ids)
        out.append({"kind": "import", "id": r.import_id, "site_id": "", "when": r.imported_at,
                    "title": f"{kind}: {r.filename} ({i18n.format_number(count, lang)} {i18n.pick(lang, 'cơ sở', 'sites')})",
                    "summary": i18n.pick(lang, f"Nguồn: {r.source}", f"Source: {r.source}")})
    out.sort(key=lambda e: e["when"] or "", reverse=True)
    return out[:MAX_ENTRIES]


def atom(context: ServiceContext, view: LinkView, base_url: str, self_url: str) -> bytes:
    """The feed as Atom XML."""
    lang = view.lang
    items = entries(context, view)
    host = urlsplit(base_url).hostname or "localhost"
    fg = FeedGenerator()
    fg.id(self_url)
    described = view.chosen.describe(lang, context.areas(), context.targets)
    scope = "; ".join(f"{k}: {v}" for k, v in described.items()) or i18n.pick(lang, "toàn thành phố", "the whole city")
    fg.title(_clean(i18n.pick(lang, f"Thay đổi tại các cơ sở ({scope})", f"Changes at the sites ({scope})")))
    fg.subtitle(_clean(i18n.pick(lang, "Ghi nhận trạng thái, biên bản kiểm tra và các lần nhập; không gồm bản ghi minh họa.",
                                 "Status records, inspections and imports; illustrative records are left out.")))
    fg.author({"name": i18n.pick(lang, "Bảng điều khiển tuân thủ môi trường Hà Nội", "Hanoi environmental compliance dashboard")})
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=links.share_url(base_url, "danh-sach", view.params), rel="alternate", type="text/html")
    fg.language(lang)
    fg.updated(_when(items[0]["when"]) if items else _when(dates.stamp()))
    for item in reversed(items):  # feedgen puts each new entry first
        entry = fg.add_entry()
        entry.id(f"tag:{host},2026:{item['kind']}/{item['id']}")
        entry.title(_clean(item["title"]))
        entry.updated(_when(item["when"]))
        entry.summary(_clean(item["summary"]))
        if item["site_id"]:
            entry.link(href=links.share_url(base_url, SITE_PAGE, {"site": item["site_id"], "lang": lang}), rel="alternate")
    return fg.atom_str(pretty=False)


def _when(stamp: str):
    return dates.parse_datetime(stamp) or dates.parse_datetime(dates.stamp())


def _clean(value) -> str:
    """Text XML can carry (no control characters), from anything a record holds."""
    return _CONTROL.sub("", "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
