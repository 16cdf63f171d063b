"""A target's scorecard on screen: value, change, the year ends, deadline and pace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core import scorecard
from geo.language import i18n

_STANDING_ICON = {"not_applicable": ":material/block:", "no_data": ":material/help:", "met": ":green[:material/check_circle:", "late": ":red[:material/cancel:",
                  "due": ":orange[:material/schedule:"}


def show_card(card: scorecard.Card, lang: str) -> None:
    tr, t = i18n.translator(lang), card.target
    delta, change = None, card.values["change"].iloc[-1] if len(card.values) > 1 else None
    if change is not None and pd.notna(change):
        delta = (i18n.format_number(change, lang, 1, signed=True)
                 + tr(" điểm % từ ", " pts since ") + i18n.format_date(card.values["date"].iloc[-2], lang))
    with st.container(border=True):
        st.markdown(f"**{t.short(lang)}** · {t.plan}")
        if card.standing == "not_applicable":  # nothing to count: no 0/0, no year ends, no projection
            st.metric(t.name(lang), tr("Không áp dụng", "Not applicable"), help=f"{t.name(lang)} — {t.legal_basis}",
                      label_visibility="collapsed")
            st.caption(f"{_STANDING_ICON['not_applicable']} " + tr(
                "Không cơ sở nào trong các cơ sở đang lọc thuộc diện chỉ tiêu này tính (xem định nghĩa ở trang Giới thiệu).",
                "None of the filtered sites is one this target counts (see its definition on the About page)."))
            return
        st.metric(t.name(lang), i18n.format_percent(card.now.percent, lang) if card.now.has_data else tr("Chưa có số liệu", "No data"),
                  delta=delta, delta_color="off" if delta and round(change, 1) == 0 else "normal",
                  help=f"{t.name(lang)} — {t.legal_basis}", label_visibility="collapsed")
        st.caption(f"{i18n.format_number(card.now.numerator, lang)} / {i18n.format_number(card.now.denominator, lang)} "
                   + tr("cơ sở · mục tiêu ", "sites · target ") + i18n.format_percent(t.target, lang, 0)
                   + tr(" đến ", " by ") + i18n.format_date(t.deadline, lang))
        st.markdown(f"{_STANDING_ICON[card.standing]} {card.verdict(lang)}" + ("" if card.standing in ("no_data", "not_applicable") else "]"))
        years = card.year_ends
        if len(years):
            st.dataframe(pd.DataFrame({
                tr("Cuối năm", "Year end"): [str(d.year) for d in years["date"]],
                tr("Tỷ lệ", "Share"): [i18n.format_percent(v, lang) if pd.notna(v) else "—" for v in years["percent"]],
                tr("Thay đổi", "Change"): [i18n.format_number(v, lang, 1, signed=True) if pd.notna(v) else "—" for v in years["change"]],
            }), hide_index=True, width="stretch")
        st.caption(":material/trending_up: " + card.projection.text(t, lang))
