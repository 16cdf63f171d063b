"""Không tìm thấy trang: an address that names no page, with the way back."""

import streamlit as st

from ui import keys
from ui import markdown as md
from ui import view as ui_view

view = ui_view.current()
tr = view.tr

st.title(tr("Không tìm thấy trang", "Page not found"))
asked = st.session_state.pop(keys.VIEW_MISSING_PATH, "")  # said once; not carried to the next page
st.error(tr("Địa chỉ ", "The address ") + (f"“{md.text(asked)}” " if asked else "")
         + tr("không dẫn tới trang nào của bảng điều khiển; có thể liên kết bị cắt hoặc gõ nhầm.",
              "leads to no page of the dashboard; the link may have been cut short or mistyped."), icon=":material/link_off:")
params = ui_view.link_params()  # the filters of the link that missed are kept
st.page_link(view.pages["overview"], label=tr("Về trang Tổng quan", "Go to the overview"), icon=":material/home:", query_params=params)
st.page_link(view.pages["sites"], label=tr("Xem danh sách cơ sở", "See the list of sites"), icon=":material/list:", query_params=params)
