"""A running dashboard and a headless Debian Chromium for end-to-end tests."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.conftest import settings_for

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(condition: bool, why: str):
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (end-to-end tests may not skip under CI)")
        pytest.skip(why)


ADMIN = ("quantri", "e2e-mat-khau-quan-tri")


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """The e2e store, built before the app starts, with one admin."""
    sys.path.insert(0, str(ROOT))
    from geo import storage as store
    from geo.access import auth

    path = tmp_path_factory.mktemp("store") / "e2e.gpkg"
    auth.create_user(store.open_store(settings_for(path)), None, ADMIN[0], ADMIN[1], "admin", "Quản trị E2E")
    return path


def start_dashboard(store_path, log_path):
    """The dashboard as ``make run`` starts it, offline (no tiles), on ``store_path``."""
    port = _free_port()
    env = dict(os.environ, HANOI_TILES="none", HANOI_STORE=str(store_path))
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)  # polling a server that is starting, not waiting for the page
    proc.kill()
    pytest.fail(f"the dashboard did not start within 90 s; see {log_path}")


def stop_dashboard(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, store_path):
    """The dashboard for the whole session, on a fresh store."""
    proc, url = start_dashboard(store_path, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield url
    stop_dashboard(proc)


@pytest.fixture(scope="session")
def browser():
    _need(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "Debian chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


#: Installed in every page before its own scripts: when Streamlit last ran the script, on the page's clock;
#: and ``hanoiMap()``, the Leaflet map the page draws (ui/leaflet.js keeps it on its element).
WATCH_RUNS = """
(() => {
  window.hanoiMap = () => { const el = document.querySelector('.hanoi-map'); return el ? el.hanoiMap : undefined; };
  window.__lastRun = performance.now();
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') window.__lastRun = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""
#: Quiet for this long after a run: a run may trigger one more (the map reports its view, a widget its value).
QUIET_MS = 600


def new_context(browser, **options):
    ctx = browser.new_context(**{"viewport": {"width": 1400, "height": 1300}, "locale": "vi-VN", **options})
    ctx.add_init_script(WATCH_RUNS)
    return ctx


@pytest.fixture
def new_page(browser, app_url):
    contexts = []

    def make(**options):
        ctx = new_context(browser, **options)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def wait_ready(page, timeout=60_000):
    """Wait until Streamlit has run the script, drawn every element, and started no other run since."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """(quiet) => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testScriptState === 'notRunning'
                && !document.querySelector('[data-testid="stSkeleton"]')
                && performance.now() - (window.__lastRun || 0) > quiet;
        }""", arg=QUIET_MS, timeout=timeout, polling=100)


def after_run(page, action, timeout=60_000):
    """Do ``action`` (a click, a key) and wait for the run of the app it starts, then for quiet.

    Waiting for quiet alone could return before the app even heard of the action."""
    before = page.evaluate("() => performance.now()")
    action()
    page.wait_for_function("(t) => (window.__lastRun || 0) > t", arg=before, timeout=timeout, polling=50)
    wait_ready(page, timeout)


def map_ready(page, min_sites: int = 1, timeout=60_000):
    """The page, once its map holds at least ``min_sites`` sites (a cluster counts as its sites)."""
    page.wait_for_function(
        """(n) => {
            const map = window.hanoiMap();
            if (!map || !map.eachLayer) return false;
            let count = 0;
            map.eachLayer(l => { if (l._featureGroup && l.getLayers) count += l.getLayers().length; });
            return count >= n;
        }""", arg=min_sites, timeout=timeout, polling=100)
    return page


def shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def grid_rows(grid) -> list[list[str]]:
    """The cells of an ``st.dataframe`` (drawn on a canvas; its accessible table holds the text), header first."""
    grid.locator("table").first.wait_for(state="attached", timeout=30_000)
    return grid.evaluate("""(el) => [...el.querySelectorAll('table tr')]
        .map(tr => [...tr.querySelectorAll('th, td')].map(c => c.textContent.trim()))
        .filter(cells => cells.some(c => c !== ''))""")
