"""Tổng quan: Plan 307's final result, the chosen period's scorecards and course, sites by kind, the meeting report."""

import functools

import streamlit as st

from geo.core import links, vocab
from geo.io import report
from geo.language import i18n, text
from geo.places import boundaries
from geo.views import charts
from ui import cards, changes, keys, widgets
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Làng nghề, cụm và khu công nghiệp Hà Nội", "Hanoi craft villages, industrial clusters and parks"))
current = view.current_period
plan307 = next((p for p in view.periods if p.id == "2021-2025"), None)
if plan307 is not None and plan307.closed(view.as_of):
    st.write(tr(f"Kế hoạch 307/KH-UBND (2021–2025) đã kết thúc ngày {i18n.format_date(plan307.end, lang)}: dưới đây là kết quả cuối cùng, "
                f"rồi các chỉ tiêu của {current.name(lang).lower()}. Mọi tỷ lệ là của các cơ sở trong tập dữ liệu, không phải của toàn thành phố.",
                f"Plan 307/KH-UBND (2021–2025) ended on {i18n.format_date(plan307.end, lang)}: below is its final result, then the targets "
                f"of the {current.name(lang)}. Every share is over the dataset's sites, not the city's."))
else:
    st.write(tr(f"Tiến độ {current.name(lang)}. Mọi tỷ lệ là của các cơ sở trong tập dữ liệu, không phải của toàn thành phố.",
                f"Progress on {current.name(lang)}. Every share is over the dataset's sites, not the city's."))
widgets.banner(view)
widgets.link_box(view)

if plan307 is not None and plan307.closed(view.as_of):
    st.subheader(tr(f"Kết quả cuối cùng Kế hoạch 307 (tại {i18n.format_date(plan307.end, lang)})",
                    f"Plan 307's final result (on {i18n.format_date(plan307.end, lang)})"))
    with st.spinner(tr("Đang tính kết quả cuối kỳ…", "Computing the final result…")):
        final = [view.scorecard(t) for t in view.period_targets(plan307) if t.plan == "307/KH-UBND"]
    st.dataframe(cards.final_table(final, lang), hide_index=True, width="stretch")
    st.caption(tr("Kết quả tính trên các cơ sở trong tập dữ liệu theo bộ lọc hiện tại, không phải của toàn thành phố; cơ sở chưa rõ "
                  "trạng thái được tính là chưa đạt. Cột cuối là số liệu chính thức gần nhất của thành phố, nếu có. Chọn kỳ 2021–2025 "
                  "bên dưới để xem thẻ từng chỉ tiêu (phạm vi tính, độ mới của số liệu).",
                  "Computed over the dataset's sites as filtered, not the city's; a site whose status is unknown counts as falling "
                  "short. The last column is the city's latest official figure, where there is one. Choose 2021–2025 below for each "
                  "target's card (what it counts, how fresh it is)."))

period_ids = ["current", *[p.id for p in reversed(view.periods) if p.id != current.id]]
st.session_state.setdefault(keys.PERIOD, links.PERIOD.default)
if st.session_state[keys.PERIOD] == current.id:  # a link naming the current period by id
    st.session_state[keys.PERIOD] = "current"


def _period_label(pid: str) -> str:
    p = current if pid == "current" else view.period(pid)
    state = tr("đang thực hiện", "current") if not p.closed(view.as_of) else tr("đã kết thúc", "ended")
    return f"{p.name(lang)} · {state}"


chosen = st.segmented_control(tr("Kỳ kế hoạch", "Plan period"), period_ids, key=keys.PERIOD, persist_state="session",
                              required=True, format_func=_period_label) or "current"
period = view.period(chosen)
shown = view.period_targets(period)
st.caption(md.text(period.about(lang)) + " " + (
    tr(f"Kỳ đã kết thúc ngày {i18n.format_date(period.end, lang)}: các thẻ nêu kết quả tại ngày đó.",
       f"The period ended on {i18n.format_date(period.end, lang)}: the cards give the result on that day.")
    if period.closed(view.as_of) else
    tr(f"Hạn cuối kỳ: {i18n.format_date(period.end, lang)}; dự báo theo tốc độ đến hạn đó.",
       f"The period ends on {i18n.format_date(period.end, lang)}; projections run to that date.")))
with st.spinner(tr("Đang tính chỉ tiêu theo từng năm…", "Computing the targets year by year…")):
    plan_cards = {t.id: view.scorecard(t) for t in shown}
cards.grid([plan_cards[t.id] for t in shown], lang)

charted = [t for t in shown if t.measure == "share_of_sites" and plan_cards[t.id].now.has_data]
if charted:
    st.subheader(tr(f"Diễn biến {period.name(lang)}", f"Course of the {period.name(lang)}"))
    st.altair_chart(
        charts.progress_chart({t.id: plan_cards[t.id].values for t in charted}, {t.id: t for t in charted},
                              deadline=period.end, lang=lang),
        width="stretch",
    )
    st.caption(tr("Giá trị tại ngày 31/12 mỗi năm và tại ngày đang xem (hoặc ngày kết thúc kỳ); cùng tập cơ sở theo bộ lọc hiện tại. "
                  "Cơ sở chưa rõ trạng thái được tính là chưa đạt.",
                  "Values on 31 December of each year and on the date shown (or the period's end), over the same filtered sites. "
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
in_area = changes.area_rows(view, scope)
if scope:
    level, code = scope.split(":", 1)
    layer = view.boundaries.districts if (view.boundaries is not None and level == "old_district") else (
        view.boundaries.units if view.boundaries is not None else None)
    shape = layer[layer["code"] == code].geometry.iloc[0] if layer is not None and (layer["code"] == code).any() else None
else:
    shape = view.boundaries.city.geometry.iloc[0] if view.boundaries is not None else None
area_cards = [view.scorecard(t, set(in_area["site_id"])) for t in shown] if scope else list(plan_cards.values())
the_report = report.build(area_cards, in_area, areas[scope], view.as_of, view.link(), lang, shape,  # the link names area and period
                          boundaries.attribution(lang) if view.boundaries is not None else [], period)
until = view.as_of
since = changes.default_since(view, scope, until)
events, effect = changes.between(view, scope, since, until)
the_report.changes = (since, until, events, effect)
area_name = view.ctx.areas[level][code] if scope else tr("toan thanh pho", "whole city")
stem = f"{tr('bao-cao', 'report')}-{text.slug(area_name)}-{view.as_of.isoformat()}"
r1, r2, r3, _ = st.columns([1, 1, 1, 3])


def made(write, fmt):
    """The file, and a note that a report was made for this area (the next "what changed" starts from it)."""
    data = write(the_report)
    changes.mark_report_made(view, scope, fmt)
    return data


r1.download_button(":material/picture_as_pdf: PDF", functools.partial(made, report.to_pdf, "pdf"), f"{stem}.pdf", "application/pdf",
                   on_click="ignore", key=keys.REPORT_PDF)
r2.download_button(":material/description: Word", functools.partial(made, report.to_docx, "docx"), f"{stem}.docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore", key=keys.REPORT_DOCX)
r3.download_button(":material/print: HTML", functools.partial(made, report.to_html, "html"), f"{stem}.html", "text/html",
                   on_click="ignore", key=keys.REPORT_HTML)
st.caption(tr("Gồm các thẻ chỉ tiêu của kỳ đang chọn (kèm số liệu chính thức và phạm vi tính), bản đồ địa bàn, biểu đồ diễn biến, "
              "danh sách cơ sở chưa đạt kèm lý do, những gì thay đổi từ lần báo cáo trước, ngày số liệu và liên kết mở lại đúng màn hình này (cả kỳ và địa bàn đã chọn). "
              "Bản Word để hoàn thiện báo cáo.",
              "The cards of the chosen period (with official figures and what each counts), a map of the area, the chart, the sites "
              "falling short with reasons, what changed since the last report, the date and the link that reopens exactly this view (period and area too). "
              "The Word file is for finishing the report."))
