"""Dữ liệu: what the store holds and where it came from (imports come in a later issue)."""

import streamlit as st

from geo import i18n

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Dữ liệu", "Data"))
meta = view.store.read_meta()
history = view.store.read_history()
c1, c2, c3 = st.columns(3)
c1.metric(tr("Cơ sở", "Sites"), i18n.format_number(len(view.state), lang))
c2.metric(tr("Bản ghi thay đổi", "Change records"), i18n.format_number(len(history), lang))
c3.metric(tr("Trong đó minh họa", "Of which illustrative"), i18n.format_number(int(history["illustrative"].sum()), lang))
st.write(tr("Kho dữ liệu nhúng (GeoPackage, mở được bằng QGIS): ", "Embedded store (GeoPackage, opens in QGIS): ")
         + f"`{view.settings.store_path}`")
st.json(meta)
st.info(tr("Nhập danh sách từ các sở, ngành (CSV, XLSX, GeoJSON, Shapefile) sẽ có ở trang này.",
           "Importing lists from departments (CSV, XLSX, GeoJSON, Shapefile) will be available on this page."))
