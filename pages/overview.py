"""Tổng quan: the four Plan 307 targets as scorecards, their course since 2021, sites by kind."""

import streamlit as st

from geo import charts, vocab

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Làng nghề, cụm và khu công nghiệp Hà Nội", "Hanoi craft villages, industrial clusters and parks"))
st.write(tr("Tiến độ thực hiện Kế hoạch 307/KH-UBND (2021–2025) về bảo vệ môi trường làng nghề, khu và cụm công nghiệp.",
            "Progress on Plan 307/KH-UBND (2021–2025) for environmental protection at craft villages, industrial parks and clusters."))
view.banner()
view.link_box()

plan307 = [t for t in view.targets if t.plan == "307/KH-UBND"]
with st.spinner(tr("Đang tính chỉ tiêu theo từng năm…", "Computing the targets year by year…")):
    cards = {t.id: view.scorecard(t) for t in plan307}
for column, target in zip(st.columns(len(plan307)), plan307):
    with column:
        view.show_card(cards[target.id])

st.subheader(tr("Diễn biến từ 2021", "Course since 2021"))
st.altair_chart(
    charts.progress_chart({tid: c.values for tid, c in cards.items()}, {t.id: t for t in plan307},
                          deadline=plan307[0].deadline if plan307 else None, lang=lang),
    width="stretch",
)
st.caption(tr("Giá trị tại ngày 31/12 mỗi năm và tại ngày đang xem; cùng tập cơ sở theo bộ lọc hiện tại. "
              "Cơ sở chưa rõ trạng thái được tính là chưa đạt.",
              "Values on 31 December of each year and on the date shown, over the same filtered sites. "
              "Sites whose status is unknown count as not meeting the target."))

st.subheader(tr("Số cơ sở theo loại hình", "Sites by kind"))
counts = view.filtered["kind"].value_counts()
st.dataframe(
    {tr("Loại hình", "Kind"): [k.label(lang) for k in vocab.Kind],
     tr("Số cơ sở", "Sites"): [int(counts.get(k.value, 0)) for k in vocab.Kind]},
    hide_index=True,
)
