"""Tổng quan: the four Plan 307 targets as scorecards, their course since 2021, sites by kind."""

import functools

import streamlit as st

import geo
from geo.core import vocab
from geo.io import report
from geo.language import text
from geo.places import boundaries
from geo.views import charts
from ui import cards, keys, widgets
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Làng nghề, cụm và khu công nghiệp Hà Nội", "Hanoi craft villages, industrial clusters and parks"))
st.write(tr("Tiến độ thực hiện Kế hoạch 307/KH-UBND (2021–2025) về bảo vệ môi trường làng nghề, khu và cụm công nghiệp.",
            "Progress on Plan 307/KH-UBND (2021–2025) for environmental protection at craft villages, industrial parks and clusters."))
widgets.banner(view)
widgets.link_box(view)

plan307 = [t for t in view.targets if t.plan == "307/KH-UBND"]
with st.spinner(tr("Đang tính chỉ tiêu theo từng năm…", "Computing the targets year by year…")):
    plan_cards = {t.id: view.scorecard(t) for t in plan307}
for column, target in zip(st.columns(len(plan307)), plan307):
    with column:
        cards.show_card(plan_cards[target.id], lang)

st.subheader(tr("Diễn biến từ 2021", "Course since 2021"))
st.altair_chart(
    charts.progress_chart({tid: c.values for tid, c in plan_cards.items()}, {t.id: t for t in plan307},
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

st.subheader(tr("Báo cáo cho cuộc họp", "Meeting report"))
areas = report.area_choices(view.ctx.areas, lang)
scope = st.selectbox(tr("Địa bàn", "Area"), list(areas), format_func=areas.get, key=keys.REPORT_AREA, filter_mode="contains")
if scope:
    level, code = scope.split(":", 1)
    in_area = view.filtered[view.filtered[geo.GROUPINGS[level][0]] == code]
    layer = view.boundaries.districts if (view.boundaries is not None and level == "old_district") else (
        view.boundaries.units if view.boundaries is not None else None)
    shape = layer[layer["code"] == code].geometry.iloc[0] if layer is not None and (layer["code"] == code).any() else None
else:
    in_area = view.filtered
    shape = view.boundaries.city.geometry.iloc[0] if view.boundaries is not None else None
area_cards = [view.scorecard(t, set(in_area["site_id"])) for t in plan307] if scope else list(plan_cards.values())
the_report = report.build(area_cards, in_area, areas[scope], view.as_of, view.link(), lang, shape,  # the link names the area
                          boundaries.attribution(lang) if view.boundaries is not None else [])
area_name = view.ctx.areas[level][code] if scope else tr("toan thanh pho", "whole city")
stem = f"{tr('bao-cao', 'report')}-{text.slug(area_name)}-{view.as_of.isoformat()}"
r1, r2, r3, _ = st.columns([1, 1, 1, 3])
r1.download_button(":material/picture_as_pdf: PDF", functools.partial(report.to_pdf, the_report), f"{stem}.pdf", "application/pdf",
                   on_click="ignore", key=keys.REPORT_PDF)
r2.download_button(":material/description: Word", functools.partial(report.to_docx, the_report), f"{stem}.docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore", key=keys.REPORT_DOCX)
r3.download_button(":material/print: HTML", functools.partial(report.to_html, the_report), f"{stem}.html", "text/html",
                   on_click="ignore", key=keys.REPORT_HTML)
st.caption(tr("Gồm bốn thẻ chỉ tiêu, bản đồ địa bàn, biểu đồ từ 2021, danh sách cơ sở chưa đạt kèm lý do, ngày số liệu và liên kết "
              "mở lại đúng màn hình này (cả địa bàn đã chọn). Bản Word để hoàn thiện báo cáo.",
              "The four target cards, a map of the area, the chart since 2021, the sites falling short with reasons, the date and "
              "the link that reopens exactly this view (the chosen area too). The Word file is for finishing the report."))
