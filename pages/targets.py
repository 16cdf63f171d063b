"""Chỉ tiêu: one target by former district or new unit, what blocks 100%, and every plan's targets."""

import pandas as pd
import streamlit as st

import geo
from geo.core import links, plan_tasks, vocab
from geo.io import exports
from geo.language import i18n
from geo.places import boundaries
from geo.views import charts, maps
from ui import cards, keys, leaflet, loaders, widgets
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Chỉ tiêu", "Targets"))
widgets.banner(view)
share_targets = [t for t in view.targets if t.measure == "share_of_sites"]
names = {t.id: t for t in view.targets}
c1, c2, c3 = st.columns([3, 2, 1])
tid = c1.selectbox(tr("Chỉ tiêu", "Target"), [t.id for t in share_targets], key=keys.TARGET, persist_state="session", filter_mode="contains",
                   format_func=lambda i: f"{names[i].short(lang)} — {names[i].name(lang)}")
st.session_state.setdefault(keys.GROUPING, links.GROUPING.default)
grp = c2.segmented_control(
    tr("Theo", "By"), list(links.GROUPING.choices), key=keys.GROUPING, persist_state="session", required=True,
    format_func=lambda g: {"old_district": tr("30 quận/huyện cũ", "30 former districts"),
                           "new_unit": tr("126 xã/phường mới", "126 new units")}[g]) or "old_district"
with c3:
    widgets.link_box(view)
target = names[tid]
st.session_state.setdefault(keys.TARGETS_VIEW, links.TARGETS_VIEW.default)
section = st.segmented_control(
    tr("Xem", "View"), list(links.TARGETS_VIEW.choices), key=keys.TARGETS_VIEW, persist_state="session", required=True,
    format_func=lambda s: {"breakdown": tr(":material/bar_chart: Theo địa bàn", ":material/bar_chart: By area"),
                           "blockers": tr(":material/block: Điều gì cản trở 100%", ":material/block: What blocks 100%"),
                           "plans": tr(":material/checklist: Tất cả kế hoạch", ":material/checklist: All plans")}[s],
    label_visibility="collapsed") or "breakdown"
area_word = tr("Quận/huyện cũ", "Former district") if grp == "old_district" else tr("Xã/phường mới", "New unit")
unknown_area = tr("Chưa xác định", "Not known")

if section == "breakdown":
    card_col, chart_col = st.columns([1, 2])
    with card_col:
        card = view.scorecard(target)
        cards.show_card(card, lang)
    with chart_col:
        st.altair_chart(charts.progress_chart({target.id: card.values}, {target.id: target}, target.deadline, lang),
                        width="stretch")
    table = geo.breakdown(target, view.filtered, grp, view.area_names(grp))
    table["name"] = table["name"].fillna("").replace("", unknown_area)
    codes = [c for c, n in zip(table["code"], table["denominator"]) if c and n]
    chosen_before = st.session_state.get(keys.UNIT, "")
    if chosen_before and chosen_before not in codes:
        st.info(tr("Địa bàn trong liên kết không có cơ sở thuộc chỉ tiêu này theo cách chia đang chọn; đã bỏ chọn.",
                   "The area in the link has no site counted by this target in this grouping; selection cleared."))
        st.session_state[keys.UNIT] = ""

    left, right = st.columns([3, 2])
    with left:
        if view.boundaries is not None:
            m = maps.base_map(view.settings.tiles, view.settings.tiles_attribution, boundaries=view.boundaries,
                              boundary_layer="districts" if grp == "old_district" else "units", choropleth=table, lang=lang)
            clicked = (leaflet.show(m, key=f"targets_map_{grp}", height=460, report_clicks=True, lang=lang).clicked or {}).get("code")
            if clicked and clicked in codes:
                st.session_state[keys.UNIT] = clicked
            st.caption(tr("Bấm vào một vùng để xem cơ sở chưa đạt. ", "Click an area to see its sites falling short. ")
                       + " · ".join(boundaries.attribution(lang)))
        else:
            st.info(tr("Chưa có tệp ranh giới nên không vẽ được bản đồ vùng. ", "No boundary files, so no area map. ")
                    + view.boundaries_error)
    with right:
        st.altair_chart(charts.breakdown_bars(table, target.target, lang, st.session_state.get(keys.UNIT, "")),
                        width="stretch")

    st.dataframe(
        pd.DataFrame({
            area_word: table["name"],
            tr("Đạt", "Met"): table["numerator"].map(lambda v: i18n.format_number(v, lang)),
            tr("Tổng", "Total"): table["denominator"].map(lambda v: i18n.format_number(v, lang)),
            tr("Tỷ lệ đạt (trong tập dữ liệu)", "Share met (of the dataset's sites)"): [i18n.format_percent(p, lang) if d else tr("không có cơ sở", "no sites")
                                           for p, d in zip(table["percent"], table["denominator"])],
            tr("Mã", "Code"): table["code"],
        }),
        hide_index=True, width="stretch",
    )
    area_names = dict(zip(table["code"], table["name"]))
    unit = st.selectbox(area_word, ["", *codes], key=keys.UNIT, persist_state="session",
                        format_func=lambda c: area_names.get(c, c) if c else tr("— Chọn một địa bàn —", "— Choose an area —"))
    if unit:
        blocked = geo.blockers(target, view.filtered, grp, lang)
        blocked = blocked[blocked["area_code"] == unit]
        row = table[table["code"] == unit].iloc[0]
        st.subheader(f"{md.text(area_names[unit])}: {i18n.format_percent(row['percent'], lang)} "
                     f"({int(row['numerator'])}/{int(row['denominator'])})")
        if len(blocked):
            st.dataframe(blocked[["name", "kind", "reason", "agency", "illustrative"]].assign(
                kind=blocked["kind"].map(lambda k: vocab.label("kind", k, lang))).rename(columns={
                    "name": tr("Cơ sở", "Site"), "kind": tr("Loại hình", "Kind"), "reason": tr("Lý do chưa đạt", "Why it falls short"),
                    "agency": tr("Cơ quan chịu trách nhiệm", "Responsible agency"), "illustrative": tr("Minh họa", "Illustrative")}),
                hide_index=True, width="stretch")
        else:
            st.success(tr("Mọi cơ sở của địa bàn này đều đạt.", "Every site in this area meets the target."))

elif section == "blockers":
    st.markdown(tr(f"Các cơ sở đang ngăn **{target.short(lang)}** đạt {i18n.format_percent(target.target, lang, 0)}, "
                   f"theo {area_word.lower()} và cơ quan chịu trách nhiệm.",
                   f"The sites standing between the city and **{target.short(lang)}** at {i18n.format_percent(target.target, lang, 0)}, "
                   f"by {area_word.lower()} and responsible agency."))
    blocked = geo.blockers(target, view.filtered, grp, lang)
    blocked["area_name"] = blocked["area_name"].replace("", unknown_area)
    summary = geo.blocker_summary(blocked)
    st.dataframe(summary.drop(columns="area_code").rename(columns={
        "area_name": area_word, "agency": tr("Cơ quan chịu trách nhiệm", "Responsible agency"), "sites": tr("Số cơ sở", "Sites")}),
        hide_index=True, width="stretch")
    table = blocked.drop(columns="area_code").assign(
        kind=blocked["kind"].map(lambda k: vocab.label("kind", k, lang)),
        illustrative=blocked["illustrative"].map(lambda v: tr("Có", "Yes") if v else tr("Không", "No")),
    ).rename(columns={"area_name": area_word, "agency": tr("Cơ quan chịu trách nhiệm", "Responsible agency"),
                      "site_id": tr("Mã cơ sở", "Site id"), "name": tr("Cơ sở", "Site"), "kind": tr("Loại hình", "Kind"),
                      "reason": tr("Lý do chưa đạt", "Why it falls short"), "illustrative": tr("Minh họa", "Illustrative")})
    st.dataframe(table, hide_index=True, width="stretch", height=420)
    st.caption(tr(f"{len(blocked)} cơ sở chưa đạt.", f"{len(blocked)} sites falling short."))
    described = view.filters_in_words() | {tr("Chỉ tiêu", "Target"): target.name(lang), tr("Theo", "By"): area_word}
    meta = exports.metadata(lang, view.as_of, described, view.link(), bool(blocked["illustrative"].any()) if len(blocked) else False,
                            len(blocked), what=tr("Cơ sở chưa đạt chỉ tiêu", "Sites falling short of a target"))
    stem = exports.file_stem(lang, tr("cơ sở chưa đạt", "falling short"), [target.short(lang), area_word], view.as_of)
    d1, d2, _ = st.columns([1, 1, 4])
    d1.download_button(":material/download: CSV", exports.to_csv(table, meta), f"{stem}.csv", "text/csv", on_click="ignore")
    d2.download_button(":material/download: XLSX", exports.to_xlsx(table, meta), f"{stem}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")

else:
    st.markdown(tr("Mọi chỉ tiêu của các kế hoạch mà bảng điều khiển đo. Định nghĩa từng chỉ tiêu (cơ sở nào được tính, "
                   "khi nào là đạt) ở trang Giới thiệu.",
                   "Every plan target the dashboard measures. What each one counts, and when a site meets it, is on the "
                   "About page."))
    for period in reversed(view.periods):  # the current period first, then the closed ones with their final result
        ended = period.closed(view.as_of)
        st.header(period.name(lang) + (tr(" · đã kết thúc", " · ended") if ended else tr(" · đang thực hiện", " · current")), divider="gray")
        st.caption(md.text(period.about(lang)))
        for plan in dict.fromkeys(t.plan for t in view.period_targets(period)):
            st.subheader(tr("Văn bản ", "Document ") + plan)
            cards.grid([view.scorecard(t) for t in view.period_targets(period) if t.plan == plan], lang, per_row=3)
    st.subheader(tr("Nhiệm vụ không có chỉ tiêu đo được", "Tasks without a measurable target"))
    tasks = plan_tasks.checklist(loaders.get_tasks(str(view.settings.tasks_file)), view.state, view.store.read_inspections(), lang)
    st.dataframe(tasks.rename(columns={"plan": tr("Kế hoạch", "Plan"), "number": tr("Mục", "Item"), "task": tr("Nhiệm vụ", "Task"),
                                       "lead": tr("Chủ trì", "Lead"), "period": tr("Thời gian", "Period"),
                                       "status": tr("Tình trạng", "Status"), "evidence": tr("Số liệu trong bảng điều khiển", "What this dashboard counts"),
                                       "source": tr("Nguồn", "Source")}), hide_index=True, width="stretch")
    st.caption(tr("Tình trạng chỉ lấy từ báo cáo công khai có ngày (data/plan_tasks.toml); khi chưa có thì ghi “Chưa rõ”.",
                  "Status comes only from dated public reports (data/plan_tasks.toml); without one it says “Unknown”."))
    st.caption(tr("Kế hoạch 108/KH-UBND (Mê Linh, 2018) đặt chỉ tiêu tăng tương đối (+20%, +10%) so với mức nền chưa công bố, "
                  "nên chưa đo được và chưa đăng ký.",
                  "Mê Linh Plan 108/KH-UBND (2018) sets relative increases (+20%, +10%) over a baseline that is not public, "
                  "so it cannot be measured and is not registered."))
