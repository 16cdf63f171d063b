"""Digests through a real local SMTP server (aiosmtpd): sent once, retried after a failure, nothing lost."""

import dataclasses
import datetime as dt
import email
import socket

import pytest
from aiosmtpd.controller import Controller

from geo.access import recording
from geo.core import indicators, priority
from geo.errors import DashboardError
from geo.io import notify
from geo.settings import DEFAULTS
from tests.conftest import INSPECTOR

UTC = dt.timezone.utc


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _data(s):
    return notify.RunData(s.read_site_table(), s.read_history(), s.read_inspections(), indicators.load_targets(DEFAULTS.targets_file),
                          priority.load_rules(DEFAULTS.priority_file))


def _cfg(port):
    return dataclasses.replace(DEFAULTS, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", mail_from="canh-bao@so-nnmt.hanoi.gov.vn")


def _subscribe(s, lang="vi", kinds=("status", "overdue", "band_up"), at=None):
    entry = notify.subscription_entry("thanh", "thanh@example.vn", lang, ["city"], kinds)
    entry["recorded_at"] = (at or dt.datetime(2026, 11, 1, tzinfo=UTC)).isoformat(timespec="seconds")
    s.append_entries([entry])


def test_a_digest_is_sent_once_over_smtp_with_links_in_the_subscribers_language(s, smtp):
    inbox, port = smtp
    _subscribe(s)
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "operating", "2026-11-10", "Biên bản 11/2026")
    now = dt.datetime.now(UTC) + dt.timedelta(seconds=1)
    out = notify.run(s, _cfg(port), _data(s), "https://bando.hanoi.gov.vn", now)
    assert out.sent == ["thanh"] and len(inbox.messages) == 1
    to, msg = inbox.messages[0]
    assert to == ["thanh@example.vn"] and "1 sự việc mới" in str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    text = msg.get_payload(decode=True).decode("utf-8")
    assert "Trạng thái thay đổi (1)" in text and "CCN Một: Trạm XLNT: Đang vận hành đạt chuẩn" in text
    assert "https://bando.hanoi.gov.vn/chi-tiet?v=1&lang=vi&site=c1" in text and "https://bando.hanoi.gov.vn/thay-doi?" in text
    # The next run has nothing new: nothing is sent twice.
    again = notify.run(s, _cfg(port), _data(s), "https://bando.hanoi.gov.vn", now + dt.timedelta(minutes=5))
    assert again.sent == [] and again.quiet == ["thanh"] and len(inbox.messages) == 1


def test_a_failed_send_is_retried_next_run_with_the_newer_events_and_nothing_lost(s, smtp):
    inbox, port = smtp
    _subscribe(s, lang="en")
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "built_not_operating", "2026-11-10", "Report A")
    first = dt.datetime.now(UTC) + dt.timedelta(seconds=1)
    down = _cfg(_free_port())  # nothing listens there
    failed = notify.run(s, down, _data(s), "http://x", first)
    assert failed.failed and failed.failed[0][0] == "thanh" and s.read_entries(notify.SENT).empty
    recording.record_inspection(s, INSPECTOR, "c1", "2026-10-01", "Sở", "Lê", "Trạm không chạy",
                                actions=[{"action": "Vận hành trạm", "deadline": (first.date() - dt.timedelta(days=3)).isoformat()}])
    later = dt.datetime.now(UTC) + dt.timedelta(seconds=2)
    out = notify.run(s, _cfg(port), _data(s), "http://x", later)
    assert out.sent == ["thanh"] and len(inbox.messages) == 1
    text = inbox.messages[0][1].get_payload(decode=True).decode("utf-8")
    assert "A status changes (1)" in text and "Built, not operating" in text  # the event of the failed run
    assert "A required action falls overdue (1)" in text and "Vận hành trạm" in text  # and the newer one
    assert len(s.read_entries(notify.SENT)) == 1


def test_a_rising_band_is_told_and_a_quiet_area_gets_no_mail(s, smtp):
    inbox, port = smtp
    _subscribe(s, kinds=("band_up",), at=dt.datetime(2026, 6, 1, tzinfo=UTC))
    before = _data(s).state(dt.date(2026, 6, 1)).set_index("site_id").loc["c1", priority.BAND]
    recording.record_status_change(s, INSPECTOR, "c1", "haz_waste", "none_handled", "2026-11-10", "Biên bản")
    recording.record_status_change(s, INSPECTOR, "c1", "water_class", "seriously_polluted", "2026-11-10", "Biên bản")
    now = dt.datetime.now(UTC) + dt.timedelta(seconds=1)
    out = notify.run(s, _cfg(port), _data(s), "http://x", now)
    after = _data(s).state(now.date()).set_index("site_id").loc["c1", priority.BAND]
    assert after > before and out.sent == ["thanh"]
    assert f"mức {before} → {after}" in inbox.messages[0][1].get_payload(decode=True).decode("utf-8")
    s.append_entries([notify.subscription_entry("thanh", "thanh@example.vn", "vi", ["old_district:999"], ["status"])])
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "none", "2026-11-20", "Biên bản")
    quiet = notify.run(s, _cfg(port), _data(s), "http://x", dt.datetime.now(UTC) + dt.timedelta(seconds=2))
    assert quiet.quiet == ["thanh"] and len(inbox.messages) == 1


def test_a_subscription_says_what_to_fix():
    with pytest.raises(DashboardError) as err:
        notify.subscription_entry("thanh", "not-an-address", "vi", [], [])
    said = err.value.message.en
    assert "valid e-mail" in said and "at least one area" in said and "at least one kind" in said
    assert notify.subscription_entry("thanh", "", "vi", [], [], active=False)["body"]["active"] is False


def test_the_command_sends_through_the_configured_server(s, smtp, monkeypatch, capsys):
    from geo import cli

    inbox, port = smtp
    _subscribe(s)
    recording.record_status_change(s, INSPECTOR, "c1", "ww_status", "operating", "2026-11-10", "Biên bản")
    for key, value in {"HANOI_STORE": str(s.path), "HANOI_SMTP_HOST": "127.0.0.1", "HANOI_SMTP_PORT": str(port), "HANOI_SMTP_TLS": "none",
                       "HANOI_PUBLIC_URL": "https://bando.example.vn", "HANOI_BOUNDARIES_DIR": ""}.items():
        monkeypatch.setenv(key, value)
    assert cli.main(["notify"]) == 0 and "sent 1" in capsys.readouterr().out and len(inbox.messages) == 1
    assert cli.main(["notify"]) == 0 and "sent 0" in capsys.readouterr().out and len(inbox.messages) == 1
    monkeypatch.setenv("HANOI_SMTP_TLS", "sometimes")
    assert cli.main(["notify"]) == 2 and "HANOI_SMTP_TLS" in capsys.readouterr().err
