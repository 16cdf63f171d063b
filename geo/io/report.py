"""The meeting report: one PDF (and a printable HTML page) for the city, a former district or a new unit.

What a planner brings to a meeting: the four target cards, a map of the area with its
sites, the course since 2021, the sites falling short with the reason, the date, the
link, the sources, and the illustrative notice where it applies. The PDF is drawn with
fpdf2 and embeds DejaVu Sans from matplotlib's own files (it has every Vietnamese
glyph); the images are drawn with matplotlib, never a screenshot of the browser.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from geo.core import history, scorecard, vocab  # noqa: E402
from geo.io import exports  # noqa: E402
from geo.language import dates, i18n, text  # noqa: E402
from geo.views import charts, palettes  # noqa: E402

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
MAX_LISTED = 200
#: Marks a row whose values are (partly) illustrative; the legend under the table says so.
MARK = "✱"


@dataclass
class Report:
    title: str
    area: str
    as_of: dt.date
    link: str
    lang: str
    cards: list[scorecard.Card]
    sites: pd.DataFrame  # the area's sites (with geometry)
    shortfalls: pd.DataFrame  # target, site, kind, reason
    illustrative: bool
    area_shape: object = None  # shapely geometry of the area, when boundaries are installed
    notes: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=dates.now_utc)
    #: What changed since the last report for the area (geo.core.changelog): (since, until, events, effect), or None.
    changes: tuple | None = None

    def tr(self, vi: str, en: str) -> str:
        return i18n.pick(self.lang, vi, en)


def area_choices(areas: dict[str, dict[str, str]], lang: str = "vi") -> dict[str, str]:
    """What a report can be made for: the city, then each former district, then each new unit, each labelled
    with its level so that "Thạch Thất" offers the former district before the new commune of that name."""
    tr = i18n.translator(lang)
    out = {"": tr("Toàn thành phố (theo bộ lọc)", "Whole city (as filtered)")}
    for level, word in (("old_district", tr("quận/huyện cũ, trước 7/2025", "former district, before 7/2025")),
                        ("new_unit", tr("xã/phường mới, từ 7/2025", "new unit, from 7/2025"))):
        names = areas.get(level, {})
        for code in sorted(names, key=lambda c: text.fold(names[c])):
            out[f"{level}:{code}"] = f"{names[code]} ({word})"
    return out


def build(cards: list[scorecard.Card], sites, area: str, as_of: dt.date, link: str, lang: str = "vi",
          area_shape=None, attribution: list[str] | None = None, period=None) -> Report:
    """Everything the report shows, from cards and the area's sites already computed by the caller."""
    rows = []
    for card in cards:
        for r in card.now.shortfalls.fillna("").itertuples():
            rows.append({"target": card.target.short(lang), "site": r.name + (f" {MARK}" if r.illustrative else ""),
                         "kind": vocab.label("kind", r.kind, lang), "place": r.new_unit_name or r.old_district_name or "",
                         "reason": i18n.pick(lang, r.reasons_vi, r.reasons_en)})
    short = pd.DataFrame(rows, columns=["target", "site", "kind", "place", "reason"])
    illustrative = bool(sites["illustrative"].any()) if len(sites) else False
    title = title_for(period, as_of, lang)
    notes = [i18n.pick(lang, "Mọi tỷ lệ trong báo cáo tính trên các cơ sở của tập dữ liệu, không phải của toàn thành phố; "
                             "số liệu chính thức của thành phố ghi kèm từng chỉ tiêu.",
                       "Every share in this report is over the dataset's sites, not the city's; the city's official "
                       "figures are given with each target."), exports.DATA_SOURCES[lang], *(attribution or [])]
    return Report(title, area, as_of, link, lang, cards, sites, short, illustrative, area_shape, notes)


def title_for(period, as_of: dt.date, lang: str = "vi") -> str:
    """ "Kết quả cuối cùng Kế hoạch 307/KH-UBND (2021–2025), tại 31/12/2025" once a period has closed."""
    if period is None:
        return i18n.pick(lang, "Tiến độ Kế hoạch 307/KH-UBND", "Progress on Plan 307/KH-UBND")
    if period.closed(as_of):
        end = i18n.format_date(period.end, lang)
        return i18n.pick(lang, f"Kết quả cuối cùng {period.name_vi}, tại {end}", f"Final result of {period.name_en}, on {end}")
    return i18n.pick(lang, f"Tiến độ {period.name_vi}", f"Progress on the {period.name_en}")


# -- images ------------------------------------------------------------------------

def map_png(report: Report) -> bytes:
    """The area's outline and its sites, coloured by kind (the map's own palette)."""
    fig, ax = plt.subplots(figsize=(6.4, 4.6), dpi=150)
    if report.area_shape is not None:
        import geopandas as gpd

        gpd.GeoSeries([report.area_shape]).plot(ax=ax, facecolor="#f4f1ea", edgecolor="#444", linewidth=0.8)
    located = report.sites[report.sites.geometry.notna()]
    for code, colour in palettes.PALETTES["kind"].items():
        sub = located[located["kind"] == code]
        if len(sub):
            ax.scatter(sub.geometry.x, sub.geometry.y, s=14, c=colour, edgecolors="#222", linewidths=0.4,
                       label=f"{vocab.label('kind', code, report.lang)} ({len(sub)})")
    ax.set_aspect(1 / 0.93)  # about 1/cos(21°): degrees look square at Hanoi's latitude
    ax.set_axis_off()
    if len(located):
        ax.legend(loc="lower left", fontsize=7, frameon=True)
    return _png(fig)


def chart_png(report: Report) -> bytes:
    """Each target's share met at the year ends and the as-of date, with the 100% line."""
    fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=150)
    shares = [c for c in report.cards if c.target.measure == "share_of_sites"]  # a count is not on a 0-100 scale
    for colour, card in zip(charts.SERIES_COLOURS, shares):
        values = card.values.dropna(subset=["percent"])
        ax.plot([history.year_end_position(d) for d in values["date"]], values["percent"], marker="o", ms=3, color=colour,
                label=card.target.short(report.lang))
    ax.axhline(100, color="#333", linestyle="--", linewidth=0.8)
    ax.set_ylim(0, 105)
    ax.set_ylabel(report.tr("Tỷ lệ đạt trong tập dữ liệu (%)", "Share met, dataset's sites (%)"))
    ax.set_xlabel(report.tr("Cuối năm", "Year end"))
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(1))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%d"))
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(alpha=0.3)
    return _png(fig)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _card_lines(card: scorecard.Card, lang: str) -> list[str]:
    return card.in_words(lang)


def legend(report: Report) -> str:
    """What the mark in the table means; said under the table wherever a row carries it."""
    return report.tr(f"{MARK} Cơ sở có giá trị minh họa (kịch bản giả định, không phải số liệu thật).",
                     f"{MARK} A site with illustrative values (a made-up scenario, not real data).")


def footer(report: Report) -> str:
    return report.tr("Tạo lúc ", "Generated ") + i18n.format_datetime(report.generated_at, report.lang) + report.tr(
        " (giờ Hà Nội)", " (Hanoi time)")


def _marked(report: Report) -> bool:
    return bool(report.shortfalls["site"].str.endswith(MARK).any()) if len(report.shortfalls) else False


def _headings(report: Report) -> list[str]:
    return [report.tr("Chỉ tiêu", "Target"), report.tr("Cơ sở", "Site"), report.tr("Loại hình", "Kind"),
            report.tr("Địa bàn", "Place"), report.tr("Lý do", "Reason")]


def change_section(report: Report) -> tuple[str, list[str], list[tuple[str, str, str, str]]] | None:
    """(heading, the effect on each target, the events as (when, kind, site, what)) of the "what changed" section."""
    if report.changes is None:
        return None
    from geo.core import changelog

    since, until, events, effect = report.changes
    heading = report.tr(f"Thay đổi từ sau {i18n.format_date(since, 'vi')} đến hết {i18n.format_date(until, 'vi')}",
                        f"What changed after {i18n.format_date(since, 'en')} up to {i18n.format_date(until, 'en')}")
    lines = [f"{r[f'target_{report.lang}']}: {changelog.points_text(r['points'], report.lang)}" for r in effect.to_dict("records")]
    rows = [(i18n.format_date(r["when"], report.lang), changelog.ChangeKind.label_of(r["kind"], report.lang), r["name"] or "—",
             r[f"what_{report.lang}"] + (f" · {r['who']}" if r["who"] else "")) for r in events.head(MAX_LISTED).to_dict("records")]
    if not rows:
        rows = [("", "", "", report.tr("Không có gì được ghi nhận.", "Nothing was recorded."))]
    return heading, lines, rows


# -- PDF ---------------------------------------------------------------------------------

def to_pdf(report: Report) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(f"{report.title} - {report.area}")
    pdf.set_creator("Hanoi craft villages and industrial clusters dashboard")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(width, 8, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 5, f"{report.tr('Địa bàn', 'Area')}: {report.area} · {report.tr('Số liệu tại ngày', 'Status as of')} "
                   f"{i18n.format_date(report.as_of, report.lang)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(width, 4, f"{report.tr('Liên kết', 'Link')}: {report.link}", new_x="LMARGIN", new_y="NEXT")
    if report.illustrative:
        pdf.ln(1)
        pdf.set_fill_color(255, 243, 205)
        pdf.set_font("DejaVu", "B", 9)
        pdf.multi_cell(width, 5, exports.ILLUSTRATIVE_NOTICE[report.lang], fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for card in report.cards:  # one card a row: each says its scope, official figure and freshness, too long for two columns
        lines = _card_lines(card, report.lang)
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.multi_cell(width, 5.5, lines[0], border="LTR", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7.5)
        pdf.multi_cell(width, 3.6, "\n".join(lines[1:]), border="LBR", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.image(io.BytesIO(map_png(report)), w=width * 0.62)
    pdf.image(io.BytesIO(chart_png(report)), w=width * 0.8)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(width, 7, report.tr("Cơ sở chưa đạt chỉ tiêu và lý do", "Sites falling short, and why"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7.5)
    listed = report.shortfalls.head(MAX_LISTED)
    with pdf.table(col_widths=(18, 34, 16, 24, 50), text_align="LEFT", line_height=3.6) as table:
        head = table.row()
        for h in (report.tr("Chỉ tiêu", "Target"), report.tr("Cơ sở", "Site"), report.tr("Loại hình", "Kind"),
                  report.tr("Địa bàn", "Place"), report.tr("Lý do", "Reason")):
            head.cell(h)
        for r in listed.itertuples():
            row = table.row()
            for v in (r.target, r.site, r.kind, r.place, r.reason):
                row.cell(str(v))
    if len(report.shortfalls) > MAX_LISTED:
        pdf.multi_cell(width, 4, report.tr(f"… và {len(report.shortfalls) - MAX_LISTED} dòng nữa (xem bản xuất XLSX).",
                                           f"… and {len(report.shortfalls) - MAX_LISTED} more rows (see the XLSX export)."),
                       new_x="LMARGIN", new_y="NEXT")
    if _marked(report):
        pdf.multi_cell(width, 4, legend(report), new_x="LMARGIN", new_y="NEXT")
    section = change_section(report)
    if section is not None:
        heading, lines, rows = section
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(width, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        for line in lines:
            pdf.multi_cell(width, 4, f"• {line}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(col_widths=(16, 24, 40, 62), text_align="LEFT", line_height=3.6) as table:
            head = table.row()
            for h in (report.tr("Ngày", "Date"), report.tr("Loại", "Kind"), report.tr("Cơ sở", "Site"), report.tr("Nội dung", "What")):
                head.cell(h)
            for r in rows:
                row = table.row()
                for v in r:
                    row.cell(str(v))
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 7)
    for note in report.notes:
        pdf.multi_cell(width, 3.5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 3.5, footer(report), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# -- HTML -----------------------------------------------------------------------------------

def to_html(report: Report) -> str:
    """A printable page with the same content; images are embedded, so it works offline."""
    e = html.escape
    img = lambda png: f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" style="max-width:100%">'  # noqa: E731
    cards = "".join(
        "<div class=card><b>" + e(lines[0]) + "</b><br>" + "<br>".join(e(x) for x in lines[1:]) + "</div>"
        for lines in (_card_lines(c, report.lang) for c in report.cards))
    rows = "".join(f"<tr><td>{e(r.target)}</td><td>{e(r.site)}</td><td>{e(r.kind)}</td><td>{e(r.place)}</td><td>{e(r.reason)}</td></tr>"
                   for r in report.shortfalls.itertuples())
    notice = f"<p class=notice>{e(exports.ILLUSTRATIVE_NOTICE[report.lang])}</p>" if report.illustrative else ""
    heads = "".join(f"<th>{e(h)}</th>" for h in _headings(report))
    marked = f"<p><small>{e(legend(report))}</small></p>" if _marked(report) else ""
    return f"""<!doctype html><html lang="{report.lang}"><head><meta charset="utf-8"><title>{e(report.title)} - {e(report.area)}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;max-width:60em}} .cards{{display:grid;grid-template-columns:1fr 1fr;gap:.6em}}
.card{{border:1px solid #999;padding:.5em;font-size:.85em}} .notice{{background:#fff3cd;padding:.5em;font-weight:bold}}
table{{border-collapse:collapse;font-size:.8em}} td,th{{border:1px solid #bbb;padding:2px 4px;text-align:left}}
@media print{{.pagebreak{{page-break-before:always}}}}</style></head><body>
<h1>{e(report.title)}</h1><p>{e(report.tr('Địa bàn', 'Area'))}: <b>{e(report.area)}</b> · {e(report.tr('Số liệu tại ngày', 'Status as of'))}
{e(i18n.format_date(report.as_of, report.lang))}<br><small>{e(report.tr('Liên kết', 'Link'))}: <a href="{e(report.link)}">{e(report.link)}</a></small></p>
{notice}<div class=cards>{cards}</div>{img(map_png(report))}{img(chart_png(report))}
<h2 class=pagebreak>{e(report.tr('Cơ sở chưa đạt chỉ tiêu và lý do', 'Sites falling short, and why'))}</h2>
<table><tr>{heads}</tr>{rows}</table>{marked}{_change_html(report)}<p><small>{'<br>'.join(e(n) for n in [*report.notes, footer(report)])}</small></p>
</body></html>"""


def _change_html(report: Report) -> str:
    section = change_section(report)
    if section is None:
        return ""
    e = html.escape
    heading, lines, rows = section
    items = "".join(f"<li>{e(x)}</li>" for x in lines)
    body = "".join("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in r) + "</tr>" for r in rows)
    return f"<h2>{e(heading)}</h2><ul>{items}</ul><table>{body}</table>"


# -- Word ---------------------------------------------------------------------------------------

def to_docx(report: Report) -> bytes:
    """The same report as an editable Word document (python-docx): officials finish reports in Word."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # what Vietnamese administrative documents use
    style.font.size = Pt(11)
    doc.add_heading(report.title, level=1)
    doc.add_paragraph(f"{report.tr('Địa bàn', 'Area')}: {report.area} · {report.tr('Số liệu tại ngày', 'Status as of')} "
                      f"{i18n.format_date(report.as_of, report.lang)}")
    link = doc.add_paragraph(f"{report.tr('Liên kết', 'Link')}: {report.link}")
    link.runs[0].font.size = Pt(8)
    if report.illustrative:
        notice = doc.add_paragraph().add_run(exports.ILLUSTRATIVE_NOTICE[report.lang])
        notice.bold = True
        notice.font.color.rgb = RGBColor(0x99, 0x55, 0x00)
    for card in report.cards:
        lines = _card_lines(card, report.lang)
        doc.add_paragraph(lines[0], style="Heading 3")
        for line in lines[1:]:
            doc.add_paragraph(line, style="List Bullet")
    doc.add_picture(io.BytesIO(map_png(report)), width=Cm(12))
    doc.add_picture(io.BytesIO(chart_png(report)), width=Cm(15))
    doc.add_heading(report.tr("Cơ sở chưa đạt chỉ tiêu và lý do", "Sites falling short, and why"), level=2)
    listed = report.shortfalls.head(MAX_LISTED)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, _headings(report)):
        cell.text = heading
    for r in listed.itertuples():
        for cell, value in zip(table.add_row().cells, (r.target, r.site, r.kind, r.place, r.reason)):
            cell.text = str(value)
    if len(report.shortfalls) > MAX_LISTED:
        doc.add_paragraph(report.tr(f"… và {len(report.shortfalls) - MAX_LISTED} dòng nữa (xem bản xuất XLSX).",
                                    f"… and {len(report.shortfalls) - MAX_LISTED} more rows (see the XLSX export)."))
    if _marked(report):
        doc.add_paragraph(legend(report))
    section = change_section(report)
    if section is not None:
        heading, lines, rows = section
        doc.add_heading(heading, level=2)
        for line in lines:
            doc.add_paragraph(line, style="List Bullet")
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, h in zip(table.rows[0].cells, (report.tr("Ngày", "Date"), report.tr("Loại", "Kind"), report.tr("Cơ sở", "Site"),
                                                  report.tr("Nội dung", "What"))):
            cell.text = h
        for r in rows:
            for cell, v in zip(table.add_row().cells, r):
                cell.text = str(v)
    for note in [*report.notes, footer(report)]:
        doc.add_paragraph(note).runs[0].font.size = Pt(8)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
