"""A target's scorecard on screen: value, change, the year ends, deadline and pace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core import indicators, scorecard
from geo.language import i18n
from ui import markdown as md

#: Each opens a colour directive that the verdict line closes.
_STANDING_ICON = {"not_applicable": ":gray[:material/block:", "no_data": ":gray[:material/help:", "met": ":green[:material/check_circle:",
                  "late": ":red[:material/cancel:", "due": ":orange[:material/schedule:"}


def show_card(card: scorecard.Card, lang: str) -> None:
    tr, t = i18n.translator(lang), card.target
    delta, change = None, card.values["change"].iloc[-1] if len(card.values) > 1 else None
    if change is not None and pd.notna(change):
        unit = tr(" cơ sở", " sites") if t.is_count else tr(" điểm %", " pts")
        delta = (i18n.format_number(change, lang, 0 if t.is_count else 1, signed=True)
                 + unit + tr(" từ ", " since ") + i18n.format_date(card.values["date"].iloc[-2], lang))
    with st.container(border=True):
        st.markdown(f"**{md.text(t.short(lang))}** · {md.text(t.plan)}")
        if card.standing == "not_applicable":  # nothing to count: no 0/0, no year ends, no projection
            st.metric(t.name(lang), tr("Không áp dụng", "Not applicable"), help=f"{t.name(lang)} — {t.legal_basis}",
                      label_visibility="collapsed")
            st.caption(":material/block: " + tr(
                "Không cơ sở nào trong các cơ sở đang lọc thuộc diện chỉ tiêu này tính (xem định nghĩa ở trang Giới thiệu).",
                "None of the filtered sites is one this target counts (see its definition on the About page)."))
            return
        value = t.format_value(card.now.percent, lang) if card.now.has_data else card.verdict(lang)
        st.metric(t.name(lang), value, delta=delta if card.now.has_data else None,
                  delta_color="off" if delta and round(change, 1) == 0 else "normal",
                  help=f"{t.name(lang)} — {t.legal_basis}", label_visibility="collapsed")
        if card.now.has_data and t.is_count:
            st.caption(tr(f"cơ sở trong tập dữ liệu · mục tiêu {i18n.format_number(t.target, lang)} đến ",
                          f"sites in the dataset · target {i18n.format_number(t.target, lang)} by ") + i18n.format_date(t.deadline, lang))
        elif card.now.has_data:
            st.caption(tr("trong tập dữ liệu, không phải tỷ lệ của toàn thành phố · ",
                          "of the dataset's sites, not the city's share · ")
                       + f"{i18n.format_number(card.now.numerator, lang)}/{i18n.format_number(card.now.denominator, lang)} "
                       + tr("cơ sở · mục tiêu ", "sites · target ") + t.format_value(t.target, lang, 0)
                       + tr(" đến ", " by ") + i18n.format_date(t.deadline, lang))
        else:
            st.caption(tr("Mục tiêu ", "Target ") + t.format_value(t.target, lang, 0) + tr(" đến ", " by ")
                       + i18n.format_date(t.deadline, lang))
        if card.standing != "no_data":
            st.markdown(f"{_STANDING_ICON[card.standing]} {card.verdict(lang)}]")
        years = card.year_ends
        if len(years) and card.now.has_data:
            st.dataframe(pd.DataFrame({
                tr("Cuối năm", "Year end"): [str(d.year) for d in years["date"]],
                tr("Giá trị", "Value"): [t.format_value(v, lang) if pd.notna(v) else "—" for v in years["percent"]],
                tr("Thay đổi", "Change"): [i18n.format_number(v, lang, 1, signed=True) if pd.notna(v) else "—" for v in years["change"]],
            }), hide_index=True, width="stretch")
        if t.note(lang):
            st.caption(":material/info: " + md.text(t.note(lang)))
        official = card.official
        if official is not None:
            st.caption(":material/account_balance: " + tr("Số liệu chính thức gần nhất: ", "Latest official figure: ")
                       + md.text(official.in_words(lang)))
        elif t.measure != "unmeasured":
            st.caption(":material/account_balance: " + tr("Số liệu chính thức: chưa thấy công bố.",
                                                          "Official figure: none published that we found."))
        if t.measure != "unmeasured":
            with st.expander(tr("Những cơ sở nào được tính", "Which sites are counted")):
                for line in (indicators.denominator_in_words(t, card.counts, lang), t.scope(lang), *card.coverage(lang)):
                    if line:
                        st.caption(md.text(line))
            st.caption(":material/update: " + card.freshness_in_words(lang))
        st.caption(":material/trending_up: " + card.projection.text(t, lang))


def grid(cards_to_show: list[scorecard.Card], lang: str, per_row: int = 4) -> None:
    """Cards in rows of ``per_row`` (a period may hold more targets than fit in one row)."""
    width = max(2, min(per_row, len(cards_to_show)))  # three cards fill the row, not three quarters of it
    for start in range(0, len(cards_to_show), width):
        row = cards_to_show[start:start + width]
        for column, card in zip(st.columns(width), row):
            with column:
                show_card(card, lang)


def final_table(final: list[scorecard.Card], lang: str) -> pd.DataFrame:
    """A closed period's result per target: value, met or not, by how much, how many sites still block 100%."""
    tr = i18n.translator(lang)
    rows = []
    for c in final:
        t = c.target
        has = c.now.has_data and c.standing != "not_applicable"
        rows.append({
            tr("Chỉ tiêu", "Target"): t.short(lang),
            tr("Kết quả trong tập dữ liệu", "Result over the dataset"): (
                f"{t.format_value(c.now.percent, lang)} ({i18n.format_number(c.now.numerator, lang)}/{i18n.format_number(c.now.denominator, lang)})"
                if has else c.verdict(lang)),
            tr("Đạt?", "Met?"): (tr("Đạt", "Met") if c.now.met else tr("Không đạt", "Not met")) if has else "—",
            tr("Còn thiếu", "Short by"): (t.format_gap(c.gap, lang) if c.gap else "—") if has else "—",
            tr("Cơ sở còn cản trở 100%", "Sites still blocking 100%"): i18n.format_number(len(c.now.shortfalls), lang) if has else "—",
            tr("Số liệu chính thức gần nhất", "Latest official figure"): c.official.in_words(lang) if c.official is not None else tr(
                "chưa thấy công bố", "none published that we found"),
        })
    return pd.DataFrame(rows)
