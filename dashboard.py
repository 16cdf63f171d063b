"""The router: page registration, navigation and the shared sidebar; nothing else.

Start it with ``python dashboard.py [streamlit options]`` (``make run``); see :func:`serve`.
The view of each run (filters, date, language, the data they select) is built by
``ui/`` and read by the pages with ``ui.view.current()``; all logic lives in ``geo/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent


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
    sys.argv = ["streamlit", "run", str(APP_DIR / "dashboard.py"), *argv]
    return cli.main()


def _launched_from_command_line() -> bool:
    """True for ``python dashboard.py``; False when Streamlit runs this file as its script."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return __name__ == "__main__" and get_script_run_ctx(suppress_warning=True) is None


if _launched_from_command_line():
    sys.exit(serve(sys.argv[1:]))

import streamlit as st  # noqa: E402  (the launcher above needs none of what follows)
from streamlit.runtime.scriptrunner import get_script_run_ctx  # noqa: E402

from geo.language import i18n  # noqa: E402
from ui import account, history, loaders, server, shell, sidebar, view, widgets  # noqa: E402

#: (key, file, Vietnamese title, English title, icon, path): the default page lives at "/".
PAGES = [
    ("overview", "overview.py", "Tổng quan", "Overview", ":material/dashboard:", None),
    ("map", "map.py", "Bản đồ", "Map", ":material/map:", "ban-do"),
    ("sites", "sites.py", "Danh sách cơ sở", "Sites", ":material/list:", "danh-sach"),
    ("site", "site.py", "Chi tiết", "Site", ":material/location_on:", "chi-tiet"),
    ("plans", "plans.py", "Kế hoạch kiểm tra", "Inspection plans", ":material/route:", "ke-hoach"),
    ("changes", "changes.py", "Thay đổi", "What changed", ":material/change_history:", "thay-doi"),
    ("targets", "targets.py", "Chỉ tiêu", "Targets", ":material/flag:", "chi-tieu"),
    ("data", "data.py", "Dữ liệu", "Data", ":material/database:", "du-lieu"),
    ("about", "about.py", "Giới thiệu", "About", ":material/info:", "gioi-thieu"),
]
NOT_FOUND = ("not_found", "not_found.py", "Không tìm thấy trang", "Page not found", ":material/link_off:", server.NOT_FOUND_PATH)


def main() -> None:
    # A local icon: a Material one would make the browser fetch it from fonts.gstatic.com.
    st.set_page_config(page_title="Làng nghề & CCN Hà Nội", page_icon=shell.ICON, layout="wide")
    with widgets.guard():
        route()


def route() -> None:
    history.install()
    ctx = loaders.context()
    view.follow_link(ctx)
    nav_slot = st.sidebar.container()  # filled last, when every part of the view is known
    lang = sidebar.language()
    user = account.box(ctx, lang)
    chosen = sidebar.choose_filters(ctx, lang)
    pages = {
        key: st.Page(APP_DIR / "pages" / file, title=i18n.pick(lang, vi, en), icon=icon, default=path is None,
                     **({"url_path": path} if path else {}))
        for key, file, vi, en, icon, path in [*PAGES, NOT_FOUND]
    }
    current = st.navigation(list(pages.values()), position="hidden")
    this_run = view.publish(ctx, lang, user, chosen, pages, current)
    sidebar.boundaries_notice(ctx, lang)
    widgets.link_notices(lang)
    try:
        current.run()
    except widgets.EndPage:
        pass  # the page had nothing more to show
    finally:
        # Once per run, after the page: its widgets (colour-by, target...) and the map
        # view are known only now.
        this_run.sync_link()
    sidebar.navigation(nav_slot, {k: v for k, v in pages.items() if k != NOT_FOUND[0]}, current, lang)


if get_script_run_ctx(suppress_warning=True) is not None:
    main()  # a session's run of the script
else:  # imported by the server: the dashboard and the routes beside it, in one ASGI app
    app = st.App(str(APP_DIR / "dashboard.py"), routes=server.routes(), middleware=server.middleware([p[5] or "" for p in PAGES]))
