"""End to end in headless Chromium against the running app."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.views import assets
from tests.e2e.conftest import after_run, grid_rows, map_ready, new_context, shot, start_dashboard, stop_dashboard, wait_ready

pytestmark = pytest.mark.e2e

PAGES = ["", "ban-do", "danh-sach", "chi-tiet", "chi-tieu", "du-lieu", "gioi-thieu"]


def caption_count(page) -> str:
    """The 'n/m cơ sở theo bộ lọc' caption: how many rows the filters keep."""
    text = page.get_by_text(re.compile(r"\d+/\d+ (cơ sở theo bộ lọc|sites match)")).first.inner_text()
    return re.search(r"(\d+/\d+) (cơ sở theo bộ lọc|sites match)", text).group(1)


def current_url(page) -> str:
    """The address bar as the app last wrote it (Playwright's page.url can lag behind pushState)."""
    return page.evaluate("() => location.href")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_screenshot_of_every_page(app_url, new_page, lang):
    page = new_page()
    for path in PAGES:
        extra = "&site=ccn-tan-trieu" if path == "chi-tiet" else ""
        page.goto(f"{app_url}/{path}?lang={lang}{extra}")
        wait_ready(page)
        if path == "ban-do":
            map_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert page.get_by_text("Page not found").count() == 0, path
        shot(page, f"{path or 'tong-quan'}-{lang}")


def test_a_link_to_a_page_works_as_the_first_visit_after_the_server_starts(browser, store_path, tmp_path):
    """Streamlit's first session used to answer a deep link with "Page not found"
    (streamlit#8860): whoever opened the first shared link after a restart saw it."""
    proc, url = start_dashboard(store_path, tmp_path / "streamlit.log")
    try:
        ctx = new_context(browser)
        page = ctx.new_page()
        page.goto(f"{url}/chi-tiet?site=ccn-tan-trieu")
        wait_ready(page)
        assert page.get_by_text("Page not found").count() == 0
        assert "Tân Triều" in page.locator("h1").first.inner_text()
        assert urlsplit(current_url(page)).path == "/chi-tiet"
        ctx.close()
    finally:
        stop_dashboard(proc)


def test_a_returning_browser_asks_the_server_once_and_draws_the_map_in_the_page(browser, app_url):
    """The shell names the server, so the frontend no longer asks below the page's own path first
    (/ban-do/_stcore/health, a 404). The map is drawn in the page itself: no frame, no second app to load,
    and Leaflet comes from the dashboard's own files, which a returning browser does not fetch again."""
    ctx = new_context(browser)
    try:
        for visit in (1, 2):
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            seen = []
            cdp.on("Network.responseReceived", lambda e: seen.append((e["response"]["url"], e["response"].get("fromDiskCache", False),
                                                                     e["response"]["status"])))
            page.goto(f"{app_url}/ban-do?kind=ccn")
            wait_ready(page)
            map_ready(page)
            assert [u for u, *_ in seen if "/_stcore/health" in u] == [f"{app_url}/_stcore/health"], visit
            assert not [u for u, _, status in seen if status == 404], visit
            assert page.locator("iframe").count() == 0 and not [u for u, *_ in seen if "/component/" in u], visit
            leaflet = [(cached, status) for u, cached, status in seen if u == app_url + assets.LEAFLET_JS[0][1]]
            assert leaflet == ([(False, 200)] if visit == 1 else [(True, 200)]), (visit, leaflet)
            # The shell started it (ui/shell.py) and the map took that one up: one script element, not two.
            started = page.evaluate("(u) => [!!(window.__hanoiEarly || {})[u], document.querySelectorAll(`script[src='${u}']`).length]",
                                    assets.LEAFLET_JS[0][1])
            assert started == [True, 1], (visit, started)
            page.close()
    finally:
        ctx.close()


def test_the_legend_is_inside_the_map_and_follows_colour_and_language(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-do?color=ww_status&bl=districts")
    wait_ready(page)
    legend = map_ready(page).locator(".hanoi-legend")
    legend.wait_for(timeout=30_000)
    text = legend.inner_text()
    assert "Trạm XLNT" in text and "Chưa rõ" in text and "Màu vùng" in text
    page.goto(f"{app_url}/ban-do?color=haz_waste&lang=en")
    wait_ready(page)
    frame = map_ready(page)
    legend = frame.locator(".hanoi-legend")
    legend.wait_for(timeout=30_000)
    text = legend.inner_text()
    assert "Hazardous waste" in text and "Unknown" in text and "Area colour" not in text
    assert frame.locator(".hanoi-legend").count() == 1


def test_filters_applied_in_the_ui_survive_the_link_in_a_fresh_browser(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/danh-sach")
    wait_ready(page)
    total = caption_count(page)
    search = page.get_by_label("Tìm theo tên, nghề, địa bàn")
    search.fill("bat trang")
    after_run(page, lambda: search.press("Enter"))
    kinds = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.locator("input")
    kinds.click()
    kinds.press_sequentially("Làng nghề", delay=20)
    page.get_by_role("option", name="Làng nghề", exact=True).wait_for(timeout=30_000)
    after_run(page, lambda: page.keyboard.press("Enter"))
    page.keyboard.press("Escape")
    filtered = caption_count(page)
    kept, all_sites = (int(n) for n in filtered.split("/"))
    assert 0 < kept < all_sites and total == f"{all_sites}/{all_sites}"
    url = current_url(page)
    params = parse_qs(urlsplit(url).query)
    assert params["q"] == ["bat trang"] and "lang_nghe" in params["kind"] and params["v"] == ["1"]
    rows = grid_rows(page.get_by_test_id("stDataFrame").first)
    assert len(rows) - 1 == kept and any("Bát Tràng" in r[0] for r in rows[1:])   # header, then the kept sites

    other = new_page()  # a new browser context: nothing shared but the link
    other.goto(url)
    wait_ready(other)
    assert caption_count(other) == filtered
    # The grid draws only the columns in view: the names, row by row, are what must agree.
    assert [r[0] for r in grid_rows(other.get_by_test_id("stDataFrame").first)] == [r[0] for r in rows]


def test_map_view_and_selection_survive_the_link(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-do?q=tan%20trieu&lat=20.97&lon=105.8&z=13")
    wait_ready(page)
    frame = map_ready(page)
    after_run(page, lambda: frame.locator(".leaflet-control-zoom-in").click())
    page.wait_for_function("() => location.search.includes('z=14')", timeout=30_000)
    url = current_url(page)
    other = new_page()
    other.goto(url)
    wait_ready(other)
    frame = map_ready(other)
    zoom = frame.evaluate("() => hanoiMap().getZoom()")
    assert zoom == 14
    center = frame.evaluate("() => hanoiMap().getCenter()")
    q = parse_qs(urlsplit(url).query)
    assert abs(center["lat"] - float(q["lat"][0])) < 0.01 and abs(center["lng"] - float(q["lon"][0])) < 0.01


def test_clicking_a_marker_opens_its_site_page(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/ban-do?q=ccn%20tan%20trieu&kind=ccn&lat=20.97&lon=105.8&z=12")
    wait_ready(page)
    frame = map_ready(page)
    frame.wait_for_function("""() => { let on = false;
        hanoiMap().eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.site_id && l.getLatLng) on = true; });
        return on; }""", timeout=30_000)
    point = frame.evaluate("""() => {
        let found = null;
        hanoiMap().eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.site_id && l.getLatLng) found = l; });
        const p = hanoiMap().latLngToContainerPoint(found.getLatLng());
        return {x: p.x, y: p.y, id: found.feature.properties.site_id};
    }""")
    frame.locator(".leaflet-container").click(position={"x": point["x"], "y": point["y"]}, force=True)
    page.wait_for_function("() => location.pathname.endsWith('/chi-tiet')", timeout=30_000)
    wait_ready(page)
    assert f"site={point['id']}" in current_url(page)
    assert page.get_by_role("heading", name="CCN Tân Triều").count() == 1
    selected = current_url(page)
    other = new_page()
    other.goto(selected)
    wait_ready(other)
    assert other.get_by_role("heading", name="CCN Tân Triều").count() == 1


def test_a_malicious_query_string_shows_a_notice_and_runs_nothing(app_url, new_page):
    page = new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_url}/danh-sach?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&kind=%3Cscript%3Ealert(2)%3C/script%3E"
              "&evil=%22%3E%3Csvg%20onload%3Dalert(3)%3E&z=NaN&site=..%2F..%2Fetc")
    wait_ready(page)
    page.get_by_text("Đã bỏ qua tham số không hợp lệ").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "Đã bỏ qua tham số không hợp lệ" in body and "Đã bỏ qua giá trị không dùng được của 'kind'" in body
    assert dialogs == []
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "evil" not in current_url(page)
    shot(page, "malicious-link")


def _choose(page, label: str, option: str):
    """Pick an option of a selectbox in the main area by typing it, as a user would.

    The typed text is checked before the list is used (a key pressed while the field opens can be
    lost), and the keyboard picks the first option it leaves (a click would scroll the page,
    closing the list); the choice is checked once the app has run."""
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text=label).first
    field = box.locator("input")
    field.click()
    page.wait_for_function("(el) => document.activeElement === el", arg=field.element_handle(), timeout=30_000)
    for _ in range(3):
        field.press("Control+a")
        field.press_sequentially(option, delay=20)
        if field.input_value() == option:
            break
    page.get_by_role("option", name=re.compile(re.escape(option))).first.wait_for(timeout=30_000)
    field.press("ArrowDown")
    after_run(page, lambda: field.press("Enter"))
    chosen = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text=label).first.locator("input")
    assert chosen.input_value().startswith(option), (label, chosen.input_value())


def test_a_link_to_one_districts_breakdown_of_one_target_reopens_it(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/chi-tieu")
    wait_ready(page)
    _choose(page, "Chỉ tiêu", "Điều kiện BVMT — 100%")   # Plan 307's, not Decision 2546's "Điều kiện BVMT 2030"
    _choose(page, "Quận/huyện cũ", "Huyện Chương Mỹ")
    heading = page.get_by_role("heading", name=re.compile(r"^Huyện Chương Mỹ: ")).inner_text()
    params = parse_qs(urlsplit(current_url(page)).query)
    assert params["tgt"] == ["p307-4"] and params["unit"] == ["277"]
    sites = grid_rows(page.get_by_test_id("stDataFrame").last)
    assert len(sites) > 1

    other = new_page()
    other.goto(current_url(page))
    wait_ready(other)
    assert other.get_by_role("heading", name=re.compile(r"^Huyện Chương Mỹ: ")).inner_text() == heading
    assert [r[0] for r in grid_rows(other.get_by_test_id("stDataFrame").last)] == [r[0] for r in sites]
    shot(other, "chi-tieu-chuong-my")


def _sign_in(page, username, password):
    page.get_by_text("Đăng nhập để ghi nhận").click()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_test_id("stSidebarUserContent").get_by_text("Quản trị E2E").wait_for(timeout=30_000)
    wait_ready(page)


def test_clicking_an_area_on_the_targets_map_opens_its_sites_and_a_second_click_on_it_again(app_url, new_page):
    """A click is reported for one run only: the same area can be chosen again after another was picked meanwhile."""
    page = new_page()
    page.goto(f"{app_url}/chi-tieu?tgt=p307-4")
    wait_ready(page)
    page.wait_for_function("() => hanoiMap() && (() => { let n = 0; hanoiMap().eachLayer(l => { if (l.feature && l.feature.properties.code) n++; }); return n > 20; })()",
                           timeout=60_000)

    def click_area(code):
        point = page.evaluate("""(code) => { const m = hanoiMap(); let hit = null;
            m.eachLayer(l => { if (!hit && l.feature && l.feature.properties.code === code) hit = l; });
            m.getContainer().scrollIntoView();   // the map stands below the cards: a click must land where it is seen
            m.fitBounds(hit.getBounds(), {animate: false});
            const c = hit.getCenter(), p = m.latLngToContainerPoint(c), box = m.getContainer().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y, inside: hit._containsPoint(m.latLngToLayerPoint(c))}; }""", code)
        assert point["inside"], code   # the area's centre lies inside it, so a click there is a click on it
        after_run(page, lambda: page.mouse.click(point["x"], point["y"]))

    click_area("277")
    page.wait_for_function("() => location.search.includes('unit=277')", timeout=30_000)
    assert page.get_by_role("heading", name=re.compile(r"^Huyện Chương Mỹ: ")).count() == 1
    _choose(page, "Quận/huyện cũ", "Huyện Thạch Thất")
    page.wait_for_function("() => location.search.includes('unit=276')", timeout=30_000)
    click_area("277")
    page.wait_for_function("() => location.search.includes('unit=277')", timeout=30_000)
    assert page.get_by_role("heading", name=re.compile(r"^Huyện Chương Mỹ: ")).count() == 1


def test_admin_imports_a_department_spreadsheet_then_reverts_it(app_url, new_page, tmp_path):
    from tests.e2e.conftest import ADMIN
    from tests.fixtures.make_department_xlsx import build

    xlsx = build(tmp_path / "ccn_so_cong_thuong.xlsx")
    page = new_page()
    page.goto(f"{app_url}/")
    wait_ready(page)
    _sign_in(page, *ADMIN)
    after_run(page, lambda: page.get_by_test_id("stSidebar").get_by_role("link", name="Dữ liệu").click())  # same session: stays signed in
    page.get_by_test_id("stFileUploader").filter(has_text="Tệp danh sách").locator("input[type=file]").set_input_files(str(xlsx))
    page.get_by_text("Tạo mới").first.wait_for(timeout=60_000)
    wait_ready(page)
    # "CCN Bình Phú" is close to the store's "CCN Bình Phú 1": asked, not guessed; the import waits for the answer.
    question = page.get_by_text(re.compile("Dòng 12: “CCN Bình Phú” có thể là “CCN Bình Phú 1”"))
    assert question.count() == 1 and page.get_by_text("lỗi: sửa trong tệp").count() == 1
    after_run(page, lambda: page.get_by_role("radio", name=re.compile("Cơ sở mới")).click())
    wait_ready(page)
    page.get_by_text("lỗi: sửa trong tệp").wait_for(state="detached", timeout=60_000)
    assert page.get_by_text("lỗi: sửa trong tệp").count() == 0
    shot(page, "du-lieu-nhap-xem-truoc")
    page.get_by_role("button", name="Nhập vào kho dữ liệu").click()
    page.get_by_text("Đã nhập ccn_so_cong_thuong.xlsx").wait_for(timeout=60_000)
    wait_ready(page)
    page.get_by_role("button", name="Hoàn tác", exact=True).click()
    page.get_by_text("Đã hoàn tác").wait_for(timeout=60_000)


def test_meeting_report_pdf_shows_the_districts_numbers_and_names(app_url, new_page, store_path):
    import io

    from pypdf import PdfReader

    from geo import storage as store
    from geo.settings import DEFAULTS
    from geo.core import history, indicators, scorecard
    from geo.language import dates, i18n

    page = new_page()
    page.goto(f"{app_url}/?per=2021-2025")   # Plan 307's final result
    wait_ready(page)
    _choose(page, "Địa bàn", "Huyện Chương Mỹ")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("PDF")).click()
    pdf = info.value
    assert pdf.suggested_filename.startswith("bao-cao-huyen-chuong-my") and pdf.suggested_filename.endswith(".pdf")
    content = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(pdf.path(), "rb").read())).pages)
    content = " ".join(content.split())

    # The same numbers computed independently from the store the app reads.
    s = store.GeoPackageStore(store_path)
    sites, changes, today = s.read_site_table(), s.read_history(), dates.today()
    period = next(p for p in indicators.load_periods(DEFAULTS.targets_file) if p.id == "2021-2025")
    states = {d: history.state_as_of(sites, changes, d) for d in period.days(today)}
    ids = set(states[today][states[today]["old_district_code"] == "277"]["site_id"]) if today in states else set(
        sites[sites["old_district_code"] == "277"]["site_id"])
    assert "Huyện Chương Mỹ" in content and "MINH HỌA" in content
    assert "Kết quả cuối cùng Kế hoạch 307/KH-UBND (2021–2025), tại 31/12/2025" in content
    assert "không phải của toàn thành phố" in content
    for target in [t for t in indicators.load_targets(DEFAULTS.targets_file) if t.period == "2021-2025"]:
        card = scorecard.card(target, states, today, ids, period=period)
        if not card.now.has_data:
            continue
        expected = (f"{target.short_vi}: {i18n.format_percent(card.now.percent, 'vi')} trong tập dữ liệu "
                    f"({card.now.numerator}/{card.now.denominator} cơ sở)")
        assert expected in content, expected
        for name in card.now.shortfalls["name"].head(3):
            assert " ".join(name.split())[:20] in content, name


HOSTILE = ("![p](http://evil.example/x.png) [Phiên hết hạn](http://evil.example/) **đậm** :red[đỏ] $\\frac{1}{2}$ "
           "http://evil.example/raw <img src=http://evil.example/h.png> __proto__")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A dashboard whose store holds a site, an inspection and a user written by an attacker."""

    import pandas as pd

    from geo import settings, storage
    from geo.access import auth, recording
    from geo.dataset import default
    from tests.conftest import make_sites

    path = tmp_path_factory.mktemp("hostile") / "hostile.gpkg"
    sites, changes, meta = default.default_content(settings.DEFAULTS)
    evil = make_sites([{"site_id": "doc-hai-1", "name": HOSTILE, "kind": "ccn", "notes": HOSTILE, "source": HOSTILE,
                        "craft": HOSTILE, "lon": 105.8, "lat": 21.0}])
    storage.write_geopackage(path, pd.concat([sites, evil], ignore_index=True), changes, meta)
    s = storage.GeoPackageStore(path)
    admin = auth.create_user(s, None, "evil", "mat-khau-ke-xau-2025", "admin", HOSTILE)
    recording.record_inspection(s, admin, "doc-hai-1", "2025-03-01", HOSTILE, HOSTILE, HOSTILE, source=HOSTILE,
                                violations=[{"description": HOSTILE, "legal_ref": HOSTILE}],
                                actions=[{"action": HOSTILE, "deadline": "2025-06-30"}])
    recording.record_status_change(s, admin, "doc-hai-1", "ww_status", "none", "2025-01-01", HOSTILE, HOSTILE)
    proc, url = start_dashboard(path, tmp_path_factory.mktemp("log") / "hostile.log")
    yield url
    stop_dashboard(proc)


def test_markup_from_outsiders_is_shown_as_text_on_every_page(browser, hostile_app):
    from urllib.parse import quote

    ctx = new_context(browser)
    page = ctx.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url and not r.url.startswith("data:") else None)
    evil_params = f"q={quote('**x**')}&{quote('[Phiên hết hạn](http://evil.example/)')}=1&kind={quote('![p](http://evil.example/k.png)')}"
    page.goto(f"{hostile_app}/chi-tiet?site=doc-hai-1&{evil_params}")
    wait_ready(page)
    _sign_in_as(page, "evil", "mat-khau-ke-xau-2025")
    for path in ["chi-tiet?site=doc-hai-1", "", "ban-do", "danh-sach", "chi-tieu?tv=blockers&tgt=p307-2", "du-lieu", "gioi-thieu"]:
        page.goto(f"{hostile_app}/{path}{'&' if '?' in path else '?'}{evil_params}")
        wait_ready(page)
        for frame in page.frames:
            bad = frame.locator('a[href*="evil.example"]')
            assert bad.count() == 0, (path, [bad.nth(i).evaluate("e => e.outerHTML.slice(0, 200)") for i in range(min(4, bad.count()))])
            assert frame.locator('img[src*="evil.example"]').count() == 0, path
            assert frame.locator(".katex").count() == 0, path
        assert page.locator('[data-testid="stException"]').count() == 0, path
    page.goto(f"{hostile_app}/chi-tiet?site=doc-hai-1")
    wait_ready(page)
    # The name reads exactly as written (but for the invisible word joiners that stop bare URLs becoming links).
    assert page.locator("h1").first.inner_text().replace("\u2060", "") == HOSTILE
    shot(page, "chi-tiet-ten-doc-hai")
    assert outside == [], outside
    ctx.close()


def _sign_in_as(page, username, password):
    page.get_by_text("Đăng nhập để ghi nhận").click()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_text("Đã đăng nhập").wait_for(timeout=30_000)
    wait_ready(page)


def test_an_inspector_brings_in_an_odk_export_once_and_its_photo_shows_on_the_site_page(app_url, new_page, store_path, tmp_path):
    from geo import storage as store
    from tests.e2e.conftest import ADMIN
    from tests.io.field.conftest import odk_zip, photo, visit

    sites = store.GeoPackageStore(store_path).read_site_table()
    site = sites[sites["kind"] == "lang_nghe"].iloc[0]
    upload = tmp_path / "kiem_tra_moi_truong.zip"
    upload.write_bytes(odk_zip([visit(site_id=site["site_id"], anh_1="cong-xa.jpg", ket_qua="Nước thải chảy ra mương chung",
                                      id="uuid:e2e-0001")], {"cong-xa.jpg": photo()}))
    page = new_page()
    page.goto(f"{app_url}/")
    wait_ready(page)
    _sign_in(page, *ADMIN)
    after_run(page, lambda: page.get_by_test_id("stSidebar").get_by_role("link", name="Dữ liệu").click())
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Tệp kết quả").locator("input[type=file]")
    uploader.set_input_files(str(upload))
    page.get_by_text("Biên bản mới").wait_for(timeout=60_000)
    wait_ready(page)
    shot(page, "du-lieu-nhap-hien-truong")
    page.get_by_role("button", name="Nhập các biên bản vào kho dữ liệu").click()
    page.get_by_text("Đã nhập 1 biên bản").wait_for(timeout=60_000)
    wait_ready(page)
    # The same export again: nothing to import, and said so.
    page.get_by_test_id("stFileUploader").filter(has_text="Tệp kết quả").locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("Bỏ qua: đã nhập").first.wait_for(state="attached", timeout=60_000)   # a grid cell (drawn on canvas)
    wait_ready(page)
    assert page.get_by_role("button", name="Nhập các biên bản vào kho dữ liệu").is_disabled()
    # A colleague given the site's link sees the inspection and its photo.
    other = new_page()
    other.goto(f"{app_url}/chi-tiet?site={site['site_id']}")
    wait_ready(other)
    other.get_by_text("Nước thải chảy ra mương chung", exact=False).first.wait_for(state="attached", timeout=30_000)
    other.get_by_test_id("stExpander").filter(has_text="Sở Nông nghiệp").first.click()
    image = other.get_by_test_id("stImage").first
    image.wait_for(timeout=30_000)
    assert other.evaluate("() => [...document.querySelectorAll('[data-testid=stImage] img')].every(i => i.complete && i.naturalWidth > 0)")
    assert "cong-xa.jpg" in other.get_by_test_id("stExpander").filter(has_text="Sở Nông nghiệp").first.inner_text()
    shot(other, "chi-tiet-anh-hien-truong")


def test_an_inspection_plan_from_a_filtered_view_prints_its_route_and_checklists(app_url, new_page, store_path):
    import io

    from pypdf import PdfReader

    from geo import storage as store
    from geo.core import visits
    from tests.e2e.conftest import ADMIN

    page = new_page()
    page.goto(f"{app_url}/ke-hoach?kind=ccn&od=277")  # the clusters of the former Chương Mỹ district
    wait_ready(page)
    _sign_in(page, *ADMIN)
    page.get_by_label("Tên kế hoạch").fill("Kiểm tra CCN Chương Mỹ")
    page.get_by_label("Đoàn kiểm tra").fill("Đoàn liên ngành số 2")
    page.get_by_role("button", name="Sắp xếp lộ trình và lưu kế hoạch").click()
    page.get_by_text("Đã lưu kế hoạch “Kiểm tra CCN Chương Mỹ”").wait_for(timeout=60_000)
    wait_ready(page)
    shot(page, "ke-hoach")
    s = store.GeoPackageStore(store_path)
    plan = next(p for p in visits.from_entries(s.read_entries(visits.KIND)) if p.title == "Kiểm tra CCN Chương Mỹ")
    sites = s.read_sites().set_index("site_id")
    assert set(sites.loc[list(plan.site_ids), "kind"]) == {"ccn"} and set(sites.loc[list(plan.site_ids), "old_district_code"]) == {"277"}
    assert f"plan={plan.plan_id}" in page.url
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("Danh sách đi kiểm tra \\(PDF\\)")).click()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(open(info.value.path(), "rb").read())).pages]
    first = pages[0]
    assert "Kiểm tra CCN Chương Mỹ" in first and "Đoàn liên ngành số 2" in first
    names = [sites.loc[sid, "name"] for sid in plan.site_ids]
    table_at = [first.index(n) for n in names]
    assert table_at == sorted(table_at)  # the visit table follows the saved route
    heads = [next(i for i, p in enumerate(pages) if f"{n}. {name}" in p) for n, name in enumerate(names, start=1)]
    assert heads == sorted(heads) and len(set(heads)) == len(names)  # one checklist per site, in route order
    for at, sid in zip(heads, plan.site_ids):
        sheet = pages[at]
        assert "Trạng thái hiện tại" in sheet and "Nội dung kiểm tra" in sheet and "Luật BVMT 2020, Điều 52" in sheet
        assert "QCVN 40:2011/BTNMT" in sheet and sid in sheet
    # The plan's link, in a browser that has never seen it, opens that plan once signed in.
    other = new_page()
    other.goto(f"{app_url}/ke-hoach?plan={plan.plan_id}")
    wait_ready(other)
    assert other.get_by_text("chỉ dành cho cán bộ kiểm tra").count() == 1
    _sign_in(other, *ADMIN)
    other.get_by_role("heading", name="Kiểm tra CCN Chương Mỹ").wait_for(timeout=30_000)
    assert other.get_by_text(re.compile(r"Đã kiểm tra 0/\d+ cơ sở")).count() == 1
    after_run(other, lambda: other.get_by_text("English", exact=True).click())
    other.get_by_text(re.compile(r"0 of \d+ sites inspected within the plan's period")).wait_for(timeout=30_000)
    shot(other, "ke-hoach-en")


@pytest.mark.parametrize("lang, heading, band", [("vi", "Thay đổi", "Ưu tiên kiểm tra: mức"), ("en", "What changed", "Inspection priority: band")])
def test_what_changed_and_a_sites_priority_read_in_either_language(app_url, new_page, store_path, lang, heading, band):
    from geo import storage as store

    page = new_page()
    page.goto(f"{app_url}/thay-doi?lang={lang}&ra=old_district:277&since=2020-01-01")
    wait_ready(page)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    assert page.get_by_test_id("stDataFrame").count() >= 1  # the effect on the targets, at least
    shot(page, f"thay-doi-{lang}")
    state = store.GeoPackageStore(store_path).read_sites()
    site = state[state["old_district_code"] == "277"].iloc[0]["site_id"]
    page.goto(f"{app_url}/chi-tiet?lang={lang}&site={site}")
    wait_ready(page)
    page.get_by_text(band).first.wait_for(timeout=30_000)
    shot(page, f"chi-tiet-uu-tien-{lang}")
