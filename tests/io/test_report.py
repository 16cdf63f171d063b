"""The meeting report: real PDF text with Vietnamese, the right numbers, an offline HTML page."""

import io

from pypdf import PdfReader

from geo.core import figures, history, indicators, scorecard
from geo.io import report
from geo.language import i18n
from geo.settings import DEFAULTS
from tests.core.test_scorecard import CHANGES, SITES, TODAY


PERIOD = next(p for p in indicators.load_periods(DEFAULTS.targets_file) if p.id == "2021-2025")
FIGURES = figures.load_figures(DEFAULTS.figures_file)


def _report(lang="vi"):
    states = {d: history.state_as_of(SITES, CHANGES, d) for d in PERIOD.days(TODAY)}
    cards = [scorecard.card(t, states, TODAY, period=PERIOD, changes=CHANGES, city_figures=FIGURES)
             for t in indicators.load_targets(DEFAULTS.targets_file) if t.plan == "307/KH-UBND"]
    return report.build(cards, states[PERIOD.end], "Huyện Thanh Trì", TODAY, "http://localhost/chi-tieu?unit=020", lang,
                        attribution=["Ranh giới: daohoangson/dvhcvn (GPL-3.0)"], period=PERIOD), cards


def test_pdf_embeds_a_vietnamese_font_and_says_the_numbers():
    r, cards = _report()
    pdf = PdfReader(io.BytesIO(report.to_pdf(r)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    fonts = {str(f["/BaseFont"]) for p in pdf.pages for f in p["/Resources"].get("/Font", {}).values()}
    assert any("DejaVu" in f for f in fonts)
    assert "Kết quả cuối cùng Kế hoạch 307/KH-UBND (2021–2025), tại 31/12/2025" in text and "Huyện Thanh Trì" in text
    p2 = next(c for c in cards if c.target.id == "p307-2")
    assert f"Trạm XLNT tập trung: {i18n.format_percent(p2.now.percent, 'vi')} trong tập dữ liệu (2/4 cơ sở)" in text
    assert "không phải của toàn thành phố" in text                             # no sample share passed off as the city's
    assert "Đo gián tiếp" in text                                               # target 1's proxy, said in the report
    official = figures.official(FIGURES, "p307-2")
    assert official is not None and " ".join(official.in_words("vi").split())[:40] in text
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


def test_the_word_document_has_the_same_numbers_link_and_notice():
    import io

    from docx import Document

    from geo.core import history as history_mod

    states = {d: history_mod.state_as_of(SITES, CHANGES, d) for d in [*history_mod.year_ends(), TODAY]}
    cards = [scorecard.card(t, states, TODAY) for t in indicators.load_targets(DEFAULTS.targets_file) if t.plan == "307/KH-UBND"]
    r = report.build(cards, states[TODAY], "Huyện Thanh Trì", TODAY, "http://h/?v=1&ra=old_district%3A020", "vi")
    doc = Document(io.BytesIO(report.to_docx(r)))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for card in cards:
        assert report._card_lines(card, "vi")[0] in body
    assert "http://h/?v=1&ra=old_district%3A020" in body and r.illustrative == ("MINH HỌA" in body)
    assert len(doc.inline_shapes) == 2                                     # the map and the chart
    assert set(r.shortfalls["site"]) <= set(cells)
    assert "giờ Hà Nội" in body


def test_report_areas_offer_the_former_district_before_the_new_commune_of_the_same_name():
    areas = {"old_district": {"276": "Huyện Thạch Thất"}, "new_unit": {"09985": "Xã Thạch Thất", "10006": "Xã Tây Phương"}}
    choices = report.area_choices(areas, "vi")
    thach_that = [label for label in choices.values() if "Thạch Thất" in label]
    assert thach_that == ["Huyện Thạch Thất (quận/huyện cũ, trước 7/2025)", "Xã Thạch Thất (xã/phường mới, từ 7/2025)"]
    assert list(choices)[:2] == ["", "old_district:276"]
