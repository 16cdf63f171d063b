"""The printable visit list of an inspection plan (PDF and Word): the route map, the order, and one
field checklist per site pre-filled with what the store knows of it.

Each checklist says the site's current status (✱ where a value is illustrative), its priority
and why, the last findings, the open required actions, and what to check with its legal basis
(``data/checklist.toml``), with tick boxes and room to write.
"""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core import inspections, visits, vocab
from geo.io import exports, report
from geo.language import dates, i18n

STATUS_FIELDS = ["operating_status", "ww_status", "haz_waste", "water_class", "air_class", "soil_class", "ep_plan", "ep_org",
                 "ep_infra"]
BOX = "☐"


def load_checklist(path: Path) -> list[dict]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))["items"]


@dataclass
class Stop:
    number: int
    site: dict  # the site's row in the state of the plan's date
    leg_m: float
    priority_lines: list  # geo.core.priority.Line
    last: dict | None  # the last inspection in force
    open_actions: list[tuple[dict, str]]  # (action, "open"/"overdue")
    checks: list[dict]


@dataclass
class VisitList:
    plan: visits.Plan
    lang: str
    as_of: dt.date
    stops: list[Stop]
    link: str
    areas: object = None  # shapes drawn under the route (the units the sites lie in)
    illustrative: bool = False
    generated_at: dt.datetime = field(default_factory=dates.now_utc)
    made_by: str = ""  # the author's display name; the plan itself keeps only the user name

    @property
    def author(self) -> str:
        return self.made_by or self.plan.created_by

    def tr(self, vi: str, en: str) -> str:
        return i18n.pick(self.lang, vi, en)


def build(plan: visits.Plan, state: gpd.GeoDataFrame, inspection_records: pd.DataFrame, priority_lines: dict, checklist: list[dict],
          as_of: dt.date, lang: str, link: str, areas=None, made_by: str = "") -> VisitList:
    rows = state.set_index("site_id")
    live = inspections.current(inspection_records) if len(inspection_records) else inspection_records
    stops = []
    legs = list(plan.legs_m) or [0.0] * (len(plan.site_ids) + 1)
    for n, sid in enumerate(plan.site_ids, start=1):
        site = {"site_id": sid, **rows.loc[sid].to_dict()} if sid in rows.index else {"site_id": sid, "name": sid, "kind": ""}
        own = live[live["site_id"] == sid].sort_values("inspection_date") if len(live) else live
        last = own.iloc[-1].to_dict() if len(own) else None
        open_actions = [(a, state_of) for _rec, a, state_of in inspections.open_actions(own, as_of)] if len(own) else []
        checks = [c for c in checklist if site.get("kind") in c["kinds"]]
        stops.append(Stop(n, site, legs[n - 1] if n - 1 < len(legs) else 0.0, priority_lines.get(sid, []), last, open_actions, checks))
    illustrative = any(bool(s.site.get("illustrative")) for s in stops)
    return VisitList(plan, lang, as_of, stops, link, areas, illustrative, made_by=made_by)


def route_png(vl: VisitList) -> bytes:
    """The tour on the units it crosses: the start (★), each stop numbered, and the way back dashed."""
    plt = report.plt
    fig, ax = plt.subplots(figsize=(6.6, 5.0), dpi=150)
    if vl.areas is not None and len(vl.areas):
        gpd.GeoSeries(list(vl.areas)).plot(ax=ax, facecolor="#f4f1ea", edgecolor="#999", linewidth=0.5)
    xs = [vl.plan.origin[0]] + [s.site["geometry"].x for s in vl.stops if s.site.get("geometry") is not None]
    ys = [vl.plan.origin[1]] + [s.site["geometry"].y for s in vl.stops if s.site.get("geometry") is not None]
    ax.plot(xs, ys, color="#0072B2", linewidth=1.2, zorder=2)
    ax.plot([xs[-1], xs[0]], [ys[-1], ys[0]], color="#0072B2", linewidth=0.8, linestyle="--", zorder=2)
    ax.scatter(xs[1:], ys[1:], s=60, c="#D55E00", edgecolors="#222", linewidths=0.5, zorder=3)
    for n, (x, y) in enumerate(zip(xs[1:], ys[1:]), start=1):
        ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=5.5, color="white", weight="bold", zorder=4)
    ax.scatter(xs[:1], ys[:1], s=120, marker="*", c="#009E73", edgecolors="#222", linewidths=0.5, zorder=4)
    ax.set_aspect(1 / 0.93)
    ax.set_axis_off()
    ax.set_title(f"★ {vl.plan.origin_label}", fontsize=8, loc="left")
    return report._png(fig)


def _km(m: float, lang: str) -> str:
    return f"{i18n.format_number(m / 1000, lang, 1)} km"


def _value(site: dict, f: str, lang: str) -> str:
    marked = f in set(filter(None, str(site.get("illustrative_fields") or "").split(",")))
    return vocab.label(f, site.get(f), lang) + (f" {report.MARK}" if marked else "")


def _place(site: dict) -> str:
    return " · ".join(str(x) for x in (site.get("old_commune_name"), site.get("old_district_name"), site.get("new_unit_name")) if x)


def summary_lines(vl: VisitList) -> list[str]:
    p = vl.plan
    return [
        f"{vl.tr('Đoàn kiểm tra', 'Team')}: {p.team or '—'}",
        f"{vl.tr('Thời gian', 'Period')}: {i18n.format_date(p.start, vl.lang)} – {i18n.format_date(p.end, vl.lang)}",
        f"{vl.tr('Xuất phát', 'Start')}: {p.origin_label} · {len(p.site_ids)} {vl.tr('cơ sở', 'sites')} · "
        f"{vl.tr('lộ trình khép kín', 'closed tour')} {_km(p.length_m, vl.lang)} "
        f"({vl.tr('đường chim bay', 'straight lines')})",
        f"{vl.tr('Mã kế hoạch', 'Plan id')}: {p.plan_id} · {vl.tr('lập bởi', 'made by')} {vl.author} · "
        f"{vl.tr('trạng thái tại ngày', 'status as of')} {i18n.format_date(vl.as_of, vl.lang)}",
    ]


def stop_sections(vl: VisitList, stop: Stop) -> list[tuple[str, list[str]]]:
    """(heading, lines) of one site's checklist, the same in the PDF and the Word file."""
    tr, lang, s = vl.tr, vl.lang, stop.site
    out = [(tr("Trạng thái hiện tại", "Current status"),
            [f"{i18n.field_label(f, lang)}: {_value(s, f, lang)}" for f in STATUS_FIELDS if f in s])]
    if s.get("priority_band"):
        head = tr(f"Ưu tiên: mức {s['priority_band']}, {s.get('priority_score')} điểm",
                  f"Priority: band {s['priority_band']}, {s.get('priority_score')} points")
        if s.get("priority_illustrative"):
            head += f" {report.MARK}"
        out.append((head, [line.text(lang) + f" ({line.factor.basis})" for line in stop.priority_lines] or [tr("Không yếu tố nào", "No factor")]))
    if stop.last is not None:
        out.append((tr("Lần kiểm tra gần nhất", "Last inspection"),
                    [f"{i18n.format_date(stop.last['inspection_date'], lang)} · {stop.last['agency']}: {stop.last['findings']}"]))
    else:
        out.append((tr("Lần kiểm tra gần nhất", "Last inspection"), [tr("Chưa có biên bản nào", "None recorded")]))
    out.append((tr("Yêu cầu khắc phục chưa xong", "Required actions still open"),
                [f"{BOX} {a['action']} · {tr('hạn', 'due')} {i18n.format_date(a.get('deadline'), lang) or '—'}"
                 + (f" · {tr('QUÁ HẠN', 'OVERDUE')}" if st == "overdue" else "") for a, st in stop.open_actions]
                or [tr("Không có", "None")]))
    out.append((tr("Nội dung kiểm tra", "What to check"),
                [f"{BOX} {i18n.pick(lang, c['vi'], c['en'])} ({c['basis']})" for c in stop.checks]))
    return out


def _notes(vl: VisitList) -> list[str]:
    notes = [vl.tr("Thứ tự theo lộ trình ngắn nhất tìm được (đường chim bay, hệ tọa độ UTM 48N); "
                   "kiểm tra lại đường đi thực tế trước khi đi.",
                   "The order is the shortest tour found (straight lines, UTM 48N); check the real roads before setting out.")]
    if vl.illustrative:
        notes.insert(0, exports.ILLUSTRATIVE_NOTICE[vl.lang])
    return notes


def to_pdf(vl: VisitList) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", str(report.FONT))
    pdf.add_font("DejaVu", "B", str(report.FONT_BOLD))
    pdf.set_title(vl.plan.title)
    pdf.set_creator("Hanoi craft villages and industrial clusters dashboard")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(txt, size=9, bold=False, h=4.6, fill=False):
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, h, txt, fill=fill, new_x="LMARGIN", new_y="NEXT")

    para(vl.tr("KẾ HOẠCH KIỂM TRA: ", "INSPECTION PLAN: ") + vl.plan.title, 14, True, 7)
    for line in summary_lines(vl):
        para(line)
    para(f"{vl.tr('Liên kết', 'Link')}: {vl.link}", 7, h=3.6)
    if vl.illustrative:
        pdf.set_fill_color(255, 243, 205)
        para(exports.ILLUSTRATIVE_NOTICE[vl.lang], 9, True, 5, fill=True)
    pdf.image(io.BytesIO(route_png(vl)), w=width * 0.8)
    pdf.set_font("DejaVu", "", 7.5)
    with pdf.table(col_widths=(8, 50, 20, 44, 12, 14), text_align="LEFT", line_height=3.8) as table:
        head = table.row()
        for h in ("#", vl.tr("Cơ sở", "Site"), vl.tr("Loại hình", "Kind"), vl.tr("Địa bàn", "Place"), vl.tr("Mức", "Band"),
                  vl.tr("Chặng", "Leg")):
            head.cell(h)
        for stop in vl.stops:
            row = table.row()
            for v in (str(stop.number), str(stop.site.get("name", "")), vocab.label("kind", stop.site.get("kind"), vl.lang),
                      _place(stop.site), str(stop.site.get("priority_band", "")), _km(stop.leg_m, vl.lang)):
                row.cell(v)
    pdf.ln(2)
    for note in _notes(vl):
        para(note, 7, h=3.6)
    for stop in vl.stops:
        pdf.add_page()
        para(f"{stop.number}. {stop.site.get('name', '')}", 13, True, 6.5)
        geom = stop.site.get("geometry")
        where = f" · {geom.y:.5f}, {geom.x:.5f}" if geom is not None and not geom.is_empty else ""
        para(f"{vocab.label('kind', stop.site.get('kind'), vl.lang)} · {_place(stop.site)}{where} · {stop.site['site_id']}", 8.5)
        for heading, lines in stop_sections(vl, stop):
            pdf.ln(1.5)
            para(heading, 10, True, 5.5)
            for line in lines:
                para(line, 8.5, h=4.4)
        pdf.ln(2)
        para(vl.tr("Kết quả, vi phạm, yêu cầu khắc phục:", "Findings, violations, required actions:"), 10, True, 5.5)
        for _ in range(6):
            para("_" * 92, 8.5, h=6)
        para(vl.tr("Ngày kiểm tra: ____/____/______    Người kiểm tra: ______________________    Ký: ____________",
                   "Date: ____/____/______    Inspector: ______________________    Signed: ____________"), 8.5, h=6)
    pdf.ln(2)
    para(report.footer(vl), 7)
    return bytes(pdf.output())


def to_docx(vl: VisitList) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(vl.tr("KẾ HOẠCH KIỂM TRA: ", "INSPECTION PLAN: ") + vl.plan.title, level=1)
    for line in summary_lines(vl):
        doc.add_paragraph(line)
    doc.add_paragraph(f"{vl.tr('Liên kết', 'Link')}: {vl.link}").runs[0].font.size = Pt(8)
    if vl.illustrative:
        run = doc.add_paragraph().add_run(exports.ILLUSTRATIVE_NOTICE[vl.lang])
        run.bold = True
        run.font.color.rgb = RGBColor(0x99, 0x55, 0x00)
    doc.add_picture(io.BytesIO(route_png(vl)), width=Cm(14))
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, ("#", vl.tr("Cơ sở", "Site"), vl.tr("Loại hình", "Kind"), vl.tr("Địa bàn", "Place"),
                                              vl.tr("Mức", "Band"), vl.tr("Chặng", "Leg"))):
        cell.text = h
    for stop in vl.stops:
        for cell, v in zip(table.add_row().cells, (str(stop.number), str(stop.site.get("name", "")),
                                                   vocab.label("kind", stop.site.get("kind"), vl.lang), _place(stop.site),
                                                   str(stop.site.get("priority_band", "")), _km(stop.leg_m, vl.lang))):
            cell.text = v
    for note in _notes(vl):
        doc.add_paragraph(note).runs[0].font.size = Pt(8)
    for stop in vl.stops:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(f"{stop.number}. {stop.site.get('name', '')}", level=2)
        doc.add_paragraph(f"{vocab.label('kind', stop.site.get('kind'), vl.lang)} · {_place(stop.site)} · {stop.site['site_id']}")
        for heading, lines in stop_sections(vl, stop):
            doc.add_paragraph(heading, style="Heading 3")
            for line in lines:
                doc.add_paragraph(line)
        doc.add_paragraph(vl.tr("Kết quả, vi phạm, yêu cầu khắc phục:", "Findings, violations, required actions:"), style="Heading 3")
        for _ in range(5):
            doc.add_paragraph("_" * 70)
    doc.add_paragraph(report.footer(vl)).runs[0].font.size = Pt(8)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
