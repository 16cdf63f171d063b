"""Chi tiết: one site, every attribute with labels and units, its history and sources."""


import pandas as pd
import streamlit as st

import geo
from geo.access import recording
from geo.core import audit, history, indicators, inspections, links, model, vocab
from geo.dataset import sources
from geo.language import dates, i18n, text
from geo.views import maps, tables
from ui import error_reports as error_reports_ui
from ui import keys, leaflet, widgets
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

site_id = st.session_state.get(keys.VIEW_SITE)
ids = list(view.state["site_id"])
if not site_id or site_id not in ids:
    st.session_state.pop(keys.VIEW_SITE, None)  # a bad id leaves the address (the link check dropped it)
    asked = ui_view.dropped_value(links.SITE.name)
    if asked:
        st.title(tr("Không có cơ sở này", "No such site"))
        st.warning(tr(f"Không có cơ sở nào mang mã “{md.text(asked)}”; có thể liên kết đã cũ hoặc bị cắt. Tìm cơ sở bên dưới.",
                      f"No site has the id “{md.text(asked)}”; the link may be old or cut short. Find the site below."),
                   icon=":material/search_off:")
    else:
        st.title(tr("Chi tiết cơ sở", "Site details"))
        st.info(tr("Chọn một cơ sở trên bản đồ, trong danh sách, hoặc ở đây.", "Pick a site on the map, in the list, or here."))
    names = dict(zip(view.state["site_id"], view.state["name"]))
    chosen = st.selectbox(tr("Tìm cơ sở theo tên", "Find a site by name"), sorted(ids, key=lambda s: text.fold(names[s])), index=None,
                          format_func=lambda s: names[s], placeholder=tr("Gõ tên để tìm…", "Type a name to search…"))
    if chosen:
        view.open_site(chosen)
    widgets.end_page()

st.session_state[keys.VIEW_SITE] = site_id
site = view.state.set_index("site_id").loc[site_id]
illustrative_fields = set(filter(None, site["illustrative_fields"].split(",")))
records = view.store.read_inspections(site_id)
st.title(md.text(site["name"]))
st.caption(" · ".join(md.text(x) for x in (vocab.label("kind", site["kind"], lang), site["old_district_name"], site["new_unit_name"]) if x)
           + " · " + tr("trạng thái tại ngày ", "status as of ") + i18n.format_date(view.as_of, lang))
if keys.FLASH in st.session_state:
    st.success(md.text(st.session_state.pop(keys.FLASH)), icon=":material/check:")
widgets.link_box(view)

# What a planner asks first: which targets it falls short of and why, who answers for it, what is due.
standing = indicators.site_standing(view.targets, view.state, site_id, lang)
short = standing[~standing["met"]]
if len(short):
    st.error("\n".join([f"**{tr('Chưa đạt', 'Falls short of')}:**"] + [
        f"- **{md.text(r.target)}**: {md.text(r.reason)} · {tr('Cơ quan chịu trách nhiệm', 'Responsible')}: {md.text(r.agency)}"
        for r in short.itertuples()]), icon=":material/flag:")
elif len(standing):
    st.success(tr("Đạt mọi chỉ tiêu tính cho cơ sở này.", "Meets every target that counts this site."), icon=":material/check_circle:")
else:
    st.info(tr("Không có chỉ tiêu nào áp dụng cho cơ sở này.", "No target applies to this site."))
open_actions = inspections.open_actions(records, view.as_of)
if open_actions:
    late = [x for x in open_actions if x[2] == "overdue"]
    lines = [f"- {md.text(a['action'])} · {tr('hạn', 'due')} {i18n.format_date(a.get('deadline'), lang) or '—'}"
             + (f" · **{tr('quá hạn', 'overdue')}**" if state == "overdue" else "") for _rec, a, state in open_actions]
    (st.error if late else st.warning)(
        tr(f"**{len(open_actions)} yêu cầu khắc phục chưa xong**, {len(late)} quá hạn:",
           f"**{len(open_actions)} required action(s) open**, {len(late)} overdue:") + "\n" + "\n".join(lines), icon=":material/alarm:")
if "priority_band" in site.index:
    lines = view.priority_lines(site_id)[site_id]
    said = tr(f"**Ưu tiên kiểm tra: mức {site['priority_band']}** ({site['priority_score']} điểm"
              + ("; minh họa vì tính từ số liệu minh họa" if site["priority_illustrative"] else "") + ")",
              f"**Inspection priority: band {site['priority_band']}** ({site['priority_score']} points"
              + ("; illustrative, as it is computed from illustrative values" if site["priority_illustrative"] else "") + ")")
    with st.expander(said, icon=":material/priority_high:", expanded=site["priority_band"] in ("D", "E")):
        if lines:
            st.markdown("\n".join(f"- {md.text(line.text(lang))} · _{md.text(line.factor.basis)}_" for line in lines))
        else:
            st.markdown(tr("Không yếu tố nào cộng điểm.", "No factor adds points."))
        st.caption(tr(f"Mức theo điểm: {view.priority.cut_offs('vi')}. A: ít đáng lo nhất, E: đáng lo nhất. "
                      "Mọi yếu tố, trọng số và căn cứ: xem trang Giới thiệu.",
                      f"Bands by score: {view.priority.cut_offs('en')}. A: lowest concern, E: highest. "
                      "Every factor, weight and basis: see the About page."))
if illustrative_fields:
    st.warning(tr("**Số liệu minh họa** (kịch bản giả định, không phải số liệu thật), đánh dấu ✱: ",
                  "**Illustrative values** (a made-up scenario, not real data), marked ✱: ")
               + ", ".join(i18n.field_label(f, lang) for f in sorted(illustrative_fields)), icon=":material/warning:")


def shown(field):
    """A value as it reads: labels, Vietnamese or English numbers and dates, notes in the language, sources cited."""
    value = site.get(field)
    if field in ("notes", "placement_note"):
        value = site.get(f"{field}_en") if lang == "en" and site.get(f"{field}_en") else value
    if field in ("source", "status_sources"):
        out = sources.cite(value, view.settings.sources_csv, lang)
    elif field in vocab.FIELD_VOCAB:
        out = vocab.label(field, value, lang)
    elif field in ("assessment_date", "last_updated"):
        out = i18n.format_date(value, lang) or "—"
    elif field == "recognition_year":
        out = i18n.format_year(value)
    elif field == "area_ha" and site.get("area_text"):
        out = f"{site['area_text']} ha"  # the source's own qualifier: "≈ 17", "> 20"
    elif field in ("area_ha", "ww_capacity_m3d", "haz_waste_tonnes"):
        out = i18n.format_number(value, lang, 2 if field == "area_ha" else 0) if pd.notna(value) else tr("Chưa rõ", "Unknown")
    else:
        text_ = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        out = tr("Chưa rõ", "Unknown") if text_ == "unknown" else (text_ or "—")
    return out + (" ✱" if field in illustrative_fields else "")


left, right = st.columns([3, 2])
with left:
    groups = {
        tr("Nhận diện", "Identity"): ["kind", "recognised", "craft_title", "recognition_year", "roadmap_list", "sector", "trade_group",
                                      "craft", "area_ha"],
        tr("Địa bàn", "Location"): ["old_district_name", "old_commune_name", "new_unit_name", "location_precision", "placement_note",
                                    "water_body"],
        tr("Môi trường", "Environment"): ["operating_status", "ww_status", "ww_capacity_m3d", "haz_waste_generated", "haz_waste",
                                          "haz_waste_tonnes", "water_class", "air_class", "soil_class", "assessment_date"],
        tr("Điều kiện BVMT (Luật BVMT 2020, Điều 56)", "EP conditions (2020 law, art. 56)"): ["ep_plan", "ep_org", "ep_infra", "ep_all_met"],
        tr("Nguồn", "Sources"): ["source", "status_sources", "notes", "last_updated"],
    }
    for title, fields in groups.items():
        st.subheader(title)
        st.table(pd.DataFrame({tr("Thuộc tính", "Attribute"): [i18n.field_label(f, lang) for f in fields],
                               tr("Giá trị", "Value"): [md.text(shown(f)) for f in fields]}).set_index(tr("Thuộc tính", "Attribute")))
    if illustrative_fields:
        st.caption(tr("✱ giá trị minh họa", "✱ illustrative value"))
with right:
    unit_shape = None
    if view.boundaries is not None and site["new_unit_code"]:
        match = view.boundaries.units[view.boundaries.units["code"] == site["new_unit_code"]]
        unit_shape = match.geometry.iloc[0] if len(match) else None
    row = view.state[view.state["site_id"] == site_id].iloc[0]
    leaflet.show(maps.site_map(row, unit_shape, view.settings.tiles, view.settings.tiles_attribution, lang),
                 key=f"site_map_{site_id}", height=320, lang=lang)

st.subheader(tr("Diễn biến theo năm", "Status by year"))
changes = view.store.read_history(site_id)
sites_one = view.store.read_site_table()
sites_one = sites_one[sites_one["site_id"] == site_id]
timeline_fields = ["operating_status", "ww_status", "haz_waste", "water_class", "air_class", "soil_class", "ep_all_met"]
days = history.year_ends() + [dates.today()]
columns = {}
for day in days:
    st_day = geo.state_as_of(sites_one, changes, day).iloc[0]
    label = str(day.year) if day.month == 12 and day.day == 31 else tr("Hôm nay", "Today")
    columns[label] = [vocab.label(f, st_day[f], lang) + (" ✱" if f in st_day["illustrative_fields"].split(",") else "") for f in timeline_fields]
timeline = pd.DataFrame(columns, index=[i18n.field_label(f, lang) for f in timeline_fields])
st.dataframe(timeline, width="stretch")
st.caption(tr("✱ giá trị minh họa", "✱ illustrative value"))

st.subheader(tr("Sự việc có nguồn (ngày theo độ chính xác của nguồn)", "Sourced facts (dates as precise as the source)"))
facts = tables.dated_facts(changes, lang, lambda s_: sources.cite(s_, view.settings.sources_csv, lang))
if len(facts):
    st.dataframe(facts.rename(columns={"date": tr("Ngày", "Date"), "what": tr("Sự việc", "What"), "source": tr("Nguồn", "Source"),
                                       "note": tr("Ghi chú", "Note")}), hide_index=True, width="stretch")
    st.caption(tr("Ngày chỉ có tháng ghi “09/2025”, chỉ có năm ghi “2017”; ngày giả định ghi rõ và nêu lý do ở ghi chú.",
                  "A date known to the month reads “2025-09”, to the year “2017”; an assumed date says so, with the reason in the note."))
else:
    st.info(tr("Chưa có bản ghi thật nào có nguồn cho cơ sở này; mọi trạng thái đang hiển thị là minh họa hoặc chưa rõ.",
               "No real sourced record for this site yet; every status shown is illustrative or unknown."))

st.subheader(tr("Kiểm tra", "Inspections"))
people = view.display_names()
current = inspections.current(records).sort_values("inspection_date", ascending=False)
photos = view.store.read_evidence(site_id, with_content=True) if len(current) else None
if current.empty:
    st.info(tr("Chưa có biên bản kiểm tra nào.", "No inspection recorded yet."))
for rec in current.to_dict("records"):
    violations, actions = inspections.decode(rec)
    state_of = [inspections.action_state(rec, a, view.as_of) for a in actions]
    late = "overdue" in state_of
    with st.expander(f"{i18n.format_date(rec['inspection_date'], lang)} · {md.text(rec['agency'])} · "
                     f"{vocab.label('follow_up', rec['follow_up'], lang)}" + (" · ⚠" if late else "")):
        st.markdown(f"**{tr('Người kiểm tra', 'Inspector')}:** {md.text(rec['inspector'])}  \n"
                    f"**{tr('Kết quả', 'Findings')}:** {md.text(rec['findings'])}")
        if violations:
            st.dataframe(pd.DataFrame({tr("Vi phạm", "Violation"): [v["description"] for v in violations],
                                       tr("Căn cứ pháp lý", "Legal reference"): [v.get("legal_ref", "") for v in violations]}),
                         hide_index=True, width="stretch")
        if rec["fine_vnd"] is not None and pd.notna(rec["fine_vnd"]):
            st.markdown(f"**{tr('Tiền phạt', 'Fine')}:** {i18n.format_number(rec['fine_vnd'], lang)} đ")
        if actions:
            st.dataframe(pd.DataFrame({
                tr("Yêu cầu khắc phục", "Required action"): [a["action"] for a in actions],
                tr("Hạn", "Deadline"): [i18n.format_date(a["deadline"], lang) if a.get("deadline") else "—" for a in actions],
                tr("Tình trạng", "Status"): [{"done": tr("Đã xong", "Done"), "overdue": tr("Quá hạn", "Overdue"),
                                              "open": tr("Chưa xong", "Open")}[state] for state in state_of],
            }), hide_index=True, width="stretch")
        shown = photos[photos["record_id"].isin(inspections.lineage(records, rec["record_id"]))] if photos is not None else ()
        if len(shown):
            st.image(list(shown["content"]), caption=[md.text(f) for f in shown["filename"]], width=220)
        if rec["note"]:
            st.caption(f"{tr('Ghi chú', 'Note')}: {md.text(rec['note'])}")
        st.caption(f"{tr('Nguồn', 'Source')}: {md.text(sources.cite(rec['source'], view.settings.sources_csv, lang))} · "
                   f"{tr('ghi bởi', 'recorded by')} {md.text(audit.person(rec['recorded_by'], people, lang))} · "
                   f"{i18n.format_datetime(rec['recorded_at'], lang)}")
        if view.user is not None and view.user.can("inspector") and actions:
            with st.form(f"follow_{rec['record_id']}"):
                done = [st.checkbox(md.text(a["action"]), value=bool(a.get("done")), key=f"done_{rec['record_id']}_{i}") for i, a in enumerate(actions)]
                follow = st.selectbox(tr("Tình trạng khắc phục", "Follow-up"), vocab.FollowUp.codes(),
                                      index=vocab.FollowUp.codes().index(rec["follow_up"]), format_func=lambda c: vocab.label("follow_up", c, lang))
                note = st.text_input(tr("Ghi chú cập nhật", "Update note"), max_chars=500)
                if st.form_submit_button(tr("Lưu cập nhật khắc phục", "Save follow-up")):
                    st.session_state[keys.PENDING_WRITE] = ("follow_up", rec["record_id"], follow, done, note)

OPENED = keys.opened_version(site_id)
st.session_state.setdefault(OPENED, view.store.site_version(site_id))


ROUND = keys.form_round(site_id)  # bumped after each save: the forms under new keys start empty, so nothing saves twice
rnd = st.session_state.setdefault(ROUND, 0)


def save(write, what: str):
    """Run one write; on a conflict show what changed and let the user save again after reading it.

    On failure every field keeps what was typed; on success the page says what was saved and the forms start empty.
    """
    try:
        write(st.session_state[OPENED])
    except geo.Conflict as exc:
        st.error(md.text(exc.text(lang)), icon=":material/sync_problem:")
        st.dataframe(exc.changed, hide_index=True, width="stretch")
        st.session_state[OPENED] = view.store.site_version(site_id)
        return False
    except geo.ValidationFailed as exc:
        for e in exc.errors:
            st.error(md.text(e.text(lang)))
        return False
    except geo.DashboardError as exc:
        st.error(md.text(exc.text(lang)))
        return False
    st.session_state[OPENED] = view.store.site_version(site_id)
    st.session_state[keys.FLASH] = what + tr(" Đã ghi vào nhật ký của cơ sở (bên dưới).", " It is in the site's audit trail (below).")
    st.session_state[ROUND] = rnd + 1
    st.rerun()


pending = st.session_state.pop(keys.PENDING_WRITE, None)
if pending and pending[0] == "follow_up":
    _, rid, follow, done, note = pending
    save(lambda v: recording.update_follow_up(view.store, view.user, rid, follow, done, note, opened_version=v),
         tr(f"Đã lưu cập nhật khắc phục: {vocab.label('follow_up', follow, lang)}.",
            f"Follow-up saved: {vocab.label('follow_up', follow, lang)}."))

st.subheader(tr("Ghi nhận", "Record"))
if view.user is None or not view.user.can("inspector"):
    st.info(tr("Đăng nhập với vai trò cán bộ kiểm tra để thêm biên bản hoặc ghi thay đổi trạng thái (ô bên trái).",
               "Sign in as an inspector to add an inspection or record a status change (sidebar)."), icon=":material/lock:")
else:
    add_tab, change_tab, correct_tab = st.tabs([tr("Thêm biên bản kiểm tra", "Add an inspection"),
                                                tr("Ghi thay đổi trạng thái", "Record a status change"),
                                                tr("Đính chính một bản ghi", "Correct a record")])
    with add_tab, st.form(f"inspection_{site_id}_{rnd}"):
        c1, c2, c3 = st.columns(3)
        day = c1.date_input(tr("Ngày kiểm tra", "Inspection date"), value=dates.today(), max_value=dates.today(),
                            format=i18n.date_input_format(lang))
        agency = c2.text_input(tr("Cơ quan kiểm tra", "Agency"), max_chars=200)
        inspector = c3.text_input(tr("Người kiểm tra", "Inspector"), value=view.user.display_name, max_chars=200)
        findings = st.text_area(tr("Kết quả kiểm tra", "Findings"), max_chars=inspections.MAX_TEXT)
        violations = st.data_editor(pd.DataFrame({"description": pd.Series(dtype=str), "legal_ref": pd.Series(dtype=str)}),
                                    num_rows="dynamic", width="stretch", key=f"viol_{site_id}_{rnd}", column_config={
                                        "description": st.column_config.TextColumn(tr("Vi phạm", "Violation"), max_chars=500),
                                        "legal_ref": st.column_config.TextColumn(tr("Căn cứ pháp lý", "Legal reference"), max_chars=200)})
        fine = st.number_input(tr("Tiền phạt (đồng)", "Fine (VND)"), min_value=0, step=1_000_000, value=0)
        actions = st.data_editor(pd.DataFrame({"action": pd.Series(dtype=str), "deadline": pd.Series(dtype="datetime64[ns]")}),
                                 num_rows="dynamic", width="stretch", key=f"act_{site_id}_{rnd}", column_config={
                                     "action": st.column_config.TextColumn(tr("Yêu cầu khắc phục", "Required action"), max_chars=500),
                                     "deadline": st.column_config.DateColumn(tr("Hạn", "Deadline"), format="DD/MM/YYYY")})
        source = st.text_input(tr("Số biên bản / nguồn", "Report number / source"), max_chars=300)
        if st.form_submit_button(tr("Lưu biên bản", "Save inspection"), type="primary"):
            v_list = [{"description": r["description"], "legal_ref": r["legal_ref"] or ""} for r in violations.to_dict("records") if r.get("description")]
            a_list = [{"action": r["action"], "deadline": r["deadline"]} for r in actions.to_dict("records")
                      if r.get("action") or pd.notna(r.get("deadline"))]
            for a in a_list:
                a["deadline"] = a["deadline"].date() if pd.notna(a["deadline"]) else ""
                a["action"] = a["action"] or ""
            save(lambda v: recording.record_inspection(view.store, view.user, site_id, day, agency, inspector, findings,
                                                       violations=v_list, fine_vnd=fine or None, actions=a_list, source=source,
                                                       opened_version=v),
                 tr(f"Đã lưu biên bản kiểm tra ngày {i18n.format_date(day, lang)}.",
                    f"Inspection of {i18n.format_date(day, lang)} saved."))
    with change_tab:
        # The field is chosen outside the form so that the list of values follows it.
        fname = st.selectbox(tr("Thuộc tính", "Field"), [f for f, k in model.STATUS_FIELDS.items() if k == "code"],
                             format_func=lambda f: i18n.field_label(f, lang), key=f"change_field_{site_id}")
    with change_tab, st.form(f"change_{site_id}_{rnd}"):
        value = st.selectbox(tr("Giá trị mới", "New value"), vocab.FIELD_VOCAB[fname].codes(),
                             format_func=lambda c: vocab.label(fname, c, lang))
        eff = st.date_input(tr("Có hiệu lực từ", "Effective from"), value=dates.today(), format=i18n.date_input_format(lang))
        source = st.text_input(tr("Nguồn (văn bản, biên bản)", "Source (document, report)"), max_chars=300)
        evidence = st.text_area(tr("Bằng chứng / ghi chú", "Evidence / note"), max_chars=2000)
        if st.form_submit_button(tr("Lưu thay đổi", "Save change"), type="primary"):
            save(lambda v: recording.record_status_change(view.store, view.user, site_id, fname, value, eff, source, evidence,
                                                          opened_version=v),
                 tr(f"Đã ghi {i18n.field_label(fname, lang)}: {vocab.label(fname, value, lang)}, từ {i18n.format_date(eff, lang)}.",
                    f"Recorded {i18n.field_label(fname, lang)}: {vocab.label(fname, value, lang)}, from {i18n.format_date(eff, lang)}."))
    with correct_tab:
        live = history.site_history(changes, site_id)
        live = live[live["superseded_by"] == ""]
        if live.empty:
            st.info(tr("Không có bản ghi để đính chính.", "No record to correct."))
        else:
            with st.form(f"correct_{site_id}_{rnd}"):
                labels = {r.record_id: f"{i18n.field_label(r.field, lang)} = {vocab.label(r.field, r.value, lang)} "
                                       f"({i18n.format_date(r.effective_date, lang)}, {r.source})" for r in live.itertuples()}
                rid = st.selectbox(tr("Bản ghi", "Record"), list(labels), format_func=labels.get)
                old = live.set_index("record_id").loc[rid]
                codes = vocab.FIELD_VOCAB[old["field"]].codes() if old["field"] in vocab.FIELD_VOCAB else []
                new_value = (st.selectbox(tr("Giá trị đúng", "Correct value"), codes, format_func=lambda c: vocab.label(old["field"], c, lang))
                             if codes else st.text_input(tr("Giá trị đúng", "Correct value")))
                eff = st.date_input(tr("Ngày hiệu lực đúng", "Correct effective date"), value=dates.parse_date(old["effective_date"]),
                                    format=i18n.date_input_format(lang))
                source = st.text_input(tr("Nguồn", "Source"), value=old["source"], max_chars=300)
                reason = st.text_input(tr("Lý do đính chính", "Reason for the correction"), max_chars=500)
                if st.form_submit_button(tr("Lưu đính chính", "Save correction"), type="primary"):
                    save(lambda v: recording.correct_change(view.store, view.user, rid, new_value, eff, source, reason, opened_version=v),
                         tr(f"Đã lưu đính chính: {labels[rid]} → {vocab.label(old['field'], new_value, lang)}.",
                            f"Correction saved: {labels[rid]} → {vocab.label(old['field'], new_value, lang)}."))
        st.caption(tr("Bản ghi cũ không bị sửa hay xóa: bản đính chính thay thế nó và ghi rõ lý do.",
                      "The old record is never edited or deleted: the correction supersedes it and says why."))

error_reports_ui.site_section(view, site_id)

st.subheader(tr("Nhật ký ghi nhận (ai, khi nào, thay bản ghi nào)", "Audit trail (who, when, what it replaced)"))
trail = audit.in_words(audit.trail(changes, records, lang), people, lang)  # read above; a successful save reruns the page first
st.dataframe(pd.DataFrame({
    tr("Ghi lúc", "Recorded at"): trail["recorded_at"],
    tr("Người ghi", "Recorded by"): trail["recorded_by"],
    tr("Nội dung", "What"): trail["what"] + trail["illustrative"].map(lambda x: " ✱" if x else ""),
    tr("Ngày hiệu lực", "Effective"): trail["effective_date"],
    tr("Nguồn", "Source"): trail["source"].map(lambda s_: sources.cite(s_, view.settings.sources_csv, lang)),
    tr("Ghi chú", "Note"): trail["note"],
    tr("Thay thế", "Replaces"): trail["replaces"],
    tr("Bị thay bởi", "Replaced by"): trail["replaced_by"],
}), hide_index=True, width="stretch")
st.caption(tr("✱ bản ghi minh họa. Không bản ghi nào bị sửa hay xóa: bản đính chính thay thế bản cũ và nêu lý do.",
              "✱ an illustrative record. No record is ever edited or deleted: a correction replaces the old one and says why."))
