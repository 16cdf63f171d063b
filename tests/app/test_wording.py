"""Every page, in both languages, reads as an official expects: no None, nan or raw timestamps, no
English on a Vietnamese screen, Vietnamese number and date formats, no developer text."""

import re

import pandas as pd
import pytest

from tests.app.helpers import plain, run_page

PAGES = ["pages/overview.py", "pages/map.py", "pages/sites.py", "pages/site.py", "pages/targets.py", "pages/data.py",
         "pages/about.py"]
VIEWS = {"pages/site.py": {"site": "ccn-tan-trieu"}, "pages/targets.py": {}}
#: The sidebar's boxes drawn open, so that their labels are read too.
OPEN_BOXES = {"sign_in_box": True, "more_filters": True}
#: English words that have no business on a Vietnamese screen (function words and this product's terms).
ENGLISH = re.compile(r"\b(the|and|of|with|not|was|were|is|are|has|have|from|for|built|operated|established|planned|"
                     r"plant|village|cluster|unknown|none|data|sites|target|operating|never|listed|list|source|"
                     r"in the)\b", re.IGNORECASE)
RAW = [re.compile(p) for p in (r"\bNone\b", r"\bnan\b", r"\bNaN\b", r"\bNaT\b", r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
DEVELOPER = [re.compile(p) for p in (r"data/\w+\.(toml|csv)", r"\.py\b", r"(?<!/)vietnamadminunits", r"(?<!/)vietnam-provinces",
                                     r"README", r"hanoi-facts", r"§\d", r"\{\s*\"")]


@pytest.fixture(autouse=True)
def _store(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("HANOI_STORE", str(tmp_path_factory.getbasetemp() / "apptest.gpkg"))
    monkeypatch.setenv("HANOI_TILES", "none")


def shown(at) -> list[str]:
    """Every text the page shows a reader."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [plain(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        if isinstance(frame, pd.DataFrame):
            out += [plain(str(c)) for c in frame.columns]
            out += [plain(str(v)) for v in frame.astype(str).to_numpy().ravel()]
    for w in list(at.selectbox) + list(at.multiselect) + list(at.text_input) + list(at.button):
        out.append(plain(w.label))
    return [t for t in out if t]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_raw_values_or_developer_text(page, lang):
    at = run_page(page, params={**VIEWS.get(page, {}), "lang": lang}, session=OPEN_BOXES)
    for text in shown(at):
        for pattern in RAW + DEVELOPER:
            assert not pattern.search(text), (page, lang, pattern.pattern, text[:200])


@pytest.mark.parametrize("page", PAGES)
def test_a_vietnamese_screen_has_no_english_and_writes_numbers_and_dates_the_vietnamese_way(page):
    at = run_page(page, params=VIEWS.get(page, {}), session=OPEN_BOXES)
    for text in shown(at):
        assert not ENGLISH.search(text), (page, ENGLISH.search(text).group(0), text[:200])
        # A decimal point, but not a plan's item number ("chỉ tiêu 4.1", "mục II.2").
        assert not re.search(r"(?<![\d.\-])(?<!chỉ tiêu )(?<!mục )\d{1,3}\.\d{1,2}(?![\d.])", text, re.I), \
            (page, "decimal point", text[:200])
        assert not re.search(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", text), (page, "ISO date", text[:200])
        assert not re.search(r"\b[12]\.\d{3}\b(?! ?(ha|m³|tấn|cơ sở|đ))", text) or "Năm" not in text, (page, "year", text[:200])


def test_what_an_administrator_sees_reads_the_same_way(tmp_path, monkeypatch, boundaries):
    """Users, imports, the audit trail and the recording forms: the screens only a signed-in admin reaches."""
    from geo import storage as store
    from geo.access import auth, recording
    from geo.io import importing
    from tests.conftest import settings_for
    from tests.fixtures.make_department_xlsx import build

    path = tmp_path / "admin.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    s = store.open_store(settings_for(path))
    admin = auth.create_user(s, None, "admin", "quan-tri-vien-2025", "admin", "Nguyễn Quản Trị")
    recording.record_inspection(s, admin, "ccn-tan-trieu", "2026-10-20", "Thanh tra Sở", "Lê Minh", "Đã kiểm tra trạm XLNT")
    recording.record_status_change(s, admin, "ccn-tan-trieu", "ww_status", "operating", "2026-10-21", "Biên bản 7/BB")
    raw = importing.read_upload("ccn.xlsx", build(tmp_path / "ccn.xlsx").read_bytes())
    opts = importing.Options(importing.auto_mapping(raw.headers), kind=importing.infer_kind(raw.headers),
                             status_date="2026-10-15", source="Sở Công Thương, BC 123/BC-SCT", matches={12: ""})  # Bình Phú: a new site
    recording.commit_import(s, admin, importing.preview(raw, opts, s, boundaries, "admin"), "ccn.xlsx", "BC 123")
    _, token = auth.sign_in(s, "admin", "quan-tri-vien-2025")
    for page, params in (("pages/data.py", {}), ("pages/site.py", {"site": "ccn-tan-trieu"})):
        for lang in ("vi", "en"):
            at = run_page(page, params={**params, "lang": lang}, session={"auth_token": token})
            texts = shown(at)
            assert any("Nguyễn Quản Trị" in t for t in texts), page   # people by name, not by login
            for text in texts:
                for pattern in RAW + DEVELOPER:
                    assert not pattern.search(text), (page, lang, pattern.pattern, text[:200])
                if lang == "vi":
                    assert not re.search(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", text), (page, "ISO date", text[:200])
                    words = re.sub(r"/\S+", "", text)   # an administrator is shown file paths, which are not words
                    assert not ENGLISH.search(words), (page, ENGLISH.search(words).group(0), text[:200])
