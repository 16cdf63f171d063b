"""Pieces every page shows: the as-of banner with the illustrative notice, the link box, link
notices, and the plain message that replaces a traceback."""

from __future__ import annotations

import contextlib
import logging
import secrets

import streamlit as st

from geo.errors import DashboardError
from geo.language import i18n
from ui import keys, markdown
from ui import view as view_mod

log = logging.getLogger("hanoi.dashboard")


def banner(view: view_mod.View, compact: bool = False) -> None:
    """The as-of date and, where any shown value is illustrative, a visible notice (one line when ``compact``)."""
    tr = view.tr
    if view.any_illustrative and compact:
        st.caption(":orange[:material/warning:] " + tr(
            "**Số liệu minh họa**: phần lớn trạng thái theo từng cơ sở là kịch bản giả định, không phải số liệu thật.",
            "**Illustrative data**: most per-site statuses come from a made-up scenario, not from real records."))
    elif view.any_illustrative:
        st.warning(tr(
            "**Số liệu minh họa.** Phần lớn trạng thái theo từng cơ sở chưa được công bố; các giá trị đánh dấu "
            "“minh họa” là kịch bản giả định để trình diễn, không phải số liệu thật.",
            "**Illustrative data.** Most per-site statuses are not public; values marked “illustrative” come from "
            "a made-up demonstration scenario, not from real records.",
        ), icon=":material/warning:")
    st.caption(tr("Trạng thái tại ngày ", "Status as of ") + i18n.format_date(view.as_of, view.lang)
               + tr(f" · {len(view.filtered)}/{len(view.state)} cơ sở theo bộ lọc",
                    f" · {len(view.filtered)}/{len(view.state)} sites match the filters"))


def compact_page() -> None:
    """Less empty space above a page's title, for pages whose content must fit a laptop's screen."""
    st.html("<style>.block-container, [data-testid='stMainBlockContainer'] { padding-top: 2.2rem; }</style>")


def link_box(view: view_mod.View) -> None:
    """A 'copy link' control: the link of exactly this view, with a copy button."""
    with st.popover(view.tr(":material/link: Sao chép liên kết", ":material/link: Copy link")):
        st.caption(view.tr("Liên kết mở lại đúng màn hình này:", "This link reopens exactly this view:"))
        st.code(view.link(), language=None, wrap_lines=True)


def link_notices(lang: str) -> None:
    """What the link asked for that could not be shown, as plain text (a link is outsiders' input)."""
    for notice in view_mod.notices():
        if notice.param != "site":  # the site page says it in words, with a search
            st.warning(markdown.text(notice.text(lang)), icon=":material/warning:")


class EndPage(Exception):
    """Raised by :func:`end_page`; the router catches it."""


def plan_counts(counts: dict, shown: dict[str, str]) -> None:
    """What an import would do, one metric per action (action -> label, in order)."""
    for column, (action, label) in zip(st.columns(len(shown)), shown.items()):
        column.metric(label, counts.get(action, 0))


def plan_problems(problems, lang: str) -> None:
    """Every problem of an import plan with its row, column and fix; and that nothing was written."""
    if not problems:
        return
    import pandas as pd

    tr = i18n.translator(lang)
    st.error(tr(f"{len(problems)} lỗi: sửa trong tệp rồi tải lên lại; chưa ghi gì.",
                f"{len(problems)} problem(s): fix them in the file and upload again; nothing was written."))
    st.dataframe(pd.DataFrame({tr("Dòng", "Row"): [p.row or "—" for p in problems], tr("Cột", "Column"): [p.column for p in problems],
                               tr("Lỗi và cách sửa", "Problem and fix"): [p.message.text(lang) for p in problems]}),
                 hide_index=True, width="stretch")


def end_page() -> None:
    """Stop drawing this page, but not the run: ``st.stop()`` would also skip what the router does
    after the page (writing the view's link to the address, the navigation), so a page with
    nothing more to show ends with this instead."""
    raise EndPage


@contextlib.contextmanager
def guard():
    """No traceback, path or SQL for visitors: an error the user can fix is said in words; any
    other gets a reference number on screen and its details in the server log only."""
    try:
        yield
    except DashboardError as exc:
        st.error(markdown.text(exc.text(st.session_state.get(keys.LANG, "vi"))), icon=":material/error:")
    except Exception:  # Streamlit's own stop and rerun are BaseExceptions and pass through
        reference = secrets.token_hex(4).upper()
        log.exception("unexpected error, reference %s", reference)
        tr = i18n.translator(st.session_state.get(keys.LANG, "vi"))
        st.error(tr(f"Đã xảy ra lỗi ngoài dự kiến; thao tác vừa rồi chưa được thực hiện. Hãy tải lại trang; nếu lỗi vẫn còn, "
                    f"báo quản trị viên mã tham chiếu {reference}.",
                    f"Something went wrong; the last action was not carried out. Reload the page; if it happens again, "
                    f"give the administrator the reference {reference}."), icon=":material/error:")
