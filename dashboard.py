"""Entry point: the page router and the sidebar shared by every page.

Every widget that shapes the view is a parameter of the link (see ``geo/links.py``): the
address bar always holds the current view, in stable codes rather than labels, and a
copied link reopens it. (Streamlit's ``bind="query-params"`` writes the *labels* of
options into the URL, which would break links when the language or a label changes.) The pages find
the prepared data in ``st.session_state["view"]`` (a :class:`View`).

Start it with ``python dashboard.py [streamlit options]`` (``make run``); see :func:`serve`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def serve(argv: list[str]) -> int:
    """Run the dashboard server: ``streamlit run dashboard.py`` with one correction.

    On a fresh server Streamlit's first session takes a ``pages/`` folder for the old
    multipage layout, so the first shared link to a page (``/ban-do``) answered "Page not
    found" over the right page (streamlit#8860). Every page here comes from
    ``st.navigation``, so the old layout is switched off before any session starts.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(Path(__file__).resolve()), *argv]
    return cli.main()


def _launched_from_command_line() -> bool:
    """True for ``python dashboard.py``; False when Streamlit runs this file as its script."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return __name__ == "__main__" and get_script_run_ctx(suppress_warning=True) is None


if _launched_from_command_line():
    sys.exit(serve(sys.argv[1:]))

import datetime as dt  # noqa: E402  (the launcher above needs none of what follows)
import os  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from geo import assets, auth, boundaries, filters, history, i18n, indicators, links, maps, scorecard, settings, store, vocab  # noqa: E402
from geo.errors import BoundariesUnavailable, DashboardError, SignInFailed  # noqa: E402

APP_DIR = Path(__file__).resolve().parent
YEARS = ["2021", "2022", "2023", "2024", "2025"]
VIEW_PARAMS = ("lat", "lon", "z", "site")  # set by the app, not by a widget
#: (link parameter, Filters field, site column) of the filters under "More filters".
MORE_FILTERS = [
    ("sector", "sectors", "sector"), ("op", "operating", "operating_status"), ("ww", "ww", "ww_status"),
    ("hw", "hw", "haz_waste"), ("wat", "water", "water_class"), ("air", "air", "air_class"),
    ("soil", "soil", "soil_class"), ("ep", "ep", "ep_all_met"),
]


@dataclass
class View:
    """Everything a page needs for this run."""

    lang: str
    settings: settings.Settings
    store: store.Store
    targets: list
    as_of: dt.date
    state: gpd.GeoDataFrame  # every site on ``as_of``, with shortfall flags
    filtered: gpd.GeoDataFrame
    filters: filters.Filters
    boundaries: boundaries.Boundaries | None
    boundaries_error: str = ""
    pages: dict = field(default_factory=dict)
    user: auth.User | None = None  # None: not signed in (viewing needs no sign-in)

    def tr(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    def link(self, page_path: str | None = None) -> str:
        """The shareable link of the current view."""
        params = link_params()
        base = self.settings.public_url or _request_base()
        path = page_path if page_path is not None else _current_path()
        return links.share_url(base, path, params)

    def open_site(self, site_id: str) -> None:
        st.session_state["view_site"] = site_id
        st.switch_page(self.pages["site"], query_params=link_params())

    def sync_link(self) -> None:
        """Write the current view into the address bar."""
        st.query_params.from_dict(link_params())

    @property
    def any_illustrative(self) -> bool:
        return bool(self.filtered["illustrative"].any()) if len(self.filtered) else False

    def banner(self) -> None:
        """The as-of date and, where any shown value is illustrative, a visible notice."""
        from geo import i18n

        if self.any_illustrative:
            st.warning(self.tr(
                "**Số liệu minh họa.** Phần lớn trạng thái theo từng cơ sở chưa được công bố; các giá trị đánh dấu "
                "“minh họa” là kịch bản giả định để trình diễn, không phải số liệu thật.",
                "**Illustrative data.** Most per-site statuses are not public; values marked “illustrative” come from "
                "a made-up demonstration scenario, not from real records.",
            ), icon=":material/warning:")
        st.caption(self.tr("Trạng thái tại ngày ", "Status as of ") + i18n.format_date(self.as_of, self.lang)
                   + self.tr(f" · {len(self.filtered)}/{len(self.state)} cơ sở theo bộ lọc",
                             f" · {len(self.filtered)}/{len(self.state)} sites match the filters"))

    def area_names(self, level: str) -> dict[str, str]:
        """Code -> name of every former district or new unit (sites' and the boundary layer's)."""
        return _area_names(self.state, self.boundaries, level)

    def scorecard(self, target, site_ids=None) -> scorecard.Card:
        """The target's card over the filtered sites (or ``site_ids``): year ends up to the as-of date, and that date."""
        if site_ids is None and len(self.filtered) != len(self.state):
            site_ids = set(self.filtered["site_id"])
        ids = None if site_ids is None or len(site_ids) == len(self.state) else tuple(sorted(site_ids))
        return get_card(self.settings.store_key, self.store.data_version(), self.as_of, target.id, ids)

    def show_card(self, card: scorecard.Card) -> None:
        """One target as a card: value, change, the year ends, deadline and pace."""
        tr, lang, t = self.tr, self.lang, card.target
        delta, change = None, card.values["change"].iloc[-1] if len(card.values) > 1 else None
        if change is not None and pd.notna(change):
            delta = (i18n.format_number(change, lang, 1, signed=True)
                     + tr(" điểm % từ ", " pts since ") + i18n.format_date(card.values["date"].iloc[-2], lang))
        with st.container(border=True):
            st.markdown(f"**{t.short(lang)}** · {t.plan}")
            st.metric(t.name(lang), i18n.format_percent(card.now.percent, lang) if card.now.has_data else tr("Chưa có số liệu", "No data"),
                      delta=delta, delta_color="off" if delta and round(change, 1) == 0 else "normal",
                      help=f"{t.name(lang)} — {t.legal_basis}", label_visibility="collapsed")
            st.caption(f"{i18n.format_number(card.now.numerator, lang)} / {i18n.format_number(card.now.denominator, lang)} "
                       + tr("cơ sở · mục tiêu ", "sites · target ") + i18n.format_percent(t.target, lang, 0)
                       + tr(" đến ", " by ") + i18n.format_date(t.deadline, lang))
            icon = {"no_data": ":material/help:", "met": ":green[:material/check_circle:", "late": ":red[:material/cancel:",
                    "due": ":orange[:material/schedule:"}[card.standing]
            st.markdown(f"{icon} {card.verdict(lang)}" + ("" if card.standing == "no_data" else "]"))
            years = card.year_ends
            if len(years):
                st.dataframe(pd.DataFrame({
                    tr("Cuối năm", "Year end"): [str(d.year) for d in years["date"]],
                    tr("Tỷ lệ", "Share"): [i18n.format_percent(v, lang) if pd.notna(v) else "—" for v in years["percent"]],
                    tr("Thay đổi", "Change"): [i18n.format_number(v, lang, 1, signed=True) if pd.notna(v) else "—" for v in years["change"]],
                }), hide_index=True, width="stretch")
            st.caption(":material/trending_up: " + card.projection.text(t, lang))

    def link_box(self) -> None:
        """A 'copy link' control: the link of exactly this view, with a copy button."""
        with st.popover(self.tr(":material/link: Sao chép liên kết", ":material/link: Copy link")):
            st.caption(self.tr("Liên kết mở lại đúng màn hình này:", "This link reopens exactly this view:"))
            st.code(self.link(), language=None, wrap_lines=True)


def _request_base() -> str:
    try:
        url = st.context.url
    except AttributeError:
        url = None
    if not url:
        return "http://localhost:8501"
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _current_path() -> str:
    return st.session_state.get("current_path", "")


# -- cached data ---------------------------------------------------------------

def get_settings() -> settings.Settings:
    return settings.from_environ(os.environ)


@st.cache_resource(show_spinner="Đang chuẩn bị dữ liệu lần đầu… / Preparing data for the first time…")
def get_store(store_key: str) -> store.Store:
    """The configured store (GeoPackage file or PostGIS URL), opened once per process."""
    assets.install_static(APP_DIR / "static")
    cfg = get_settings()
    return store.open_store(cfg.store_path, cfg.database_url)


@st.cache_resource(show_spinner=False)
def get_boundaries(directory: str | None):
    try:
        return boundaries.load_boundaries(directory), ""
    except BoundariesUnavailable as exc:
        return None, str(exc)


@st.cache_resource(show_spinner=False, max_entries=32)
def get_state(store_key: str, data_version: str, as_of: dt.date) -> gpd.GeoDataFrame:
    """Sites on ``as_of`` with shortfall flags; keyed on the data version, not the frame.

    One shared frame that nothing modifies (every filter and page derives new frames, kept
    apart by pandas' copy-on-write): ``st.cache_data`` would unpickle a copy on every run,
    0.2 s at 50,000 sites.
    """
    s = get_store(store_key)
    state = history.state_as_of(s.read_site_table(), s.read_history(), as_of)
    state = filters.add_overdue_counts(state, s.read_inspections(), as_of)
    return filters.add_shortfall_flags(state, indicators.load_targets())


@st.cache_data(show_spinner=False, max_entries=256)
def get_card(store_key: str, data_version: str, as_of: dt.date, target_id: str, site_ids: tuple | None) -> scorecard.Card:
    """A scorecard, cached per data version, date, target and set of sites (a filter change
    back to a set seen before costs nothing)."""
    dates = [d for d in history.year_ends() if d < as_of] + [as_of]
    states = {d: get_state(store_key, data_version, d) for d in dates}
    target = next(t for t in get_targets() if t.id == target_id)
    return scorecard.card(target, states, as_of, None if site_ids is None else set(site_ids))


@st.cache_data(show_spinner=False)
def get_targets():
    return indicators.load_targets()


# -- sidebar -------------------------------------------------------------------

def _labelled(field_name: str, lang: str):
    return lambda code: vocab.label(field_name, code, lang)


def _seed_from_link(state: gpd.GeoDataFrame, b, targets) -> None:
    """On the first run of a session, put the link's parameters into the widgets.

    Unknown parameters and values the scheme does not allow are dropped, each with a
    notice on screen; nothing in a link can make the page fail.
    """
    if st.session_state.get("link_checked"):
        return
    st.session_state["link_checked"] = True
    incoming = {k: st.query_params.get_all(k) for k in st.query_params}
    keep, notices = links.check(incoming, _options(state, b, targets), set(state["site_id"]))
    for key, value in links.to_widget_values(keep).items():
        st.session_state[key] = value
    for name in VIEW_PARAMS:
        if name in keep:
            st.session_state[f"view_{name}"] = keep[name][0]
    st.session_state["link_notices"] = notices


def link_params() -> dict[str, list[str]]:
    """The current view as link parameters: widget values plus map view and site."""
    values = {name: st.session_state.get(name) for name in links.PARAMS if name in st.session_state}
    if values.get("when") != "date":
        values.pop("asof", None)
    params = links.from_widget_values(values)
    for name in VIEW_PARAMS:
        value = st.session_state.get(f"view_{name}")
        if value:
            params[name] = [str(value)]
    return params


def _area_names(state, b, level: str) -> dict[str, str]:
    """Code -> name of the old districts or new units: those the sites name, plus every
    unit of the boundary layer when it is installed."""
    code_col, name_col = indicators.GROUPINGS[level]
    # Unique pairs first: a Python loop over every site cost 0.1 s per call at 50,000 sites.
    pairs = state[[code_col, name_col]].drop_duplicates(code_col, keep="last")
    names = {c: n for c, n in zip(pairs[code_col], pairs[name_col]) if c}
    if b is not None:
        layer = b.districts if level == "old_district" else b.units
        names.update(zip(layer["code"], layer["name"]))
    return names


def _options(state, b, targets) -> dict[str, set[str]]:
    district_codes = set(_area_names(state, b, "old_district"))
    unit_codes = set(_area_names(state, b, "new_unit"))
    return {
        "lang": {"vi", "en"},
        "kind": set(vocab.Kind.codes()),
        "od": district_codes,
        "nu": unit_codes,
        "sector": set(vocab.Sector.codes()),
        "op": set(vocab.OperatingStatus.codes()),
        "ww": set(vocab.WastewaterStatus.codes()),
        "hw": set(vocab.HazardousWaste.codes()),
        "wat": set(vocab.PollutionClass.codes()),
        "air": set(vocab.PollutionClass.codes()),
        "soil": set(vocab.PollutionClass.codes()),
        "ep": set(vocab.TriState.codes()),
        "short": {t.id for t in targets},
        "when": {"today", "date", *YEARS},
        "color": set(maps.COLOR_BY),
        "bl": {"none", "districts", "units"},
        "ct": {t.id for t in targets},
        "tgt": {t.id for t in targets},
        "grp": {"old_district", "new_unit"},
        "unit": district_codes | unit_codes,
        "tv": {"breakdown", "blockers", "plans"},
    }


def _sidebar(lang: str, state: gpd.GeoDataFrame, b, targets) -> tuple[filters.Filters, dt.date]:
    tr = (lambda vi, en: en if lang == "en" else vi)
    sb = st.sidebar
    sb.header(tr("Bộ lọc", "Filters"))
    st.session_state.setdefault("when", "today")
    st.session_state.setdefault("asof", dt.date.today())
    when = sb.selectbox(
        tr("Thời điểm", "Status as of"), ["today", *YEARS, "date"], key="when",
        format_func=lambda w: {"today": tr("Hôm nay", "Today"), "date": tr("Chọn ngày…", "Pick a date…")}.get(
            w, tr(f"Cuối năm {w}", f"End of {w}")),
    )
    if when == "date":
        as_of = sb.date_input(tr("Ngày", "Date"), key="asof",
                              min_value=dt.date(2000, 1, 1), format="DD/MM/YYYY" if lang == "vi" else "YYYY-MM-DD")
    elif when in YEARS:
        as_of = dt.date(int(when), 12, 31)
    else:
        as_of = dt.date.today()
    query = sb.text_input(tr("Tìm theo tên, nghề, địa bàn", "Search name, craft, place"), key="q",
                          placeholder="bat trang…", max_chars=links.MAX_TEXT)
    kinds = sb.multiselect(tr("Loại hình", "Kind"), vocab.Kind.codes(), key="kind",
                           format_func=_labelled("kind", lang), placeholder=tr("Tất cả", "All"))
    areas = {}
    for key, level, vi, en in (("od", "old_district", "Quận/huyện cũ (trước 7/2025)", "Old district (before 7/2025)"),
                               ("nu", "new_unit", "Xã/phường mới (từ 7/2025)", "New unit (from 7/2025)")):
        names = _area_names(state, b, level)
        areas[key] = sb.multiselect(tr(vi, en), sorted(names), key=key, placeholder=tr("Tất cả", "All"),
                                    format_func=lambda c, names=names: names.get(c, c))
    short = sb.multiselect(tr("Chưa đạt chỉ tiêu", "Falls short of target"), [t.id for t in targets if t.measure == "share_of_sites"],
                           key="short", format_func=lambda tid: next(t.short(lang) for t in targets if t.id == tid),
                           placeholder=tr("Không lọc", "Any"))
    overdue = sb.toggle(tr("Có yêu cầu khắc phục quá hạn", "Has overdue required actions"), key="overdue")
    more: dict[str, list] = {}
    with sb.expander(tr("Thêm bộ lọc", "More filters"), expanded=False):
        for key, filter_name, column in MORE_FILTERS:
            more[filter_name] = st.multiselect(
                i18n.field_label(column, lang), vocab.FIELD_VOCAB[column].codes(), key=key,
                format_func=_labelled(column, lang), placeholder=tr("Tất cả", "All"))
    f = filters.Filters(
        kinds=tuple(kinds), old_districts=tuple(areas["od"]), new_units=tuple(areas["nu"]), short_of=tuple(short), query=query or "",
        overdue=bool(overdue),
        as_of=as_of, **{name: tuple(values) for name, values in more.items()},
    )
    return f, as_of


def _account(cfg: settings.Settings, data_store, lang: str) -> auth.User | None:
    """Who is signed in, with the sign-in or sign-out control in the sidebar.

    The token lives only in this browser session; the server checks it and its expiry
    on every run, so an expired session signs out on the next click.
    """
    tr = (lambda vi, en: en if lang == "en" else vi)
    box = st.sidebar.container(border=True)
    if cfg.auth == "oidc":
        if not getattr(st.user, "is_logged_in", False):
            if box.button(tr(":material/login: Đăng nhập (SSO)", ":material/login: Sign in (SSO)"), key="sso_login"):
                st.login(cfg.oidc_provider or None)
            return None
        user = auth.user_from_identity(data_store, st.user.get("email", ""), st.user.get("name", ""))
        box.caption(tr("Đã đăng nhập: ", "Signed in: ") + f"{user.display_name} · {vocab.Role.label_of(user.role, lang)}")
        if box.button(tr("Đăng xuất", "Sign out"), key="sso_logout"):
            st.logout()
        return user
    token = st.session_state.get("auth_token")
    user = auth.current_user(data_store, token)
    if token and user is None:
        st.session_state.pop("auth_token", None)
        st.session_state["session_expired"] = True
    if st.session_state.get("session_expired") and user is None:
        box.warning(tr("Phiên đăng nhập đã hết hạn; đăng nhập lại để ghi dữ liệu.", "Your session expired; sign in again to record."))
    if user is not None:
        box.caption(tr("Đã đăng nhập: ", "Signed in: ") + f"**{user.display_name}** · {vocab.Role.label_of(user.role, lang)}")
        if box.button(tr(":material/logout: Đăng xuất", ":material/logout: Sign out"), key="sign_out"):
            auth.sign_out(data_store, token)
            st.session_state.pop("auth_token", None)
            st.rerun()
        return user
    with box.expander(tr(":material/login: Đăng nhập để ghi nhận", ":material/login: Sign in to record")):
        with st.form("sign_in", clear_on_submit=False, border=False):
            username = st.text_input(tr("Tên đăng nhập", "User name"), key="sign_in_user", max_chars=64)
            password = st.text_input(tr("Mật khẩu", "Password"), type="password", key="sign_in_password", max_chars=256)
            submitted = st.form_submit_button(tr("Đăng nhập", "Sign in"))
        if submitted:
            try:
                user, token = auth.sign_in(data_store, username, password, session_hours=cfg.session_hours)
            except SignInFailed as exc:
                st.error(str(exc))
                return None
            st.session_state["auth_token"] = token
            st.session_state.pop("session_expired", None)
            st.rerun()
    return None


def main() -> None:
    st.set_page_config(page_title="Làng nghề & CCN Hà Nội", page_icon=":material/factory:", layout="wide")
    try:
        cfg = get_settings()
        data_store = get_store(cfg.store_key)
        targets = get_targets()
    except DashboardError as exc:
        st.error(str(exc))
        st.stop()
    b, b_error = get_boundaries(str(cfg.boundaries_dir) if cfg.boundaries_configured else None)
    today_state = get_state(cfg.store_key, data_store.data_version(), dt.date.today())
    _seed_from_link(today_state, b, targets)

    st.session_state.setdefault("lang", "vi")
    lang = st.sidebar.segmented_control(
        "Ngôn ngữ / Language", ["vi", "en"], key="lang", required=True,
        format_func=lambda c: {"vi": "Tiếng Việt", "en": "English"}[c],
    ) or "vi"
    tr = (lambda vi, en: en if lang == "en" else vi)
    user = _account(cfg, data_store, lang)
    f, as_of = _sidebar(lang, today_state, b, targets)
    state = today_state if as_of == dt.date.today() else get_state(cfg.store_key, data_store.data_version(), as_of)
    filtered = filters.apply(state, f)

    pages = {
        "overview": st.Page(APP_DIR / "pages" / "overview.py", title=tr("Tổng quan", "Overview"), icon=":material/dashboard:", default=True),
        "map": st.Page(APP_DIR / "pages" / "map.py", title=tr("Bản đồ", "Map"), icon=":material/map:", url_path="ban-do"),
        "sites": st.Page(APP_DIR / "pages" / "sites.py", title=tr("Danh sách cơ sở", "Sites"), icon=":material/list:", url_path="danh-sach"),
        "site": st.Page(APP_DIR / "pages" / "site.py", title=tr("Chi tiết", "Site"), icon=":material/location_on:", url_path="chi-tiet"),
        "targets": st.Page(APP_DIR / "pages" / "targets.py", title=tr("Chỉ tiêu", "Targets"), icon=":material/flag:", url_path="chi-tieu"),
        "data": st.Page(APP_DIR / "pages" / "data.py", title=tr("Dữ liệu", "Data"), icon=":material/database:", url_path="du-lieu"),
        "about": st.Page(APP_DIR / "pages" / "about.py", title=tr("Giới thiệu", "About"), icon=":material/info:", url_path="gioi-thieu"),
    }
    current = st.navigation(list(pages.values()))
    # The default page lives at "/" only: Streamlit answers its url_path with "Page not found".
    st.session_state["current_path"] = "" if current is pages["overview"] else current.url_path

    for notice in st.session_state.get("link_notices", []):
        st.warning(notice.text(lang), icon=":material/warning:")
    if b is None:
        st.sidebar.info(tr("Chưa có tệp ranh giới: bản đồ chỉ hiện các điểm. ", "No boundary files: maps show points only. ") + b_error)

    view = View(
        lang=lang, settings=cfg, store=data_store, targets=targets, as_of=as_of, state=state, filtered=filtered,
        filters=f, boundaries=b, boundaries_error=b_error, pages=pages, user=user,
    )
    st.session_state["view"] = view
    try:
        current.run()
    finally:
        # Once per run, after the page: its widgets (colour-by, target...) and the map
        # view are known only now, and the browser keeps one address update per run.
        view.sync_link()


main()
