"""Map and filter timings; prints a table. Not a test: figures depend on the machine.

For the reference data and for 5,000 and 50,000 synthetic sites it measures, in headless
Debian Chromium against the running app (offline, no tiles):
  - the time from navigation until the map holds every site (a cluster counts as showing
    its sites), timed by the page's own clock: for the first visit after the server
    started (its caches cold), for a new browser (empty HTTP cache) and for a returning
    one, as medians of --repeat visits; and the bytes a new browser received (HTTP bodies +
    WebSocket frames). A returning browser is a browser profile on disk that has opened the
    map before, as an official's own browser is: it keeps Streamlit's files in its HTTP cache
    and V8's compiled code of them. The same visits in a private window (HTTP cache in memory,
    no compiled code kept) are printed beside it;
  - the server time of a rerun after a filter change (Streamlit AppTest, warm cache);
  - for comparison, a naive folium build (one folium.Marker per site): Python build time,
    and the same browser measure on the saved HTML;
  - the server's resident memory after those visits (no full collection follows a run:
    ``runner.postScriptGC`` is off in .streamlit/config.toml).

With --latency-ms every browser request waits that long (and --down-mbit caps the download),
as Chromium's DevTools emulate a slower line; round trips the server saves show there.

Usage: python scripts/benchmark.py [--sizes ref,5000,50000] [--naive-limit 50000] [--repeat 3] [--latency-ms 60]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from geo import storage as store  # noqa: E402
from geo.core import history, model  # noqa: E402
from geo.dataset import reference, scenario  # noqa: E402
from geo.settings import DEFAULTS  # noqa: E402
from geo.views import assets  # noqa: E402

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a downloaded browser
#: Every visit's window: a desktop screen, as the officials' own.
VIEWPORT = {"width": 1400, "height": 1300}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Map page: every layer of the map's marker clusters (a cluster counts as showing its sites). The map is
#: drawn in the page (ui/leaflet.py); ``window.map`` is where streamlit-folium's frame kept it, so that the
#: same probe measures a checkout from before.
COUNT_JS = """() => {
  const el = document.querySelector('.hanoi-map');
  const map = (el && el.hanoiMap) || window.map;
  if (!map || !map.eachLayer) return -1;
  let n = 0;
  map.eachLayer(l => { if (l._featureGroup && l.getLayers) n += l.getLayers().length; });
  return n;
}"""
#: Naive page: one Leaflet marker element per site.
NAIVE_COUNT_JS = """() => document.querySelectorAll('.leaflet-marker-icon').length"""
#: Overview: its run has finished (Streamlit's script state) and its progress chart is drawn.
OVERVIEW_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const chart = document.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg');
  return app && app.dataset.testScriptState === 'notRunning' && chart ? 1 : 0;
}"""
#: Runs in every frame from its first script on: a poller notes, on the page's own clock,
#: when the frame first holds ``expected`` sites. The time is absolute (timeOrigin + now),
#: so the map's frame can be compared with the top page's navigation start; polling from
#: Python instead would add its own round trips to the figure.
PROBE_JS = """([count, expected, every]) => {
  const count_ = eval(count);
  const timer = setInterval(() => {
    let n = -1;
    try { n = count_(); } catch (e) { n = -1; }
    if (n >= expected) { window.__benchDone = performance.timeOrigin + performance.now(); clearInterval(timer); }
  }, every);
}"""

#: Emulated network for every browser visit (--latency-ms, --down-mbit); 0 is loopback as it is.
NETWORK = {"latency_ms": 0.0, "down_mbit": 20.0}
#: A figure not measured in this run (the naive build above ``--naive-limit``), as against one that timed out.
NOT_RUN = object()


def synthetic_store(n: int, path: Path, seed: int = 1) -> None:
    """n made-up sites spread over Hanoi, with the illustrative scenario's records."""
    rng = np.random.default_rng(seed)
    ref = reference.read_sites_csv(DEFAULTS.sites_csv)
    picks = ref.sample(n, replace=True, random_state=seed).reset_index(drop=True)
    lon = picks.geometry.x.to_numpy() + rng.normal(0, 0.01, n)
    lat = picks.geometry.y.to_numpy() + rng.normal(0, 0.01, n)
    picks["site_id"] = [f"syn-{i:06d}" for i in range(n)]
    picks["name"] = [f"{name} #{i}" for i, name in enumerate(picks["name"])]
    sites = gpd.GeoDataFrame(picks.drop(columns="geometry"), geometry=gpd.points_from_xy(lon, lat), crs=model.CRS)
    changes = scenario.generate(sites, seed=seed)
    store.write_geopackage(path, sites, changes, {"schema_version": store.SCHEMA_VERSION, "data_version": f"syn-{n}",
                                                   "illustrative_seed": str(seed)})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(store_path: Path):
    port = free_port()
    env = dict(os.environ, HANOI_TILES="none", HANOI_STORE=str(store_path))
    proc = subprocess.Popen([sys.executable, str(ROOT / "dashboard.py"), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(180):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("app did not start")


def ws_frame_bytes(frame: dict) -> int:
    """Size of a WebSocket frame's payload: CDP gives binary frames (opcode 2, Streamlit's
    protobuf messages) base64-encoded, which would overstate them by a third."""
    payload = frame.get("payloadData", "")
    if frame.get("opcode") == 2:
        return len(payload) * 3 // 4 - payload[-2:].count("=")
    return len(payload.encode("utf-8"))


def probed(ctx, count_js: str, expected: int):
    """``ctx`` with the probe in every frame of every page it opens."""
    ctx.add_init_script(f"({PROBE_JS})({json.dumps([count_js, expected, 20])})")
    return ctx


def browser_context(browser, count_js: str, expected: int):
    """A fresh browser profile (empty HTTP cache) whose every frame carries the probe."""
    return probed(browser.new_context(viewport=VIEWPORT), count_js, expected)


def returning_browser(playwright, profile: Path, count_js: str, expected: int, url: str, timeout_s: float):
    """A browser with a profile on disk that has opened ``url`` before, three times: Chromium keeps a
    script's compiled code from its second run on and uses it from the third."""
    ctx = probed(playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                               args=CHROMIUM_ARGS, viewport=VIEWPORT), count_js, expected)
    for _ in range(3):
        measure(None, url, expected, count_js, timeout_s, ctx)
    return ctx


def measure(browser, url: str, expected: int, count_js: str, timeout_s: float = 180.0, context=None):
    """Seconds from navigation until a frame of the page holds ``expected`` sites, and bytes received.

    Without ``context`` this is a first visit (empty HTTP cache); a context used before measures
    a returning browser (``returning_browser``) or a returning private window (``browser_context``).
    """
    ctx = context or browser_context(browser, count_js, expected)
    page = ctx.new_page()
    received = {"bytes": 0}
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    if NETWORK["latency_ms"]:  # an official's office line rather than this machine's loopback
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": NETWORK["latency_ms"],
                                                      "downloadThroughput": NETWORK["down_mbit"] * 1e6 / 8,
                                                      "uploadThroughput": NETWORK["down_mbit"] * 1e6 / 16})

    def add(n):
        received["bytes"] += int(n)

    # Bytes on the wire: every HTTP response (encoded, as transferred) and every WebSocket frame.
    cdp.on("Network.loadingFinished", lambda e: add(e.get("encodedDataLength", 0)))
    cdp.on("Network.webSocketFrameReceived", lambda e: add(ws_frame_bytes(e["response"])))
    page.goto(url, timeout=timeout_s * 1000)
    start = page.evaluate("performance.timeOrigin")
    elapsed = None
    deadline = time.perf_counter() + timeout_s
    while elapsed is None and time.perf_counter() < deadline:
        for frame in page.frames:
            try:
                done = frame.evaluate("window.__benchDone || null")
            except Exception:  # a frame still loading or gone
                continue
            if done:
                elapsed = (done - start) / 1000
                break
        time.sleep(0.2)
    time.sleep(0.5)
    page.close()
    if context is None:
        ctx.close()
    return elapsed, received["bytes"]


def server_rss_mb(pid: int) -> float | None:
    """The server's resident memory: with ``runner.postScriptGC`` off (.streamlit/config.toml) this is
    the figure to watch, since no full collection follows each run."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rerun_time(store_path: Path, runs: int = 5) -> float:
    """Median server time of a rerun of the map page after a filter change (warm cache)."""
    from streamlit.testing.v1 import AppTest

    os.environ.update(HANOI_TILES="none", HANOI_STORE=str(store_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    times = []
    choices = [["ccn"], ["lang_nghe"], ["kcn", "ccn"], [], ["ccn_lang_nghe"], ["lang_nghe", "kcn"]]
    for i in range(runs + 1):
        at.sidebar.multiselect(key="kind").set_value(choices[i % len(choices)])
        t = time.perf_counter()
        at.run()
        if i:  # the first change warms the per-date cache
            times.append(time.perf_counter() - t)
        assert not at.exception, at.exception
    return float(np.median(times))


def naive_html(sites: gpd.GeoDataFrame, path: Path, static_dir: Path) -> float:
    """One folium.Marker per site, Leaflet from the same local files; returns build seconds."""
    t = time.perf_counter()
    m = folium.Map(location=[21.03, 105.78], zoom_start=10, tiles=None)
    m.default_js = [("leaflet", f"vendor/{assets.folder('leaflet')}/leaflet.js")]
    m.default_css = [("leaflet_css", f"vendor/{assets.folder('leaflet')}/leaflet.css")]
    for x, y, name in zip(sites.geometry.x, sites.geometry.y, sites["name"]):
        folium.Marker([y, x], tooltip=str(name)).add_to(m)
    m.save(str(path))
    return time.perf_counter() - t


def serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def median(values):
    """Median of the visits that finished; None (printed as a timeout) if any did not."""
    return None if any(v is None for v in values) else float(np.median(values))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="ref,5000,50000")
    parser.add_argument("--naive-limit", type=int, default=50000)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--repeat", type=int, default=3, help="visits per figure; the median is printed")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="emulated round-trip latency of every HTTP request")
    parser.add_argument("--down-mbit", type=float, default=20.0, help="emulated download speed, with --latency-ms")
    args = parser.parse_args()
    NETWORK.update(latency_ms=args.latency_ms, down_mbit=args.down_mbit)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    static = work / "static"
    assets.install_static(static)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes.split(","):
            path = work / f"{size}.gpkg"
            t = time.perf_counter()
            if size == "ref":
                store.build_default_store(path, DEFAULTS)
            else:
                synthetic_store(int(size), path)
            build_s = time.perf_counter() - t
            sites = store.GeoPackageStore(path).read_site_table()
            n = len(sites)
            proc, url = start_app(path)
            try:
                # Warm-up: the overview's first run fills the process's caches; wait until it
                # has finished, so that it does not compete with the first map visit.
                measure(browser, url + "/", 1, OVERVIEW_DONE_JS, args.timeout)
                first_s, _ = measure(browser, url + "/ban-do", n, COUNT_JS, args.timeout)
                visits = [measure(browser, url + "/ban-do", n, COUNT_JS, args.timeout) for _ in range(args.repeat)]
                load_s, sent = median([v[0] for v in visits]), visits[0][1]
                private = browser_context(browser, COUNT_JS, n)
                measure(browser, url + "/ban-do", n, COUNT_JS, args.timeout, private)  # fills its HTTP cache
                returning = returning_browser(p, work / f"profile-{size}", COUNT_JS, n, url + "/ban-do", args.timeout)
                back, private_back = [], []
                for _ in range(args.repeat):  # in turns, so that a slow spell of the machine falls on both
                    back.append(measure(None, url + "/ban-do", n, COUNT_JS, args.timeout, returning)[0])
                    private_back.append(measure(browser, url + "/ban-do", n, COUNT_JS, args.timeout, private)[0])
                back_s, private_s = median(back), median(private_back)
                returning.close()
                private.close()
                rss_mb = server_rss_mb(proc.pid)
            finally:
                proc.terminate()
                proc.wait(20)
            rerun_s = rerun_time(path)
            naive_build = naive_load = naive_bytes = NOT_RUN
            if n <= args.naive_limit:
                html_path = static / f"naive-{size}.html"
                naive_build = naive_html(sites, html_path, static)
                server, base = serve(static)
                try:
                    naive_load, naive_bytes = measure(browser, f"{base}/{html_path.name}", n, NAIVE_COUNT_JS, args.timeout)
                finally:
                    server.shutdown()
            rows.append((size, n, build_s, first_s, load_s, back_s, private_s, sent, rerun_s, naive_build, naive_load, naive_bytes, rss_mb))
            print(f"done {size}: {rows[-1]}", file=sys.stderr, flush=True)
        browser.close()

    def f(v, fmt="{:.2f}"):
        return "—" if v is NOT_RUN else "timeout" if v is None else fmt.format(v)

    print()
    print("| data | sites | store build s | map shows all sites s: first visit after start | "
          "new browser (median) | returning browser (median) | returning private window (median) | "
          "MB received (new browser) | filter rerun s | "
          "naive folium build s | naive load s | naive MB | server memory MB after the visits |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size, n, build_s, first_s, load_s, back_s, private_s, sent, rerun_s, nb, nl, nbytes, rss in rows:
        print(f"| {size} | {n} | {build_s:.1f} | {f(first_s)} | {f(load_s)} | {f(back_s)} | {f(private_s)} | {sent / 1e6:.2f} | {rerun_s:.3f} | {f(nb)} | {f(nl)} | "
              f"{f(nbytes if nbytes in (None, NOT_RUN) else nbytes / 1e6)} | {f(rss, '{:.0f}')} |")
    print("\nTargets (issue 3): reference ≤ 2 s; 50,000 sites ≤ 6 s and ≤ 8 MB; filter rerun at 5,000 ≤ 0.3 s.")
    print("Targets (issue 17): 50,000 sites ≤ 3 s and ≤ 5 MB for a new browser; filter rerun at 5,000 ≤ 0.15 s; "
          "the reference map for a returning browser ≤ 1.2 s.")
    if args.latency_ms:
        print(f"Browser visits above ran with {args.latency_ms:g} ms latency and {args.down_mbit:g} Mbit/s emulated; "
              "the targets are for this machine's loopback.")
    print()
    print(other_timings(work / "ref.gpkg" if (work / "ref.gpkg").exists() else None))
    return 0


def other_timings(ref_path: Path | None) -> str:
    """Server-side figures of the scorecards, the meeting report and an import, on the reference store."""
    from geo.core import indicators, scorecard
    from geo.language import dates
    from geo.io import exports, importing, report
    from geo.views import tables

    path = ref_path or Path(tempfile.mkdtemp(prefix="bench-")) / "ref.gpkg"
    if ref_path is None:
        store.build_default_store(path, DEFAULTS)
    s = store.GeoPackageStore(path)
    sites, changes, today = s.read_site_table(), s.read_history(), dates.today()
    t = time.perf_counter()
    states = {d: history.state_as_of(sites, changes, d) for d in [*history.year_ends(), today]}
    cards = [scorecard.card(tg, states, today) for tg in indicators.load_targets(DEFAULTS.targets_file) if tg.plan == "307/KH-UBND"]
    cards_s = time.perf_counter() - t
    t = time.perf_counter()
    pdf = report.to_pdf(report.build(cards, states[today], "Hà Nội", today, "http://localhost/", "vi"))
    pdf_s = time.perf_counter() - t
    table = tables.display_table(states[today], "vi", screen=False)   # as the Sites page exports it
    data = exports.to_xlsx(table, exports.metadata("vi", today, {}, "http://localhost/", True, len(table)))
    t = time.perf_counter()
    raw = importing.read_upload("export.xlsx", data)
    opts = importing.Options(importing.auto_mapping(raw.headers), None, "EPSG:4326", today.isoformat(), "bench")
    cand, problems, statuses = importing.candidates(raw, opts, None)
    plan = importing.plan(sites, states[today], cand, problems, statuses, opts, "bench")
    if plan.problems:
        raise SystemExit(f"the city's own export does not import back: {[p.text('en') for p in plan.problems[:3]]}")
    import_s = time.perf_counter() - t
    small = f"| import preview of the city's own XLSX export ({len(cand)} rows, {plan.counts()}) | {import_s:.2f} |"
    big = pd.DataFrame({"TT": range(1, 5001), "Tên cụm công nghiệp": [f"CCN Thử {i}" for i in range(5000)], "Kinh độ": 105.8,
                        "Vĩ độ": 21.0, "Diện tích (ha)": 10, "Tình trạng": "Đang hoạt động", "Trạm XLNT": "Chưa có"})
    buf = io.BytesIO()
    big.to_excel(buf, index=False)
    t = time.perf_counter()
    raw = importing.read_upload("big.xlsx", buf.getvalue())
    opts = importing.Options(importing.auto_mapping(raw.headers), "ccn", "EPSG:4326", today.isoformat(), "bench")
    cand, problems, statuses = importing.candidates(raw, opts, None)
    big_plan = importing.plan(sites, states[today], cand, problems, statuses, opts, "bench")
    big_s = time.perf_counter() - t
    return ("| server-side, reference store | seconds |\n|---|---|\n"
            f"| import preview of a 5,000-row XLSX ({big_plan.counts()}) | {big_s:.2f} |\n"
            f"| 6 states + 4 scorecards (overview, cold) | {cards_s:.2f} |\n"
            f"| meeting report PDF, whole city ({len(pdf) / 1e3:.0f} kB) | {pdf_s:.2f} |\n"
            + small)


if __name__ == "__main__":
    sys.exit(main())
