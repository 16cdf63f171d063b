"""Kế hoạch kiểm tra: build a visit plan from the current view, open a saved one, print its visit list."""

import geopandas as gpd
import pandas as pd
import streamlit as st

import geo
from geo.access import recording
from geo.core import model, visits
from geo.io import visit_list
from geo.language import dates, i18n
from geo.views import maps
from ui import keys, leaflet, widgets
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Kế hoạch kiểm tra", "Inspection plans"))
if view.user is None or not view.user.can("inspector"):
    # A plan says where and when inspectors go: it is not for everyone who opens the dashboard.
    st.info(tr("Kế hoạch kiểm tra chỉ dành cho cán bộ kiểm tra và quản trị. Đăng nhập ở thanh bên để xem hoặc lập kế hoạch; "
               "liên kết đến một kế hoạch sẽ mở đúng kế hoạch đó sau khi đăng nhập.",
               "Inspection plans are for inspectors and administrators. Sign in (sidebar) to see or make plans; "
               "a link to a plan opens that plan once you are signed in."), icon=":material/lock:")
    widgets.end_page()

if keys.FLASH in st.session_state:
    st.success(md.text(st.session_state.pop(keys.FLASH)), icon=":material/check:")
plans = visits.from_entries(view.store.read_entries(visits.KIND))
by_id = {p.plan_id: p for p in plans}
chosen = st.session_state.get(keys.VIEW_PLAN)
if chosen and chosen not in by_id:
    st.warning(tr(f"Không có kế hoạch “{md.text(chosen)}” (có thể đã được thay bằng bản sửa). Chọn trong danh sách bên dưới.",
                  f"There is no plan “{md.text(chosen)}” (it may have been replaced by an amended one). Pick one below."),
               icon=":material/search_off:")
    st.session_state.pop(keys.VIEW_PLAN, None)
    chosen = None

people = view.display_names()
records = view.store.read_inspections()

if chosen:
    plan = by_id[chosen]
    if st.button(tr("← Tất cả kế hoạch", "← All plans")):
        view.open_plan(None)
    st.header(md.text(plan.title))
    done = visits.progress(plan, records)
    rows = view.state.set_index("site_id").reindex(list(plan.site_ids))
    author = people.get(plan.created_by, "")  # the display name; the plan keeps the user name
    st.caption(" · ".join(md.text(line) for line in visit_list.summary_lines(
        visit_list.VisitList(plan, lang, view.as_of, [], "", made_by=author))))
    visited = int(done["visited"].sum())
    st.progress(visited / max(len(done), 1), text=tr(f"Đã kiểm tra {visited}/{len(done)} cơ sở trong thời gian của kế hoạch",
                                                     f"{visited} of {len(done)} sites inspected within the plan's period"))
    legs = list(plan.legs_m) or [0.0] * len(plan.site_ids)
    table = pd.DataFrame({
        "#": done["stop"],
        tr("Cơ sở", "Site"): rows["name"].fillna(pd.Series(list(plan.site_ids), index=rows.index)).values,
        tr("Mức ưu tiên", "Band"): rows["priority_band"].fillna("").values if "priority_band" in rows else "",
        tr("Điểm", "Score"): [f"{s} ✱" if ill else str(s) for s, ill in
                              zip(rows["priority_score"].fillna(0).astype(int), rows["priority_illustrative"].fillna(False))]
        if "priority_score" in rows else "",
        tr("Địa bàn", "Place"): rows["new_unit_name"].map(lambda v: "—" if model.is_blank(v) else v).values,  # not known: said
        tr("Chặng (km)", "Leg (km)"): [i18n.format_number(m / 1000, lang, 1) for m in legs[:len(plan.site_ids)]],
        tr("Đã kiểm tra", "Inspected"): [i18n.format_date(d, lang) if v else "—" for v, d in zip(done["visited"], done["inspection_date"])],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    if rows["priority_illustrative"].fillna(False).any() if "priority_illustrative" in rows else False:
        st.caption(tr("✱ điểm minh họa: tính từ số liệu minh họa, không phải số liệu thật.",
                      "✱ illustrative score: computed from illustrative values, not real data."))
    stops = rows.reset_index().assign(visited=done["visited"].values)  # in plan order, before any unplaced site is left out
    stops = stops[stops["geometry"].notna()]
    leaflet.show(maps.route_map(plan.origin, plan.origin_label, gpd.GeoDataFrame(stops, geometry="geometry", crs="EPSG:4326"),
                                view.settings.tiles, view.settings.tiles_attribution, None, lang),
                 key=f"plan_map_{plan.plan_id}", height=420, lang=lang)

    def printable():
        lines = view.priority_lines(plan.site_ids)
        areas = None
        if view.boundaries is not None:
            units = view.boundaries.units
            areas = units[units["code"].isin(set(rows["new_unit_code"].dropna()))].geometry
        return visit_list.build(plan, view.state, records, lines, visit_list.load_checklist(view.settings.checklist_file),
                                view.as_of, lang, view.link(), areas, made_by=author)

    c1, c2, c3 = st.columns(3)
    c1.download_button(":material/picture_as_pdf: " + tr("Danh sách đi kiểm tra (PDF)", "Visit list (PDF)"),
                       lambda: visit_list.to_pdf(printable()), f"{plan.plan_id}.pdf", "application/pdf", on_click="ignore")
    c2.download_button(":material/description: " + tr("Danh sách đi kiểm tra (Word)", "Visit list (Word)"),
                       lambda: visit_list.to_docx(printable()), f"{plan.plan_id}.docx",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore")
    with c3:
        widgets.link_box(view)
    st.caption(tr(f"Lập bởi {md.text(author or plan.created_by)} lúc {i18n.format_datetime(plan.created_at, lang)}. "
                  "Kế hoạch đã lưu không bị sửa; mỗi biên bản ghi cho cơ sở trong thời gian của kế hoạch được tính là đã kiểm tra.",
                  f"Made by {md.text(author or plan.created_by)} at {i18n.format_datetime(plan.created_at, lang)}. "
                  "A saved plan is never edited; each inspection recorded for a site within the plan's period counts as done."))
    widgets.end_page()

# -- every plan, and a new one ----------------------------------------------------------------
if plans:
    st.subheader(tr("Các kế hoạch đã lập", "Plans made"))
    listing = pd.DataFrame([{
        "id": p.plan_id, tr("Kế hoạch", "Plan"): p.title, tr("Đoàn", "Team"): p.team,
        tr("Thời gian", "Period"): f"{i18n.format_date(p.start, lang)} – {i18n.format_date(p.end, lang)}",
        tr("Số cơ sở", "Sites"): len(p.site_ids),
        tr("Tiến độ", "Progress"): f"{int(visits.progress(p, records)['visited'].sum())}/{len(p.site_ids)}",
    } for p in plans])
    picked = st.dataframe(listing.drop(columns="id"), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key="plan_table")
    if picked and picked.selection.rows:
        view.open_plan(listing.iloc[picked.selection.rows[0]]["id"])
    st.caption(tr("Chọn một dòng để mở kế hoạch.", "Select a row to open the plan."))

st.subheader(tr("Lập kế hoạch mới từ bộ lọc hiện tại", "A new plan from the current filters"))
widgets.banner(view, compact=True)
how_labels = {"view": tr("Mọi cơ sở đang lọc, ưu tiên cao trước", "Every filtered site, highest priority first"),
              "bands": tr("Chỉ mức ưu tiên E và D", "Only priority bands E and D"),
              "overdue": tr("Chỉ cơ sở có yêu cầu khắc phục quá hạn", "Only sites with overdue required actions")}
p1, p2 = st.columns([3, 1])
how = p1.radio(tr("Chọn cơ sở", "Choose sites"), list(how_labels), format_func=how_labels.get, key="plan_how")
limit = p2.number_input(tr("Tối đa", "At most"), min_value=1, max_value=visits.MAX_SITES, value=30, key="plan_limit")
candidates = visits.choose(view.filtered, how, limit=int(limit))
ordered = visits.choose(view.filtered, "view", limit=len(view.filtered))
names = dict(zip(ordered["site_id"], ordered["name"] + " (" + ordered["priority_band"].astype(str) + ")"))
picked_ids = st.multiselect(tr("Cơ sở trong kế hoạch (bỏ hoặc thêm nếu cần)", "Sites in the plan (remove or add as needed)"),
                            list(ordered["site_id"]), default=list(candidates["site_id"]), format_func=lambda s: names.get(s, s),
                            key=f"plan_sites_{how}_{limit}_{hash(view.filters)}")
start_options = ["xy", *picked_ids]
start = st.selectbox(tr("Xuất phát từ", "Start from"), start_options, key="plan_start",
                     format_func=lambda s: tr("Tọa độ nhập tay (trụ sở đoàn kiểm tra…)", "Coordinates typed in (the team's office…)")
                     if s == "xy" else tr("Cơ sở: ", "Site: ") + names.get(s, s))
with st.form("new_plan"):
    title = st.text_input(tr("Tên kế hoạch", "Plan title"), max_chars=200,
                          placeholder=tr("VD: Kiểm tra làng nghề tháng 12/2026", "e.g. Craft villages, December 2026"))
    team = st.text_input(tr("Đoàn kiểm tra", "Team"), max_chars=200)
    d1, d2 = st.columns(2)
    begin = d1.date_input(tr("Từ ngày", "From"), value=dates.today(), format=i18n.date_input_format(lang))
    end = d2.date_input(tr("Đến ngày", "To"), value=dates.today() + pd.Timedelta(days=30), format=i18n.date_input_format(lang))
    o1, o2, o3 = st.columns([1, 1, 2])
    lat = o1.number_input(tr("Vĩ độ xuất phát", "Start latitude"), min_value=20.5, max_value=21.5, value=21.0285, format="%.5f",
                          disabled=start != "xy")
    lon = o2.number_input(tr("Kinh độ xuất phát", "Start longitude"), min_value=105.2, max_value=106.1, value=105.8542, format="%.5f",
                          disabled=start != "xy")
    label = o3.text_input(tr("Tên nơi xuất phát", "Name of the starting place"), max_chars=200, disabled=start != "xy",
                          placeholder=tr("VD: trụ sở đoàn", "e.g. the team's office"))
    note = st.text_area(tr("Ghi chú", "Note"), max_chars=1000)
    if st.form_submit_button(tr("Sắp xếp lộ trình và lưu kế hoạch", "Order the route and save the plan"), type="primary"):
        chosen_rows = view.state[view.state["site_id"].isin(set(picked_ids))]
        chosen_rows = chosen_rows.set_index("site_id").loc[[s for s in picked_ids if s in set(chosen_rows["site_id"])]].reset_index()
        if start == "xy":
            origin, origin_label = (lon, lat), (label.strip() or tr(f"tọa độ {lat:.5f}, {lon:.5f}", f"point {lat:.5f}, {lon:.5f}"))
        else:
            g = view.state.set_index("site_id").loc[start, "geometry"]
            origin, origin_label = (g.x, g.y), names.get(start, start)
        try:
            with st.spinner(tr("Đang tìm lộ trình ngắn nhất…", "Finding the shortest route…")):
                plan = visits.new_plan(title, team, begin, end, chosen_rows, origin, origin_label, view.user.username,
                                       link=view.link("danh-sach"), note=note)
                recording.save_plan(view.store, view.user, plan)
        except geo.DashboardError as exc:
            st.error(md.text(exc.text(lang)), icon=":material/error:")
        else:
            st.session_state[keys.FLASH] = tr(f"Đã lưu kế hoạch “{plan.title}”: {len(plan.site_ids)} cơ sở, lộ trình "
                                              f"{i18n.format_number(plan.length_m / 1000, 'vi', 1)} km.",
                                              f"Plan “{plan.title}” saved: {len(plan.site_ids)} sites, a "
                                              f"{i18n.format_number(plan.length_m / 1000, 'en', 1)} km tour.")
            view.open_plan(plan.plan_id)
st.caption(tr("Lộ trình là vòng khép kín ngắn nhất tìm được theo đường chim bay (từ nơi xuất phát, qua mọi cơ sở, quay về). "
              f"Mức ưu tiên: {view.priority.cut_offs('vi')}.",
              "The route is the shortest closed tour found over straight lines (from the start, through every site, and back). "
              f"Priority bands: {view.priority.cut_offs('en')}."))
