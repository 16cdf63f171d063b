"""Pieces every page shows: the as-of banner with the illustrative notice, the link box, link notices."""

from __future__ import annotations

import streamlit as st

from geo.language import i18n
from ui import view as view_mod


def banner(view: view_mod.View) -> None:
    """The as-of date and, where any shown value is illustrative, a visible notice."""
    tr = view.tr
    if view.any_illustrative:
        st.warning(tr(
            "**Số liệu minh họa.** Phần lớn trạng thái theo từng cơ sở chưa được công bố; các giá trị đánh dấu "
            "“minh họa” là kịch bản giả định để trình diễn, không phải số liệu thật.",
            "**Illustrative data.** Most per-site statuses are not public; values marked “illustrative” come from "
            "a made-up demonstration scenario, not from real records.",
        ), icon=":material/warning:")
    st.caption(tr("Trạng thái tại ngày ", "Status as of ") + i18n.format_date(view.as_of, view.lang)
               + tr(f" · {len(view.filtered)}/{len(view.state)} cơ sở theo bộ lọc",
                    f" · {len(view.filtered)}/{len(view.state)} sites match the filters"))


def link_box(view: view_mod.View) -> None:
    """A 'copy link' control: the link of exactly this view, with a copy button."""
    with st.popover(view.tr(":material/link: Sao chép liên kết", ":material/link: Copy link")):
        st.caption(view.tr("Liên kết mở lại đúng màn hình này:", "This link reopens exactly this view:"))
        st.code(view.link(), language=None, wrap_lines=True)


def link_notices(lang: str) -> None:
    """What the link asked for that could not be shown."""
    for notice in view_mod.notices():
        st.warning(notice.text(lang), icon=":material/warning:")
