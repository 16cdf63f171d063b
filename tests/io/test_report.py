"""The meeting report: real PDF text with Vietnamese, the right numbers, an offline HTML page."""

import io

from pypdf import PdfReader

from geo.core import history, indicators, scorecard
from geo.io import report
from geo.language import i18n
from geo.settings import DEFAULTS
from tests.core.test_scorecard import CHANGES, SITES, TODAY


def _report(lang="vi"):
    states = {d: history.state_as_of(SITES, CHANGES, d) for d in [*history.year_ends(), TODAY]}
    cards = [scorecard.card(t, states, TODAY) for t in indicators.load_targets(DEFAULTS.targets_file) if t.plan == "307/KH-UBND"]
    return report.build(cards, states[TODAY], "Huyện Thanh Trì", TODAY, "http://localhost/chi-tieu?unit=020", lang,
                        attribution=["Ranh giới: daohoangson/dvhcvn (GPL-3.0)"]), cards


def test_pdf_embeds_a_vietnamese_font_and_says_the_numbers():
    r, cards = _report()
    pdf = PdfReader(io.BytesIO(report.to_pdf(r)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    fonts = {str(f["/BaseFont"]) for p in pdf.pages for f in p["/Resources"]["/Font"].values()}
    assert any("DejaVu" in f for f in fonts)
    assert "Tiến độ Kế hoạch 307/KH-UBND" in text and "Huyện Thanh Trì" in text
    p2 = next(c for c in cards if c.target.id == "p307-2")
    assert f"Trạm XLNT tập trung: {i18n.format_percent(p2.now.percent, 'vi')} (2/4)" in text
    assert "Chưa có trạm XLNT tập trung" in text and "CCN Hai" in text       # a site falling short, with its reason
    assert "http://localhost/chi-tieu?unit=020" in text and "23/11/2026" in text
    assert len(pdf.pages) >= 2


def test_html_is_printable_offline_and_escapes_names():
    r, _ = _report("en")
    r.shortfalls.loc[0, "site"] = "<script>alert(1)</script>"
    page = report.to_html(r)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page.split("<body>")[1].split("Link")[0]          # no external resources before the content
    assert page.count("data:image/png;base64,") == 2 and "Sites falling short" in page
