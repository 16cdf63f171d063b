"""Opening a page of the dashboard in a fresh AppTest session."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_page(path: str, params: dict | None = None, session: dict | None = None) -> AppTest:
    """A fresh session with these link parameters and session values, on ``path``."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if path and path != "pages/overview.py":  # the default page is what the first run shows
        at.switch_page(path)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """What a reader sees of Markdown the app escaped (ui.markdown.text): no backslashes, no joiners."""
    import re

    return re.sub(r"\\(.)", r"\1", str(markdown)).replace("\u2060", "").replace("  \n", "\n")
