import datetime as dt
import json
import re

from geo.core import filters, links, model
from tests.conftest import ROOT

SOURCES = {"vocab:kind": ["ccn", "kcn", "lang_nghe"], "colour_by": ["kind", "ww_status"]}


def test_valid_parameters_are_kept_and_converted_to_widget_values():
    keep, notices = links.check({"v": ["1"], "kind": ["ccn", "kcn"], "lang": ["en"], "only_short": ["true"],
                                 "asof": ["2024-12-31"], "lat": ["21.0"], "site": ["ccn-tan-trieu"]}, SOURCES, {"ccn-tan-trieu"})
    assert notices == []
    values = links.to_widget_values(keep)
    assert values == {"kind": ["ccn", "kcn"], "lang": "en", "only_short": True, "asof": dt.date(2024, 12, 31)}
    assert keep["site"] == ["ccn-tan-trieu"] and keep["lat"] == ["21.0"]


def test_unknown_and_invalid_parameters_are_dropped_with_a_notice_each():
    keep, notices = links.check({"evil": ["<script>"], "kind": ["ccn", "factory"], "z": ["99"], "lat": ["abc"],
                                 "site": ["../etc/passwd"], "q": ["x" * 500]}, SOURCES, {"a"})
    assert keep == {"kind": ["ccn"]}
    assert sorted(n.param for n in notices) == ["evil", "kind", "lat", "q", "site", "z"]
    by_param = {n.param: n for n in notices}
    assert by_param["evil"].text("en") == "Ignored unknown link parameter 'evil'."
    assert by_param["evil"].text("vi") == "Đã bỏ qua tham số không hợp lệ 'evil'."
    assert "factory" in by_param["kind"].text("en") and "'kind'" in by_param["kind"].text("vi")
    for n in notices:  # each notice names its own parameter, in both languages
        assert f"'{n.param}'" in n.text("en") and f"'{n.param}'" in n.text("vi")


def test_control_characters_cannot_reach_a_notice():
    _keep, notices = links.check({"bad\x00name": ["1"]}, SOURCES)
    assert "\x00" not in notices[0].text("vi") and "bad?name" in notices[0].text("vi")


def test_links_leave_out_defaults_and_round_trip():
    params = links.from_widget_values({"lang": "vi", "kind": ["ccn"], "q": "", "only_short": True, "color": "kind"})
    assert params == {"v": ["1"], "kind": ["ccn"], "only_short": ["true"]}
    keep, notices = links.check(params, SOURCES)
    assert notices == [] and links.to_widget_values(keep) == {"kind": ["ccn"], "only_short": True}


def test_an_older_scheme_version_is_migrated(monkeypatch):
    monkeypatch.setitem(links.RENAMES, "0", {"type": "kind"})
    keep, notices = links.check({"v": ["0"], "type": ["ccn"]}, SOURCES)
    assert notices == [] and keep["kind"] == ["ccn"]


def test_share_url_encodes_vietnamese_and_repeats_multi_values():
    url = links.share_url("http://h:1/", "ban-do", {"kind": ["ccn", "kcn"], "q": "Bát Tràng"})
    assert url == "http://h:1/ban-do?kind=ccn&kind=kcn&q=B%C3%A1t+Tr%C3%A0ng"


def test_every_filter_of_the_catalogue_is_a_parameter_and_nothing_else_is_declared_twice():
    names = list(links.PARAMS)
    assert len(names) == len(set(names))
    assert {f.param for f in filters.FILTERS} <= set(names)


def test_every_filter_parameter_is_written_in_one_code_file_only():
    """No other code file names a filter's link parameter. ("kind", "sector" and "overdue" are
    also words of the data model, a column or an action's state, so they cannot be told apart by
    text; test_a_new_filter_is_one_catalogue_entry covers every parameter by behaviour.)"""
    code = {p: p.read_text(encoding="utf-8") for folder in ("geo", "ui", "pages") for p in (ROOT / folder).rglob("*.py")}
    code[ROOT / "dashboard.py"] = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    model_words = set(model.SITE_COLUMNS) | set(model.STATUS_FIELDS) | {"overdue", "open", "done"}
    checked = [spec for spec in filters.FILTERS if spec.param not in model_words]
    assert len(checked) >= 10
    for spec in checked:
        as_key = re.compile(r"(key\s*=|\[|get\(|get_all\(|pop\(|setdefault\(|FilterSpec\(|_field_filter\()\s*[\"']"
                            + re.escape(spec.param) + r"[\"']")
        files = sorted(str(p.relative_to(ROOT)) for p, text in code.items() if as_key.search(text))
        assert files == ["geo/core/filters.py"], (spec.param, files)


def test_option_sources_name_every_data_dependent_parameter():
    sources = links.option_sources({"old_district": {"277": "Huyện Chương Mỹ"}, "new_unit": {"10006": "Xã Tây Phương"}},
                                   [], ["kind"])
    for spec in links.PARAMS.values():
        if spec.options:
            assert spec.options in sources, spec.name
    assert sources["areas"] == ["277", "10006"] and sources["old_district"] == ["277"]


def test_links_saved_from_the_first_version_still_parse():
    """Links saved from the app before the renovation (tests/fixtures/links_v1.json) keep every parameter."""
    saved = json.loads((ROOT / "tests" / "fixtures" / "links_v1.json").read_text(encoding="utf-8"))
    assert len(saved) >= 30
    for entry in saved:
        if "evil" in entry["link"]:
            continue
        for name in entry["writes_back"]:
            assert name in links.PARAMS, (entry["link"], name)


def test_a_notice_says_only_what_was_dropped_once_per_parameter():
    keep, notices = links.check({"lang": ["en", "vi", "xx"], "kind": ["ccn", "ccn", "factory"]}, SOURCES)
    assert keep == {"lang": ["en"], "kind": ["ccn"]}
    by_param = {n.param: n.text("en") for n in notices}
    assert len(notices) == 2
    assert by_param["lang"] == "Ignored value(s) of 'lang' that cannot be used: vi, xx."
    assert by_param["kind"] == "Ignored value(s) of 'kind' that cannot be used: factory."


def test_a_notice_keeps_the_raw_name_as_text():
    _keep, notices = links.check({"__proto__": ["1"], "[Phiên hết hạn](http://evil.example/)": ["1"]}, SOURCES)
    assert [n.param for n in notices] == ["__proto__", "[Phiên hết hạn](http://evil.example/)"]
    assert "'__proto__'" in notices[0].text("en")
