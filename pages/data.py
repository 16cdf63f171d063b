"""Dữ liệu: what the store holds, and for admins the users (imports come with the data-in issue)."""

import streamlit as st

from geo import auth, i18n, vocab
from geo.errors import DashboardError

view = st.session_state["view"]
tr, lang = view.tr, view.lang

st.title(tr("Dữ liệu", "Data"))
meta = view.store.read_meta()
history = view.store.read_history()
c1, c2, c3 = st.columns(3)
c1.metric(tr("Cơ sở", "Sites"), i18n.format_number(len(view.state), lang))
c2.metric(tr("Bản ghi thay đổi", "Change records"), i18n.format_number(len(history), lang))
c3.metric(tr("Trong đó minh họa", "Of which illustrative"), i18n.format_number(int(history["illustrative"].sum()), lang))
if view.settings.database_url:
    st.write(tr("Kho dữ liệu: PostgreSQL/PostGIS (DATABASE_URL).", "Store: PostgreSQL/PostGIS (DATABASE_URL)."))
else:
    st.write(tr("Kho dữ liệu nhúng (GeoPackage, mở được bằng QGIS): ", "Embedded store (GeoPackage, opens in QGIS): ")
             + f"`{view.settings.store_path}`")
st.json(meta)

st.subheader(tr("Người dùng", "Users"))
if view.user is None or not view.user.can("admin"):
    st.info(tr("Chỉ quản trị viên xem và quản lý người dùng.", "Only administrators see and manage users."), icon=":material/lock:")
else:
    users = view.store.list_users()
    st.dataframe(users.assign(role=users["role"].map(lambda r: vocab.Role.label_of(r, lang))), hide_index=True, width="stretch")
    with st.form("new_user"):
        st.markdown(tr("**Thêm hoặc đặt lại người dùng**", "**Add or reset a user**"))
        c1, c2, c3 = st.columns(3)
        username = c1.text_input(tr("Tên đăng nhập", "User name"), max_chars=64)
        name = c2.text_input(tr("Họ tên", "Full name"), max_chars=200)
        role = c3.selectbox(tr("Vai trò", "Role"), vocab.Role.codes(), format_func=lambda r: vocab.Role.label_of(r, lang))
        email = c1.text_input(tr("E-mail (cho đăng nhập một lần)", "E-mail (for single sign-on)"), max_chars=200)
        password = c2.text_input(tr("Mật khẩu (ít nhất 10 ký tự)", "Password (10 characters or more)"), type="password", max_chars=256)
        if st.form_submit_button(tr("Lưu người dùng", "Save user"), type="primary"):
            try:
                auth.create_user(view.store, view.user, username, password or None, role, name, email)
            except DashboardError as exc:
                st.error(str(exc))
            else:
                st.success(tr(f"Đã lưu người dùng {username}.", f"Saved user {username}."))
    disabled = users[users["disabled"].astype(bool)]["username"].tolist() if len(users) else []
    st.caption(tr(f"{len(users)} người dùng, {len(disabled)} bị khóa.", f"{len(users)} users, {len(disabled)} disabled."))

st.info(tr("Nhập danh sách từ các sở, ngành (CSV, XLSX, GeoJSON, Shapefile) sẽ có ở trang này.",
           "Importing lists from departments (CSV, XLSX, GeoJSON, Shapefile) will be available on this page."))
