import datetime as dt

from geo import links

OPTIONS = {"kind": {"ccn", "kcn", "lang_nghe"}, "lang": {"vi", "en"}, "color": {"kind", "ww_status"}}


def test_valid_parameters_are_kept_and_converted_to_widget_values():
    keep, notices = links.check({"v": ["1"], "kind": ["ccn", "kcn"], "lang": ["en"], "only_short": ["true"],
                                 "asof": ["2024-12-31"], "lat": ["21.0"], "site": ["ccn-tan-trieu"]}, OPTIONS, {"ccn-tan-trieu"})
    assert notices == []
    values = links.to_widget_values(keep)
    assert values == {"kind": ["ccn", "kcn"], "lang": "en", "only_short": True, "asof": dt.date(2024, 12, 31)}
    assert keep["site"] == ["ccn-tan-trieu"] and keep["lat"] == ["21.0"]


def test_unknown_and_invalid_parameters_are_dropped_with_a_notice_each():
    keep, notices = links.check({"evil": ["<script>"], "kind": ["ccn", "factory"], "z": ["99"], "lat": ["abc"],
                                 "site": ["../etc/passwd"], "q": ["x" * 500]}, OPTIONS, {"a"})
    assert keep == {"kind": ["ccn"]}
    assert sorted(n.param for n in notices) == ["evil", "kind", "lat", "q", "site", "z"]
    assert all("<script>" not in n.text("en") or "Ignored" in n.text("en") for n in notices)


def test_control_characters_cannot_reach_a_notice():
    _keep, notices = links.check({"bad\x00name": ["1"]}, OPTIONS)
    assert "\x00" not in notices[0].text("vi")


def test_links_leave_out_defaults_and_round_trip():
    params = links.from_widget_values({"lang": "vi", "kind": ["ccn"], "q": "", "only_short": True, "color": "kind"})
    assert params == {"v": ["1"], "kind": ["ccn"], "only_short": ["true"]}
    keep, notices = links.check(params, OPTIONS)
    assert notices == [] and links.to_widget_values(keep) == {"kind": ["ccn"], "only_short": True}


def test_an_older_scheme_version_is_migrated(monkeypatch):
    monkeypatch.setitem(links.RENAMES, "0", {"type": "kind"})
    keep, notices = links.check({"v": ["0"], "type": ["ccn"]}, OPTIONS)
    assert notices == [] and keep["kind"] == ["ccn"]


def test_share_url_encodes_vietnamese_and_repeats_multi_values():
    url = links.share_url("http://h:1/", "ban-do", {"kind": ["ccn", "kcn"], "q": "Bát Tràng"})
    assert url == "http://h:1/ban-do?kind=ccn&kind=kcn&q=B%C3%A1t+Tr%C3%A0ng"
