"""Tổng quan: the four Plan 307 targets as cards, and the sites by kind."""

import streamlit as st

from geo import i18n, indicators, vocab

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Làng nghề, cụm và khu công nghiệp Hà Nội", "Hanoi craft villages, industrial clusters and parks"))
st.write(tr("Tiến độ thực hiện Kế hoạch 307/KH-UBND (2021–2025) về bảo vệ môi trường làng nghề, khu và cụm công nghiệp.",
            "Progress on Plan 307/KH-UBND (2021–2025) for environmental protection at craft villages, industrial parks and clusters."))
view.banner()
view.link_box()

plan307 = [t for t in view.targets if t.plan == "307/KH-UBND"]
columns = st.columns(len(plan307))
for column, target in zip(columns, plan307):
    result = indicators.compute(target, view.filtered, view.as_of)
    with column.container(border=True):
        st.markdown(f"**{target.short(lang)}**")
        st.metric(
            target.name(lang), i18n.format_percent(result.percent, lang),
            help=f"{target.name(lang)} — {target.legal_basis}", label_visibility="collapsed",
        )
        st.caption(f"{i18n.format_number(result.numerator, lang)} / {i18n.format_number(result.denominator, lang)} "
                   + tr("cơ sở · mục tiêu ", "sites · target ") + i18n.format_percent(target.target, lang, 0)
                   + tr(" đến ", " by ") + i18n.format_date(target.deadline, lang))
        if result.has_data:
            st.markdown((":material/check_circle: " + tr("Đạt", "Met")) if result.met else (":material/cancel: " + tr("Chưa đạt", "Not met")))

st.subheader(tr("Số cơ sở theo loại hình", "Sites by kind"))
counts = view.filtered["kind"].value_counts()
st.dataframe(
    {tr("Loại hình", "Kind"): [k.label(lang) for k in vocab.Kind],
     tr("Số cơ sở", "Sites"): [int(counts.get(k.value, 0)) for k in vocab.Kind]},
    hide_index=True,
)
