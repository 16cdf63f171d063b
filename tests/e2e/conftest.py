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
    from geo import auth, store

    path = tmp_path_factory.mktemp("store") / "e2e.gpkg"
    auth.create_user(store.open_store(path), None, ADMIN[0], ADMIN[1], "admin", "Quản trị E2E")
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
            time.sleep(0.5)
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


@pytest.fixture
def new_page(browser, app_url):
    contexts = []

    def make():
        ctx = browser.new_context(viewport={"width": 1400, "height": 1300}, locale="vi-VN")
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def wait_ready(page, timeout=60_000):
    """Wait until Streamlit has finished running the script and drawn every element."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    for _ in range(2):  # a run can trigger one more (the map reports its view)
        page.wait_for_function(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                return app && app.dataset.testScriptState === 'notRunning'
                    && !document.querySelector('[data-testid="stSkeleton"]');
            }""", timeout=timeout)
        page.wait_for_timeout(700)


def shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
