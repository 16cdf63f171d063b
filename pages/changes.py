"""Thay đổi: what changed in an area between two dates, who did it, and the effect on each target."""

import pandas as pd
import streamlit as st

from geo.core import audit, changelog
from geo.io import report
from geo.language import dates, i18n
from ui import changes, keys, widgets
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Thay đổi", "What changed"))
widgets.banner(view, compact=True)
areas = report.area_choices(view.ctx.areas, lang)
c1, c2, c3 = st.columns([3, 1, 1])
scope = c1.selectbox(tr("Địa bàn", "Area"), list(areas), format_func=areas.get, key=keys.REPORT_AREA, filter_mode="contains")
changes.seed_dates(view, scope)
since = c2.date_input(tr("Từ sau ngày", "After"), key=keys.SINCE, format=i18n.date_input_format(lang), max_value=dates.today())
until = c3.date_input(tr("Đến hết ngày", "Up to"), key=keys.UNTIL, format=i18n.date_input_format(lang), max_value=dates.today())
made, area = changes.made_entries(view), changelog.area_key(scope)
last = changelog.last_report(made, area)
default = tr(f"Mặc định từ lần lập báo cáo họp gần nhất cho địa bàn này ({i18n.format_date(last, 'vi')})." if last else
             f"Chưa có báo cáo họp nào cho địa bàn này; mặc định {changelog.DEFAULT_DAYS} ngày qua.",
             f"By default since the last meeting report made for this area ({i18n.format_date(last, 'en')})." if last else
             f"No meeting report was made for this area yet; by default the last {changelog.DEFAULT_DAYS} days.")
# A window from a link or chosen here is said as such: the default described alone would read as the one shown.
if since != changelog.default_since(made, area, until):
    default = tr(f"Khoảng ngày đã chọn (theo liên kết hoặc vừa đổi), không phải mặc định. {default}",
                 f"A chosen window (from the link or changed here), not the default. {default}")
st.caption(default)
if since > until:
    st.error(tr("Ngày bắt đầu phải trước ngày kết thúc; đổi một trong hai ngày.", "The first date must be before the second; change one."),
             icon=":material/event_busy:")
    widgets.end_page()

with st.spinner(tr("Đang tổng hợp thay đổi…", "Gathering the changes…")):
    events, effect = changes.between(view, scope, since, until)

st.subheader(tr("Ảnh hưởng tới các chỉ tiêu", "Effect on the targets"))
if len(effect):
    st.dataframe(pd.DataFrame({
        tr("Chỉ tiêu", "Target"): effect[f"target_{lang}"],
        i18n.format_date(since, lang): [f"{i18n.format_number(b, lang, 1)} % ({m}/{n})" if b is not None and pd.notna(b) else "—"
                                        for b, m, n in zip(effect["before"], effect["met_before"], effect["of_before"])],
        i18n.format_date(until, lang): [f"{i18n.format_number(a, lang, 1)} % ({m}/{n})" if a is not None and pd.notna(a) else "—"
                                        for a, m, n in zip(effect["after"], effect["met_after"], effect["of_after"])],
        tr("Thay đổi", "Change"): [changelog.points_text(p, lang) for p in effect["points"]],
    }), hide_index=True, width="stretch")

st.subheader(tr(f"{i18n.format_number(len(events), lang)} sự việc", f"{i18n.format_number(len(events), lang)} events"))
if events.empty:
    st.info(tr("Không có gì được ghi nhận trong khoảng này.", "Nothing was recorded in this window."))
else:
    kinds = st.pills(tr("Loại", "Kind"), changelog.ChangeKind.codes(), selection_mode="multi", format_func=lambda k: changelog.ChangeKind.label_of(k, lang),
                     key="changes_kinds")
    shown = events[events["kind"].isin(kinds)] if kinds else events
    people = view.display_names()
    st.dataframe(pd.DataFrame({
        tr("Lúc", "When"): [i18n.format_datetime(w, lang) for w in shown["when"]],
        tr("Loại", "Kind"): [changelog.ChangeKind.label_of(k, lang) for k in shown["kind"]],
        tr("Cơ sở", "Site"): shown["name"].fillna("").map(lambda n: n or "—"),
        tr("Nội dung", "What"): shown[f"what_{lang}"],
        tr("Ai", "Who"): [audit.person(w, people, lang) if w else "—" for w in shown["who"]],
    }), hide_index=True, width="stretch")
    if shown[f"what_{lang}"].str.contains("✱").any():
        st.caption(tr("✱ bản ghi minh họa, không phải số liệu thật.", "✱ an illustrative record, not real data."))
st.caption(md.text(tr("Cùng nội dung này có trong báo cáo họp (trang Tổng quan) của địa bàn.",
                      "The same list is in the area's meeting report (Overview page).")))
widgets.link_box(view)
