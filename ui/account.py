"""The sign-in box: who is signed in, with the sign-in or sign-out control in the sidebar.

The session's token lives in this browser session; the server checks it and its expiry on
every run, so an expired session signs out on the next click. So that a reload does not sign
an inspector out, the browser also keeps an HTTP-only cookie (``ui.server.session_cookie``)
that a new session reads back; signing out drops both. No token is ever in the address.
"""

from __future__ import annotations

import json

import streamlit as st

from geo.access import auth
from geo.core import vocab
from geo.errors import SignInFailed
from geo.language import i18n
from ui import keys, loaders, markdown, server


def box(ctx: loaders.Context, lang: str) -> auth.User | None:
    tr = i18n.translator(lang)
    container = st.sidebar.container(border=True)
    cfg, store = ctx.settings, ctx.store
    if cfg.auth == "oidc":
        return _single_sign_on(container, cfg, store, lang)
    _cookie_work()
    token = st.session_state.get(keys.AUTH_TOKEN)
    if not token:  # a new browser session (a reload, a new tab): the cookie, if it is still live
        remembered = (getattr(st.context, "cookies", None) or {}).get(server.COOKIE)
        if remembered and auth.current_user(store, remembered) is not None:
            st.session_state[keys.AUTH_TOKEN] = token = remembered
    user = auth.current_user(store, token)
    if token and user is None:
        st.session_state.pop(keys.AUTH_TOKEN, None)
        st.session_state[keys.SESSION_EXPIRED] = True
    if st.session_state.get(keys.SESSION_EXPIRED) and user is None:
        container.warning(tr("Phiên đăng nhập đã hết hạn; đăng nhập lại để ghi dữ liệu.", "Your session expired; sign in again to record."))
    if user is not None:
        container.caption(tr("Đã đăng nhập: ", "Signed in: ") + f"**{markdown.text(user.display_name)}** · {vocab.Role.label_of(user.role, lang)}")
        if container.button(tr(":material/logout: Đăng xuất", ":material/logout: Sign out"), key="sign_out"):
            auth.sign_out(store, token)
            st.session_state.pop(keys.AUTH_TOKEN, None)
            st.session_state[keys.COOKIE_WORK] = ("DELETE", None)
            st.rerun()
        return user
    # The form is drawn only once the box is opened: most visits never sign in.
    box = container.expander(tr(":material/login: Đăng nhập để ghi nhận", ":material/login: Sign in to record"),
                             key=keys.SIGN_IN_BOX, on_change="rerun")
    if not box.open:
        return None
    with box:
        with st.form(keys.SIGN_IN_FORM, clear_on_submit=False, border=False):
            username = st.text_input(tr("Tên đăng nhập", "User name"), key=keys.SIGN_IN_USER, max_chars=64)
            password = st.text_input(tr("Mật khẩu", "Password"), type="password", key=keys.SIGN_IN_PASSWORD, max_chars=256)
            submitted = st.form_submit_button(tr("Đăng nhập", "Sign in"))
        if submitted:
            try:
                user, token = auth.sign_in(store, username, password, client=_client(), session_hours=cfg.session_hours)
            except SignInFailed as exc:
                st.error(markdown.text(exc.text(lang)))
                return None
            st.session_state[keys.AUTH_TOKEN] = token
            st.session_state.pop(keys.SESSION_EXPIRED, None)
            st.session_state[keys.COOKIE_WORK] = ("POST", auth.handoff(store, token))
            st.rerun()
    return None


def _cookie_work() -> None:
    """Ask the browser, once, to fetch or drop its sign-in cookie (a one-time code, never the token)."""
    work = st.session_state.pop(keys.COOKIE_WORK, None)
    if not work:
        return
    method, code = work
    url = server.prefixed(server.SESSION_PATH)
    body = f", body: JSON.stringify({{code: {json.dumps(code)}}})" if code else ""
    st.html(f"""<script>fetch({json.dumps(url)}, {{method: {json.dumps(method)}, credentials: "same-origin",
      headers: {{"Content-Type": "application/json"}}{body}}}).then(r => {{ window.__hanoiCookie = r.status; }});</script>""",
            unsafe_allow_javascript=True, width="content")


def _client() -> str:
    """Who is signing in, for the per-client slow-down: the browser's address as the server sees it
    (behind a reverse proxy that is the proxy's, so the per-user limit still holds each account)."""
    return getattr(st.context, "ip_address", None) or ""


def _single_sign_on(container, cfg, store, lang: str) -> auth.User | None:
    tr = i18n.translator(lang)
    if not getattr(st.user, "is_logged_in", False):
        if container.button(tr(":material/login: Đăng nhập (SSO)", ":material/login: Sign in (SSO)"), key="sso_login"):
            st.login(cfg.oidc_provider or None)
        return None
    user = auth.user_from_identity(store, st.user.get("email", ""), st.user.get("name", ""))
    container.caption(tr("Đã đăng nhập: ", "Signed in: ") + f"{markdown.text(user.display_name)} · {vocab.Role.label_of(user.role, lang)}")
    if container.button(tr("Đăng xuất", "Sign out"), key="sso_logout"):
        st.logout()
    return user
