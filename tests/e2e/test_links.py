"""The link rules, in Chromium: one history entry per user action, one Back to the previous view,
links that reopen exactly what the sender saw in a browser that shares nothing else."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import ADMIN, after_run, grid_rows, map_ready, new_context, shot, wait_ready

pytestmark = pytest.mark.e2e


def address(page) -> str:
    return page.evaluate("() => location.href")


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address(page)).query)


def history_length(page) -> int:
    """The app's own history entries (the Navigation API's list, back and forward).

    Not ``history.length``: it also counts the new tab's initial about:blank entry, which
    Chromium sometimes drops when the app's first entry is pushed, so a push could leave it
    unchanged (seen in traces: one pushState, one more navigation entry, the same length)."""
    return page.evaluate("() => navigation.entries().length")


def click_first_row(page):
    """Select the first row of the list, as a user clicks it (the grid draws on a canvas)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)   # the row's selection box, under the header


def switch_language(page, name: str):
    after_run(page, lambda: page.get_by_test_id("stSidebar").get_by_role("radio", name=name, exact=True).click())


OVERVIEW = "Làng nghề, cụm và khu công nghiệp Hà Nội"
FILTERED_LIST = "danh-sach?kind=ccn&od=276"   # clusters of the former Thạch Thất district


def test_a_row_click_is_one_history_entry_and_the_site_keeps_every_filter(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/{FILTERED_LIST}")
    wait_ready(page)
    start = history_length(page)
    seen = []
    page.on("framenavigated", lambda f: seen.append(f.url) if f == page.main_frame else None)
    page.evaluate("""() => { window.__addresses = [];
        const keep = () => window.__addresses.push(location.search);
        for (const name of ['pushState', 'replaceState']) {
            const original = history[name].bind(history);
            history[name] = function (...args) { const out = original(...args); keep(); return out; };
        } }""")
    after_run(page, lambda: click_first_row(page))
    page.wait_for_function("() => location.pathname.endsWith('/chi-tiet')", timeout=30_000)
    wait_ready(page)
    assert history_length(page) == start + 1
    kept = params(page)
    assert kept["kind"] == ["ccn"] and kept["od"] == ["276"] and kept["site"][0].startswith("ccn-")
    # Never, not even for one render, an address without the filters.
    written = page.evaluate("() => window.__addresses")
    assert written and all("kind=ccn" in a and "od=276" in a for a in written), written

    page.go_back()
    page.wait_for_function("() => location.pathname.endsWith('/danh-sach')", timeout=30_000)
    wait_ready(page)
    page.get_by_role("heading", name="Danh sách cơ sở").wait_for(timeout=30_000)   # the run after Back may still be drawing
    assert page.get_by_role("heading", name="Danh sách cơ sở").count() == 1
    assert params(page)["kind"] == ["ccn"] and "site" not in params(page)
    assert history_length(page) == start + 1   # Back moved within the history, added nothing


def test_the_copied_link_of_a_site_opened_from_a_filtered_list_reopens_the_filters(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/{FILTERED_LIST}")
    wait_ready(page)
    after_run(page, lambda: click_first_row(page))
    page.wait_for_function("() => location.pathname.endsWith('/chi-tiet')", timeout=30_000)
    wait_ready(page)
    name = page.locator("h1").first.inner_text()
    page.get_by_role("button", name=re.compile("Sao chép liên kết")).click()
    copied = page.get_by_test_id("stCode").first.inner_text().strip()
    assert "kind=ccn" in copied and "od=276" in copied and "site=" in copied

    other = new_page()   # a colleague's browser: nothing shared but the link
    other.goto(copied)
    wait_ready(other)
    assert other.locator("h1").first.inner_text() == name
    sidebar = other.get_by_test_id("stSidebar").inner_text()
    assert "Cụm công nghiệp" in sidebar and "Huyện Thạch Thất" in sidebar
    after_run(other, lambda: other.get_by_test_id("stSidebar").get_by_role("link", name="Danh sách").click())
    assert params(other)["kind"] == ["ccn"] and params(other)["od"] == ["276"]
    assert re.search(r"\d+/\d+ cơ sở theo bộ lọc", other.inner_text("body"))


def test_a_language_switch_is_one_entry_keeps_every_parameter_and_back_undoes_it(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-do?bl=districts&color=ww_status&kind=ccn")
    wait_ready(page)
    map_ready(page)
    start, before = history_length(page), params(page)
    switch_language(page, "English")
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=30_000)
    wait_ready(page)
    after = params(page)
    assert history_length(page) == start + 1
    assert {k: v for k, v in after.items() if k not in ("lang", "lat", "lon", "z")} == \
           {k: v for k, v in before.items() if k not in ("lang", "lat", "lon", "z")}
    assert page.get_by_role("heading", name="Map").count() == 1
    page.go_back()
    page.wait_for_function("() => !location.search.includes('lang=en')", timeout=30_000)
    wait_ready(page)
    page.get_by_role("heading", name="Bản đồ").wait_for(timeout=30_000)   # the run that follows Back may still be drawing
    assert page.get_by_role("heading", name="Bản đồ").count() == 1 and params(page)["bl"] == ["districts"]


def test_a_page_change_in_the_app_is_one_entry(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/?kind=lang_nghe")
    wait_ready(page)
    start = history_length(page)
    after_run(page, lambda: page.get_by_test_id("stSidebar").get_by_role("link", name="Chỉ tiêu").click())
    page.wait_for_function("() => location.pathname.endsWith('/chi-tieu')", timeout=30_000)
    wait_ready(page)
    assert history_length(page) == start + 1 and params(page)["kind"] == ["lang_nghe"]
    page.go_back()
    page.wait_for_function("() => !location.pathname.endsWith('/chi-tieu')", timeout=30_000)
    wait_ready(page)
    page.get_by_role("heading", name=OVERVIEW).wait_for(timeout=60_000)   # the overview's run may still be drawing
    assert page.get_by_role("heading", name=OVERVIEW).count() == 1


def test_the_page_list_changes_page_in_the_session_and_each_of_its_links_opens_the_same_view_anywhere(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/{FILTERED_LIST}")
    wait_ready(page)
    page.evaluate("() => { window.__sameDocument = true; }")
    link = page.get_by_test_id("stSidebar").get_by_role("link", name="Bản đồ")
    href = link.get_attribute("href")
    assert parse_qs(urlsplit(href).query)["od"] == ["276"]
    after_run(page, lambda: link.click())
    page.wait_for_function("() => location.pathname.endsWith('/ban-do')", timeout=30_000)
    wait_ready(page)
    assert page.evaluate("() => window.__sameDocument === true")   # no reload: the same session went on
    assert page.get_by_role("heading", name="Bản đồ").count() == 1 and params(page)["od"] == ["276"]
    current = page.get_by_test_id("stSidebar").locator('a[aria-current="page"]')
    assert current.count() == 1 and "Bản đồ" in current.inner_text()

    other = new_page()   # a colleague's browser, given the link of the list's entry
    other.goto(app_url + href)
    wait_ready(other)
    map_ready(other)
    assert other.get_by_role("heading", name="Bản đồ").count() == 1
    sidebar = other.get_by_test_id("stSidebar").inner_text()
    assert "Cụm công nghiệp" in sidebar and "Huyện Thạch Thất" in sidebar


def test_every_view_inside_a_page_opens_from_its_link(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/chi-tieu?v=1&tv=plans")
    wait_ready(page)
    assert page.get_by_role("heading", name=re.compile("^Kế hoạch 307")).count() == 1
    assert page.get_by_text("Nhiệm vụ không có chỉ tiêu đo được").count() == 1


def test_the_report_area_is_in_the_address_and_in_the_report(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/")
    wait_ready(page)
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Địa bàn").first
    field = box.locator("input")
    field.click()
    field.press_sequentially("Thạch Thất", delay=20)
    options = [o.inner_text() for o in page.get_by_role("option").all()]
    former = next(i for i, o in enumerate(options) if "Huyện Thạch Thất" in o)
    commune = next(i for i, o in enumerate(options) if "Xã Thạch Thất" in o)
    assert former < commune, options               # the former district first, each labelled
    assert "quận/huyện cũ" in options[former].lower() and "xã/phường mới" in options[commune].lower()
    after_run(page, lambda: field.press("Enter"))   # the first option is the highlighted one
    assert params(page)["ra"] == ["old_district:276"]
    link = address(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("HTML")).click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "Huyện Thạch Thất" in html and ("ra=old_district%3A276" in html or "ra=old_district:276" in html)
    other = new_page()
    other.goto(link)
    wait_ready(other)
    chosen = other.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Địa bàn").first.locator("input")
    assert chosen.input_value().startswith("Huyện Thạch Thất")


def test_an_unknown_path_says_so_and_offers_the_way_back(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-doo?kind=ccn")
    wait_ready(page)
    assert page.get_by_role("heading", name="Không tìm thấy trang").count() == 1
    assert "/ban-doo" in page.inner_text("body")
    after_run(page, lambda: page.get_by_role("link", name="Về trang Tổng quan").click())
    assert page.get_by_role("heading", name=OVERVIEW).count() == 1 and params(page)["kind"] == ["ccn"]


def test_an_unknown_site_says_so_offers_a_search_and_leaves_the_address(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/chi-tiet?site=khong-co-that&kind=ccn")
    wait_ready(page)
    assert page.get_by_text("Không có cơ sở này").count() >= 1
    assert page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Tìm cơ sở theo tên").count() == 1
    assert "site" not in params(page) and params(page)["kind"] == ["ccn"]


def test_a_fuzzy_search_finds_bat_trang_and_says_did_you_mean(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/danh-sach?q=battrang")
    wait_ready(page)
    rows = grid_rows(page.get_by_test_id("stDataFrame").first)
    assert len(rows) > 1 and all("Bát Tràng" in " ".join(r) for r in rows[1:3]), rows[:3]
    assert page.get_by_text("Có phải bạn tìm").count() == 1


def test_an_inspector_stays_signed_in_across_a_reload_by_an_http_only_cookie(browser, app_url):
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(f"{app_url}/chi-tiet?site=ccn-tan-trieu")
    wait_ready(page)
    page.get_by_text("Đăng nhập để ghi nhận").click()
    page.get_by_label("Tên đăng nhập").fill(ADMIN[0])
    page.get_by_label("Mật khẩu").fill(ADMIN[1])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_text("Đã đăng nhập").wait_for(timeout=30_000)
    page.wait_for_function("() => window.__hanoiCookie === 204", timeout=30_000)
    cookies = {c["name"]: c for c in ctx.cookies()}
    assert cookies["hanoi_session"]["httpOnly"] and cookies["hanoi_session"]["sameSite"] == "Strict"
    assert "hanoi_session" not in page.evaluate("() => document.cookie")      # no script can read it
    assert "token" not in address(page) and cookies["hanoi_session"]["value"] not in address(page)
    page.reload()
    wait_ready(page)
    page.get_by_text("Đã đăng nhập").wait_for(timeout=30_000)
    assert page.get_by_role("tab", name="Ghi thay đổi trạng thái").count() == 1   # the recording forms are there
    after_run(page, lambda: page.get_by_role("button", name=re.compile("Đăng xuất")).click())
    page.wait_for_function("() => window.__hanoiCookie === 204", timeout=30_000)
    page.reload()
    wait_ready(page)
    assert page.get_by_text("Đăng nhập để ghi nhận").count() == 1 and page.get_by_text("Đã đăng nhập").count() == 0
    ctx.close()


def test_cluster_bubbles_never_overlap_at_any_zoom(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-do")
    wait_ready(page)
    frame = map_ready(page)
    for zoom in range(9, 17):
        frame.evaluate("(z) => { hanoiMap().setView([21.0, 105.75], z, {animate: false}); }", zoom)
        # The plugin animates clusters splitting and merging: measure once nothing moves any more.
        frame.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')", timeout=10_000)
        boxes, previous = None, []
        for _ in range(20):
            frame.wait_for_timeout(250)
            # The bubbles a user can see: Leaflet also keeps clusters just outside the map drawn, for panning.
            boxes = frame.evaluate("""() => { const c = hanoiMap().getContainer().getBoundingClientRect();
                return [...document.querySelectorAll('.marker-cluster')].map(e => {
                    const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })
                  .filter(([l, t, r, b]) => r > c.left && l < c.right && b > c.top && t < c.bottom); }""")
            if boxes == previous:
                break
            previous = boxes
        assert boxes or zoom >= 13, zoom   # from zoom 15 every site stands alone
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert overlap[0] <= 0 or overlap[1] <= 0, (zoom, a, b)
    # The same bubbles and options on far denser sites than Hanoi has, 3,000 each: spread at
    # random, in tight clumps (a craft village's workshops) and in chains (a cluster along a road).
    # Every cluster of every zoom, where the plugin draws its 40 px bubble, must be clear of every
    # other one; the plugin's own placement, the average of the sites, fails the clumps and chains.
    for shape in ["random", "clumps", "chains"]:
        crowded = frame.evaluate("""(shape) => { const m = hanoiMap(); let group = null, seed = 7;
            m.eachLayer(l => { if (l._topClusterLevel && !group) group = l; });
            const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
            const test = L.markerClusterGroup(Object.assign({}, group.options, {chunkedLoading: false}));
            test._markerCluster = group._markerCluster;
            for (let i = 0; i < 3000; i++) {
                let lat = 20.6 + random() * 0.8, lng = 105.3 + random() * 0.9;
                if (shape !== "random") {
                    const c = Math.floor(random() * (shape === "clumps" ? 60 : 40)), t = random();
                    lat = 20.6 + (c * 7919) % 1000 / 1250; lng = 105.3 + (c * 104729) % 1000 / 1111;
                    if (shape === "clumps") { lat += (random() - 0.5) * 0.02 * random() ** 3; lng += (random() - 0.5) * 0.02; }
                    else { lat += t * 0.05 * random() ** 4; lng += t * 0.03; }
                }
                test.addLayer(L.circleMarker([lat, lng]));
            }
            test.addTo(m);
            const found = [];
            for (let z = 8; z < (group.options.disableClusteringAtZoom || 19); z++) {
                const at = [], walk = c => { if (c._zoom === z) at.push(c); else if (c._zoom < z) c._childClusters.forEach(walk); };
                walk(test._topClusterLevel);
                at.forEach(c => { if (c._boundsNeedUpdate) c._recalculateBounds(); });
                const points = at.map(c => m.project(c._latlng, z));
                for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++)
                    if (Math.abs(points[i].x - points[j].x) < 40 && Math.abs(points[i].y - points[j].y) < 40) found.push([z, i, j]);
            }
            m.removeLayer(test);
            return found; }""", shape)
        assert crowded == [], shape


SIZES = {"desktop": {"width": 1400, "height": 1000}, "laptop": {"width": 1280, "height": 720},
         "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_screens_at_desktop_laptop_and_phone_sizes(app_url, new_page, size, lang):
    viewport = SIZES[size]
    page = new_page(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")
    for path in ["", "ban-do", "danh-sach", "chi-tiet?site=ccn-tan-trieu", "chi-tieu"]:
        page.goto(f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
        wait_ready(page)
        if path == "ban-do":
            frame_box = page.get_by_test_id("hanoi-map").bounding_box()
            visible = min(frame_box["y"] + frame_box["height"], viewport["height"]) - max(frame_box["y"], 0)
            if size == "laptop":
                assert visible >= 450, visible
            if size == "phone":
                copy = page.get_by_role("button", name=re.compile("Sao chép liên kết|Copy link")).first.bounding_box()
                assert copy["x"] >= 0 and copy["x"] + copy["width"] <= viewport["width"], copy
                controls = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.bounding_box()
                assert frame_box["y"] < controls["y"], "on a phone the map comes first"
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= viewport["width"] + 1, (path, wide)     # nothing runs off the side
        shot(page, f"{size}-{path.split('?')[0] or 'tong-quan'}-{lang}")


def test_the_period_opens_from_its_link_and_switching_it_is_one_history_entry(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/?v=1&per=2021-2025")
    wait_ready(page)
    page.get_by_text("Kỳ kế hoạch đã kết thúc ngày 31/12/2025; không dự báo.").first.wait_for(timeout=60_000)
    assert page.get_by_role("heading", name=re.compile("^Kết quả cuối cùng Kế hoạch 307")).count() == 1
    start = history_length(page)
    after_run(page, lambda: page.get_by_role("radio", name=re.compile("^Giai đoạn 2026–2030")).click())
    page.wait_for_function("() => !location.search.includes('per=')", timeout=30_000)
    assert history_length(page) == start + 1
    page.get_by_text("Kỳ kế hoạch đã kết thúc ngày 31/12/2025; không dự báo.").first.wait_for(state="detached", timeout=60_000)
    page.go_back()
    page.wait_for_function("() => location.search.includes('per=2021-2025')", timeout=30_000)
    wait_ready(page)
    # The run after Back draws the closed period's cards again (the overview is the heaviest page).
    page.get_by_text("Kỳ kế hoạch đã kết thúc ngày 31/12/2025; không dự báo.").first.wait_for(timeout=60_000)
    assert page.get_by_role("radio", name=re.compile("^Kế hoạch 307")).get_attribute("aria-checked") == "true"


def test_the_map_page_settles_after_the_view_changes(app_url, new_page):
    """One rerun per move of the map, then quiet: the view the map reports is not given back to it
    (a rounding of its own report moved it a hair, it reported again, and the page reran twice a second)."""
    page = new_page()
    page.add_init_script("""window.__runs = 0; new MutationObserver(() => { const a = document.querySelector('[data-testid=stApp]');
        if (a && a.dataset.testScriptState === 'running') window.__runs++; }).observe(document, {subtree: true, attributes: true,
        attributeFilter: ['data-test-script-state']});""")
    page.goto(f"{app_url}/ban-do")
    wait_ready(page)
    frame = map_ready(page)
    for zoom, lat in ((12, 21.0123), (14, 20.9871), (11, 21.05)):
        frame.evaluate("([z, lat]) => { hanoiMap().setView([lat, 105.7512], z, {animate: false}); }", [zoom, lat])
        page.wait_for_timeout(2500)
        settled = page.evaluate("() => window.__runs")
        page.wait_for_timeout(3000)
        assert page.evaluate("() => window.__runs") == settled, f"the page kept rerunning at zoom {zoom}"
    assert "z=11" in page.url
