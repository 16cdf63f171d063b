"""Danh sách cơ sở: the filtered sites for planners, with exports of exactly what is shown."""

import streamlit as st

from geo.io import exports
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

table = tables.display_table(rows, lang)
event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key=keys.SITE_TABLE,
                     width="stretch", height=520)
st.caption(tr(f"{len(rows)} cơ sở. Chọn một dòng để mở trang chi tiết.", f"{len(rows)} sites. Select a row to open its page."))
if event and event.selection.rows:
    view.open_site(rows.iloc[event.selection.rows[0]]["site_id"])

meta = exports.metadata(lang, view.as_of, view.filters.active() | ({"only_short": True} if only_short else {}),
                        view.link(), bool(rows["illustrative"].any()) if len(rows) else False, len(rows))
stamp = view.as_of.isoformat()
c1, c2, c3, c5, c4 = st.columns(5)
c1.download_button(":material/download: CSV", exports.to_csv(table, meta), f"co-so-{stamp}.csv", "text/csv", on_click="ignore")
c2.download_button(":material/download: XLSX", exports.to_xlsx(table, meta), f"co-so-{stamp}.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
c3.download_button(":material/download: GeoJSON", exports.to_geojson(rows, table, meta), f"co-so-{stamp}.geojson",
                   "application/geo+json", on_click="ignore")
c5.download_button(":material/download: GeoPackage", exports.to_gpkg(rows, table, meta), f"co-so-{stamp}.gpkg",
                   "application/geopackage+sqlite3", on_click="ignore")
with c4:
    widgets.link_box(view)
