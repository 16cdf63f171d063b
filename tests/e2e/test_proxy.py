"""Two dashboard instances on one PostGIS behind nginx, under a path prefix, as deploy/nginx.conf.template says.

Signed in through the proxy, a change recorded through one instance is seen on the other
instance's page, in the OGC API and in the feed; the bytes a new browser receives through
the proxy (gzip) are measured against the same visit straight to an instance.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN, ROOT, _need, new_context, wait_ready

pytestmark = pytest.mark.e2e
PREFIX = "hanoi"
SITE_PAGE = "chi-tiet"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)   # a server that is starting
    pytest.fail(f"{url} did not answer within {seconds} s")


def _instance(database_url: str, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, HANOI_TILES="none", DATABASE_URL=database_url)
    return subprocess.Popen([sys.executable, str(ROOT / "dashboard.py"), "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true", "--server.baseUrlPath", PREFIX],
                            cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)


@pytest.fixture
def deployment(tmp_path, postgis_url):
    """(proxy URL, [instance URLs]) with an admin in the shared store; everything stopped afterwards."""
    _need(shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists(), "nginx is not installed (Debian package nginx)")
    url, work = postgis_url, tmp_path
    ports = [_free_port(), _free_port()]
    procs = [_instance(url, ports[0], work / "a.log")]
    _wait_http(f"http://127.0.0.1:{ports[0]}/{PREFIX}/healthz")   # the first builds the store; the second then opens it
    procs.append(_instance(url, ports[1], work / "b.log"))
    _wait_http(f"http://127.0.0.1:{ports[1]}/{PREFIX}/healthz")
    sys.path.insert(0, str(ROOT))
    from geo.access import auth
    from geo.storage import postgis

    auth.create_user(postgis.PostGISStore(url), None, ADMIN[0], ADMIN[1], "admin", "Quản trị E2E")
    listen = _free_port()
    conf = string.Template((ROOT / "deploy" / "nginx.conf.template").read_text()).safe_substitute(
        LISTEN=f"127.0.0.1:{listen}", PREFIX=PREFIX, RUNTIME_DIR=str(work),
        UPSTREAMS=" ".join(f"server 127.0.0.1:{p};" for p in ports))
    (work / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(work), "-c", str(work / "nginx.conf"),
                              "-g", "daemon off;", "-e", str(work / "error.log")],
                             stdout=open(work / "nginx.out", "w"), stderr=subprocess.STDOUT)
    _wait_http(f"http://127.0.0.1:{listen}/{PREFIX}/healthz", 30)
    yield f"http://127.0.0.1:{listen}", [f"http://127.0.0.1:{p}" for p in ports]
    for p in [nginx, *procs]:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def _served_by(proxy: str, cookie: str) -> str:
    req = urllib.request.Request(f"{proxy}/{PREFIX}/healthz", headers={"Cookie": f"hanoi_instance={cookie}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["X-Served-By"]


def _bytes_received(browser, url: str) -> int:
    """What a new browser receives for the overview: HTTP bodies as sent on the wire (compressed or not) + WebSocket frames."""
    ctx = new_context(browser)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"n": 0}
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__("n", total["n"] + int(e.get("encodedDataLength", 0))))
    cdp.on("Network.webSocketFrameReceived", lambda e: total.__setitem__("n", total["n"] + len(e["response"]["payloadData"])))
    page.goto(url)
    wait_ready(page, 120_000)
    page.wait_for_timeout(500)
    ctx.close()
    return total["n"]


def test_two_instances_behind_nginx_share_one_store(deployment, browser, capsys):
    proxy, instances = deployment
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(f"{proxy}/{PREFIX}/")
    wait_ready(page, 120_000)
    cookie = next(c["value"] for c in ctx.cookies() if c["name"] == "hanoi_instance")
    mine = _served_by(proxy, cookie)
    other_cookie = next(c for c in (f"k{i}" for i in range(200)) if _served_by(proxy, c) != mine)
    # Signed in through the proxy, on the instance this browser sticks to.
    page.get_by_text("Đăng nhập để ghi nhận").click()
    page.get_by_label("Tên đăng nhập").fill(ADMIN[0])
    page.get_by_label("Mật khẩu").fill(ADMIN[1])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_text("Quản trị E2E").wait_for(timeout=60_000)
    site = "ccn-tan-trieu"
    page.goto(f"{proxy}/{PREFIX}/{SITE_PAGE}?site={site}")
    wait_ready(page, 120_000)
    page.get_by_role("tab", name="Ghi thay đổi trạng thái").click()
    source = f"Công văn thử qua proxy {int(time.time())}"
    page.get_by_label("Nguồn (văn bản, biên bản)").fill(source)
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.get_by_text("Đã ghi").first.wait_for(timeout=60_000)
    assert _served_by(proxy, cookie) == mine                     # still the same instance
    ctx.close()
    # The other instance's page, through the proxy, shows the record.
    other = new_context(browser)
    other.add_cookies([{"name": "hanoi_instance", "value": other_cookie, "url": proxy}])
    page = other.new_page()
    page.goto(f"{proxy}/{PREFIX}/{SITE_PAGE}?site={site}")
    wait_ready(page, 120_000)
    assert page.get_by_text(source).count() >= 1
    other.close()
    # ... and in the OGC API and the feed, through the proxy.
    with urllib.request.urlopen(f"{proxy}/{PREFIX}/ogc/collections/sites/items/{site}") as r:
        feature = json.loads(r.read())
    assert feature["properties"]["status_sources"] and source in feature["properties"]["status_sources"]
    with urllib.request.urlopen(f"{proxy}/{PREFIX}/thay-doi.atom") as r:
        assert source.encode() in r.read()
    # Links the services write name the proxy and the prefix.
    with urllib.request.urlopen(f"{proxy}/{PREFIX}/ogc") as r:
        assert json.loads(r.read())["links"][0]["href"].startswith(f"{proxy}/{PREFIX}/ogc")
    through, direct = _bytes_received(browser, f"{proxy}/{PREFIX}/"), _bytes_received(browser, f"{instances[0]}/{PREFIX}/")
    with capsys.disabled():
        print(f"\n  a new browser's first visit: {through / 1e6:.2f} MB through nginx (gzip) vs {direct / 1e6:.2f} MB direct")
    assert through < direct * 0.6, (through, direct)
