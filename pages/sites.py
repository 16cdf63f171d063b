"""Danh sách cơ sở: the filtered sites for planners, with exports of exactly what is shown."""

import streamlit as st

from geo.core import filters, links
from geo.dataset import sources
from geo.io import exports
from geo.io.field import form, outbound
from geo.language import i18n
from geo.views import tables
from ui import keys, widgets
from ui.markdown import text as md_text
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Danh sách cơ sở", "Sites"))
widgets.banner(view)

t1, t2 = st.columns([3, 2])
only_short = t1.toggle(tr("Chỉ những cơ sở chưa đạt chỉ tiêu nào đó", "Only sites falling short of a target"),
                       key=keys.ONLY_SHORT, persist_state="session")
order = t2.selectbox(tr("Sắp xếp", "Order"), list(links.SORT.choices), key=keys.SORT, persist_state="session",
                     format_func=lambda o: {"priority": tr("Ưu tiên kiểm tra (cao trước)", "Inspection priority (highest first)"),
                                            "name": tr("Tên (A–Z)", "Name (A–Z)")}[o])
rows = filters.falling_short(view.filtered) if only_short else view.filtered
rows = filters.sort_rows(rows, order)

table = tables.display_table(rows, lang, cite=lambda s: sources.outlets(s, view.settings.sources_csv, lang))
event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key=keys.SITE_TABLE,
                     width="stretch", height=520)
marked = bool(rows["illustrative"].any()) if len(rows) else False
st.caption(tr(f"{i18n.format_number(len(rows), lang)} cơ sở. Chọn một dòng để mở trang chi tiết.",
              f"{i18n.format_number(len(rows), lang)} sites. Select a row to open its page.")
           + (tr(f" {tables.MARK} = giá trị minh họa, không phải số liệu thật.", f" {tables.MARK} = illustrative value, not real data.")
              if marked else ""))
if event and event.selection.rows:
    view.open_site(rows.iloc[event.selection.rows[0]]["site_id"])

listing = exports.sites_list(rows, lang, view.as_of, view.filters_in_words(), view.link(), only_short)
*buttons, c4 = st.columns(5)
for column, (fmt, label) in zip(buttons, {"csv": "CSV", "xlsx": "XLSX", "geojson": "GeoJSON", "gpkg": "GeoPackage"}.items()):
    column.download_button(f":material/download: {label}", listing.file(fmt), f"{listing.stem}.{fmt}", exports.MEDIA_TYPES[fmt],
                           on_click="ignore")
with c4:
    widgets.link_box(view)

with st.expander(tr(":material/smartphone: Gửi danh sách này cho thanh tra hiện trường (ODK Collect, KoboCollect, QField)",
                    ":material/smartphone: Send this list to field inspectors (ODK Collect, KoboCollect, QField)")):
    st.caption(tr(f"Biểu mẫu kiểm tra (XLSForm) đọc danh sách cơ sở từ tệp đính kèm {form.SITE_LIST}; gói QField là một GeoPackage có lớp "
                  "cơ sở và lớp “kiem_tra” để ghi từng lần kiểm tra. Kết quả gửi về nhập ở trang Dữ liệu.",
                  f"The inspection form (XLSForm) reads its site list from the attachment {form.SITE_LIST}; the QField package is a "
                  "GeoPackage with the sites and a “kiem_tra” layer for each visit. Bring the results back on the Data page.")
               + (tr(" Các trạng thái minh họa được ghi rõ ở cột minh_hoa.", " Illustrative statuses are marked in the minh_hoa column.")
                  if marked else ""))
    field_rows = lambda: outbound.site_rows(rows, view.store.read_inspections(), view.as_of, lang)  # noqa: E731  built on click
    f1, f2, f3 = st.columns(3)
    f1.download_button(f":material/download: {form.SITE_LIST} (ODK, Kobo)", lambda: outbound.site_list_csv(field_rows()), form.SITE_LIST,
                       "text/csv", on_click="ignore")
    f2.download_button(":material/download: QField (.gpkg)", lambda: outbound.qfield_package(field_rows(), listing.meta),
                       f"{outbound.stem(view.as_of)}.gpkg", "application/geopackage+sqlite3", on_click="ignore")
    f3.download_button(":material/download: XLSForm", form.xlsform, f"{form.FORM_ID}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    st.caption(md_text(outbound.package_note(lang)))
