import datetime as dt
import io

import docx
import pypdf

from geo.core import filters, history, indicators, inspections, priority, visits
from geo.io import visit_list
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites

DAY = dt.date(2026, 12, 1)
SITES = make_sites([
    {"site_id": "v1", "name": "Làng nhuộm Vạn Phúc", "kind": "lang_nghe", "recognised": "yes", "sector": "dyeing_tanning",
     "old_district_name": "Quận Hà Đông", "new_unit_name": "Phường Hà Đông", "lon": 105.77, "lat": 20.98},
    {"site_id": "c1", "name": "CCN Phùng Xá", "kind": "ccn", "lon": 105.60, "lat": 21.02},
    {"site_id": "v2", "name": "Làng gốm Bát Tràng", "kind": "lang_nghe", "recognised": "yes", "lon": 105.91, "lat": 20.98},
])
CHANGES = history.to_frame([
    change("v1", "ww_status", "none", "2021-01-01"), change("v1", "water_class", "seriously_polluted", "2024-01-01", illustrative=True),
    change("c1", "ww_status", "built_not_operating", "2022-01-01"), change("v2", "ww_status", "operating", "2022-01-01"),
])
RECORDS = inspections.to_frame([inspections.new_inspection(
    "c1", "2026-03-10", "Thanh tra Sở", "Lê Minh", "Trạm XLNT không vận hành", "t",
    actions=[{"action": "Vận hành lại trạm", "deadline": "2026-06-30"}, {"action": "Lắp quan trắc", "deadline": "2027-03-01"}])])


def _visit_list(lang="vi"):
    rules = priority.load_rules(DEFAULTS.priority_file)
    targets = indicators.load_targets(DEFAULTS.targets_file)
    state = filters.view_state(SITES, CHANGES, RECORDS, DAY, targets, rules)
    plan = visits.new_plan("Kiểm tra tháng 12", "Đoàn 1", "2026-12-01", "2026-12-20", state, (105.85, 21.03), "Trụ sở Sở", "thanh")
    inputs = filters.priority_inputs(state, CHANGES, RECORDS, DAY)
    lines = {sid: priority.breakdown(state, sid, rules, inputs) for sid in plan.site_ids}
    vl = visit_list.build(plan, state, RECORDS, lines, visit_list.load_checklist(DEFAULTS.checklist_file), DAY, lang,
                          "http://x/ke-hoach?plan=" + plan.plan_id)
    return plan, state, vl


def _pages(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_pdf_lists_the_sites_in_route_order_with_one_checklist_each():
    plan, state, vl = _visit_list()
    pages = _pages(visit_list.to_pdf(vl))
    names = dict(zip(state["site_id"], state["name"]))
    first = pages[0]
    positions = [first.index(names[sid]) for sid in plan.site_ids]
    assert positions == sorted(positions)  # the table follows the route
    # One checklist page per stop, in order, each headed with its number and name.
    heads = [next(i for i, p in enumerate(pages) if f"{n}. {names[sid]}" in p) for n, sid in enumerate(plan.site_ids, start=1)]
    assert heads == sorted(heads) and len(set(heads)) == 3
    cluster = pages[heads[plan.site_ids.index("c1")]]
    assert "Đã xây, chưa vận hành" in cluster  # its current status
    assert "Trạm XLNT không vận hành" in cluster  # the last findings
    assert "Vận hành lại trạm" in cluster and "QUÁ HẠN" in cluster and "Lắp quan trắc" in cluster  # open actions, the late one marked
    assert "Luật BVMT 2020, Điều 52" in cluster and "QCVN 40:2011/BTNMT" in cluster
    at = plan.site_ids.index("v1")
    village = " ".join(pages[heads[at]:heads[at + 1] if at + 1 < len(heads) else len(pages)])
    assert "Điều 56 khoản 1 điểm a" in village and "Điều 52" not in village  # a village's own conditions
    assert "Chưa có trạm XLNT" in village and "Phụ lục II" in village  # the priority breakdown, with its basis
    assert "MINH HỌA" in first.upper() and "✱" in village  # an illustrative value is said so


def test_the_word_file_holds_the_same_visit_list_in_english():
    plan, state, vl = _visit_list("en")
    document = docx.Document(io.BytesIO(visit_list.to_docx(vl)))
    body = "\n".join(p.text for p in document.paragraphs)
    names = dict(zip(state["site_id"], state["name"]))
    heads = [body.index(f"{n}. {names[sid]}") for n, sid in enumerate(plan.site_ids, start=1)]
    assert heads == sorted(heads)
    assert "What to check" in body and "Required actions still open" in body and "OVERDUE" in body
    table = document.tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == [names[sid] for sid in plan.site_ids]


def test_the_plan_is_signed_with_its_authors_display_name_where_it_is_known():
    plan, state, vl = _visit_list()
    assert any("lập bởi thanh ·" in line for line in visit_list.summary_lines(vl))  # no name known: the user name
    vl.made_by = "Trần Thanh"
    assert any("lập bởi Trần Thanh ·" in line for line in visit_list.summary_lines(vl))
    assert "Trần Thanh" in " ".join(_pages(visit_list.to_pdf(vl)))
