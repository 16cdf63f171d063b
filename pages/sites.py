"""Danh sách cơ sở: the filtered sites for planners, with exports of exactly what is shown."""

import streamlit as st

from geo.dataset import sources
from geo.io import exports
from geo.language import i18n
from geo.views import tables
from ui import keys, widgets
from ui import view as ui_view

view = ui_view.current()
tr, lang = view.tr, view.lang

st.title(tr("Danh sách cơ sở", "Sites"))
widgets.banner(view)

only_short = st.toggle(tr("Chỉ những cơ sở chưa đạt chỉ tiêu nào đó", "Only sites falling short of a target"),
                       key=keys.ONLY_SHORT, persist_state="session")
rows = view.filtered
if only_short:
    flags = [c for c in rows.columns if c.startswith("short__")]
    rows = rows[rows[flags].any(axis=1)] if flags else rows.iloc[0:0]

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

described = view.filters_in_words()
if only_short:
    described[tr("Chỉ cơ sở chưa đạt", "Only sites falling short")] = tr("Có", "Yes")
meta = exports.metadata(lang, view.as_of, described, view.link(), marked, len(rows))
stem = exports.file_stem(lang, tr("danh sách cơ sở", "sites"), described.values(), view.as_of)
exported = tables.display_table(rows, lang, screen=False)
c1, c2, c3, c5, c4 = st.columns(5)
c1.download_button(":material/download: CSV", exports.to_csv(exported, meta), f"{stem}.csv", "text/csv", on_click="ignore")
c2.download_button(":material/download: XLSX", exports.to_xlsx(exported, meta), f"{stem}.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
c3.download_button(":material/download: GeoJSON", exports.to_geojson(rows, exported, meta), f"{stem}.geojson",
                   "application/geo+json", on_click="ignore")
c5.download_button(":material/download: GeoPackage", exports.to_gpkg(rows, exported, meta), f"{stem}.gpkg",
                   "application/geopackage+sqlite3", on_click="ignore")
with c4:
    widgets.link_box(view)
