"""Notifications: each subscriber's digest of what happened in their areas, one e-mail a run.

``python -m geo notify`` (from cron or a systemd timer) reads every subscription, gathers
the events since that subscriber's last digest (an action fell overdue, a status changed, a
site's priority band rose), and sends one message over SMTP in the subscriber's language,
with links to the views. Only after the server accepted the message is the digest recorded
(a ``digest_sent`` journal entry whose ``until`` is the next run's start), so a failed send
is retried next run with nothing lost, and nothing is sent twice. Runs take the store's lock
for the job (``Store.one_at_a_time``), so two timers, of one instance or of several sharing a
database, never send the same digest.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlencode

import pandas as pd

from geo.core import filters, history, inspections, priority, vocab
from geo.errors import DashboardError, Message
from geo.language import dates, i18n

SUBSCRIPTION = "subscription"
SENT = "digest_sent"
MAX_LISTED = 100


class DigestKind(vocab.LabelledEnum):
    """What a subscriber asks to be told of."""

    OVERDUE = "overdue", "Yêu cầu khắc phục quá hạn", "A required action falls overdue"
    STATUS = "status", "Trạng thái thay đổi", "A status changes"
    BAND_UP = "band_up", "Mức ưu tiên tăng", "A site's priority band rises"


@dataclass(frozen=True)
class Subscription:
    username: str
    email: str
    lang: str
    areas: tuple[str, ...]  # "city", "old_district:277", "new_unit:10006"
    kinds: tuple[str, ...]
    active: bool = True
    since: str = ""  # when it was made: a new subscriber hears of what comes after

    def body(self) -> dict:
        return {"email": self.email, "lang": self.lang, "areas": list(self.areas), "kinds": list(self.kinds), "active": self.active}


def subscription_entry(username: str, email: str, lang: str, areas, kinds, active: bool = True) -> dict:
    """A new or changed subscription (the latest entry of a user is the one in force); refused with what to fix."""
    problems = []
    if active and ("@" not in (email or "") or len(email) > 200 or any(c.isspace() for c in email.strip())):
        problems.append(Message("cần một địa chỉ e-mail hợp lệ", "a valid e-mail address is needed"))
    if active and not areas:
        problems.append(Message("chọn ít nhất một địa bàn", "choose at least one area"))
    if active and not kinds:
        problems.append(Message("chọn ít nhất một loại sự việc", "choose at least one kind of event"))
    if set(kinds) - set(DigestKind.codes()):
        problems.append(Message("loại sự việc không có", "no such kind of event"))
    if problems:
        raise DashboardError(Message("Chưa lưu được đăng ký: " + "; ".join(p.vi for p in problems) + ".",
                                     "The subscription was not saved: " + "; ".join(p.en for p in problems) + "."))
    sub = Subscription(username, (email or "").strip(), lang if lang in i18n.LANGS else "vi", tuple(areas), tuple(kinds), active)
    return {"kind": SUBSCRIPTION, "subject": username, "recorded_by": username, "body": sub.body()}


def subscriptions(entries: pd.DataFrame) -> dict[str, Subscription]:
    """The subscription in force of each user (their latest entry), with when they first subscribed."""
    out: dict[str, Subscription] = {}
    first: dict[str, str] = {}
    for e in entries.to_dict("records") if len(entries) else []:
        b = e["body"]
        first.setdefault(e["subject"], e["recorded_at"])
        if b.get("active", True) and e["subject"] in out and out[e["subject"]].active:
            since = out[e["subject"]].since
        else:
            since = e["recorded_at"]
        out[e["subject"]] = Subscription(e["subject"], b.get("email", ""), b.get("lang", "vi"), tuple(b.get("areas", ())),
                                         tuple(b.get("kinds", ())), bool(b.get("active", True)), since)
    return out


def last_sent(sent: pd.DataFrame, username: str) -> str:
    """Up to when the user's last digest went out ('' if none)."""
    own = sent[sent["subject"] == username] if len(sent) else sent
    return max((e["body"].get("until", "") for e in own.to_dict("records")), default="") if len(own) else ""


def _in_areas(state: pd.DataFrame, areas) -> set:
    return set().union(*(set(filters.in_area(state, area)["site_id"]) for area in areas))


@dataclass
class RunData:
    """What a run reads once, shared by every subscriber's digest."""

    sites: pd.DataFrame
    changes: pd.DataFrame
    inspection_records: pd.DataFrame
    targets: list
    rules: object
    rivers: object = None
    _states: dict = field(default_factory=dict)

    def state(self, day: dt.date) -> pd.DataFrame:
        if day not in self._states:
            self._states[day] = filters.view_state(self.sites, self.changes, self.inspection_records, day, self.targets, self.rules,
                                                   self.rivers)
        return self._states[day]


def digest_events(data: RunData, sub: Subscription, since: str, until: dt.datetime) -> pd.DataFrame:
    """The subscriber's events recorded (or, for overdue actions, falling due) after ``since`` up to ``until``."""
    today = until.astimezone(dates.HANOI).date()
    now = data.state(today)
    keep = _in_areas(now, sub.areas)
    names = dict(zip(now["site_id"], now["name"]))
    hi = dates.stamp(until)
    rows = []
    if "status" in sub.kinds:
        ch = data.changes[(data.changes["recorded_at"] > since) & (data.changes["recorded_at"] <= hi) & data.changes["site_id"].isin(keep)
                          & (data.changes["value"] != history.RETRACTED) & (data.changes["field"] != "event")]
        for r in ch.itertuples():
            rows.append({"kind": "status", "site_id": r.site_id, "name": names.get(r.site_id, r.site_id), "when": r.recorded_at,
                         "vi": f"{i18n.field_label(r.field, 'vi')}: {vocab.label(r.field, r.value, 'vi')}" + (" (minh họa)" if r.illustrative else ""),
                         "en": f"{i18n.field_label(r.field, 'en')}: {vocab.label(r.field, r.value, 'en')}" + (" (illustrative)" if r.illustrative else "")})
    if "overdue" in sub.kinds and len(data.inspection_records):
        late = inspections.overdue_actions(data.inspection_records[data.inspection_records["site_id"].isin(keep)],
                                           today)
        for r in late.itertuples():
            fell = dates.stamp(dt.datetime.combine(dates.parse_date(r.deadline) + dt.timedelta(days=1), dt.time(), dates.HANOI))
            if since < fell <= hi:
                rows.append({"kind": "overdue", "site_id": r.site_id, "name": names.get(r.site_id, r.site_id), "when": fell,
                             "vi": f"{r.action} (hạn {i18n.format_date(r.deadline, 'vi')})", "en": f"{r.action} (due {i18n.format_date(r.deadline, 'en')})"})
    if "band_up" in sub.kinds and priority.BAND in now.columns:
        before = data.state(hanoi_day(since)) if since else None
        if before is not None:
            was = dict(zip(before["site_id"], before[priority.BAND]))
            for r in now[now["site_id"].isin(keep)].itertuples():
                old = was.get(r.site_id)
                band = getattr(r, priority.BAND)
                if old and band > old:
                    rows.append({"kind": "band_up", "site_id": r.site_id, "name": r.name, "when": hi,
                                 "vi": f"mức {old} → {band} ({getattr(r, priority.SCORE)} điểm)",
                                 "en": f"band {old} → {band} ({getattr(r, priority.SCORE)} points)"})
    return pd.DataFrame(rows, columns=["kind", "site_id", "name", "when", "vi", "en"])


def compose(sub: Subscription, events: pd.DataFrame, base_url: str, since: str, until: dt.datetime, mail_from: str) -> EmailMessage:
    """One digest: the events by kind, each with a link to its site; the link to the area's changes."""
    tr = i18n.translator(sub.lang)
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = sub.email
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="lang-nghe.hanoi")
    msg["Subject"] = tr(f"[Làng nghề & CCN Hà Nội] {len(events)} sự việc mới", f"[Hanoi craft villages & clusters] {len(events)} new events")
    day = lambda s: i18n.format_date(hanoi_day(s), sub.lang)  # noqa: E731
    lines = [tr(f"Những gì đã xảy ra ở các địa bàn bạn theo dõi, từ {day(since) or 'khi đăng ký'} đến {day(dates.stamp(until))}:",
                f"What happened in the areas you follow, from {day(since) or 'when you subscribed'} to {day(dates.stamp(until))}:"), ""]
    base = base_url.rstrip("/")
    for kind in DigestKind.codes():
        part = events[events["kind"] == kind]
        if part.empty:
            continue
        lines.append(f"{DigestKind.label_of(kind, sub.lang)} ({len(part)})")
        for r in part.head(MAX_LISTED).itertuples():
            link = f"{base}/chi-tiet?{urlencode({'v': '1', 'lang': sub.lang, 'site': r.site_id})}"
            lines.append(f"  - {r.name}: {getattr(r, sub.lang)}\n    {link}")
        if len(part) > MAX_LISTED:
            lines.append(tr(f"  … và {len(part) - MAX_LISTED} sự việc nữa", f"  … and {len(part) - MAX_LISTED} more"))
        lines.append("")
    for area in sub.areas:
        query = {"v": "1", "lang": sub.lang, **({"ra": area} if area != "city" else {}), "since": iso(hanoi_day(since)),
                 "until": iso(hanoi_day(dates.stamp(until)))}
        lines.append(tr("Xem mọi thay đổi: ", "See every change: ") + f"{base}/thay-doi?{urlencode({k: v for k, v in query.items() if v})}")
    lines += ["", tr("Bạn nhận thư này vì đã đăng ký ở trang Dữ liệu; đổi hoặc hủy đăng ký ở đó.",
                     "You get this because you subscribed on the Data page; change or cancel it there.")]
    msg.set_content("\n".join(lines))
    return msg


def hanoi_day(stamp: str) -> dt.date | None:
    """The day in Hanoi of a record's time (stamps are UTC); None for none."""
    return dates.parse_datetime(stamp).astimezone(dates.HANOI).date() if stamp else None


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def send(cfg, msg: EmailMessage) -> None:
    """Hand one message to the configured SMTP server (TLS as the settings say); raises on any failure."""
    if not cfg.smtp_host:
        raise DashboardError(Message("Chưa cấu hình máy chủ thư (HANOI_SMTP_HOST)", "No mail server is configured (HANOI_SMTP_HOST)"))
    context = ssl.create_default_context()
    if cfg.smtp_tls == "ssl":
        client = smtplib.SMTP_SSL(cfg.smtp_host, cfg.smtp_port, timeout=30, context=context)
    else:
        client = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=30)
    with client:
        if cfg.smtp_tls == "starttls":
            client.starttls(context=context)
        if cfg.smtp_user:
            client.login(cfg.smtp_user, cfg.smtp_password)
        client.send_message(msg)


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)  # usernames
    failed: list[tuple[str, str]] = field(default_factory=list)  # (username, why)
    quiet: list[str] = field(default_factory=list)  # nothing new


def run(store, cfg, data: RunData, base_url: str, now: dt.datetime | None = None, sender=send) -> Outcome:
    """Send every subscriber their digest; record each only once the server has taken it."""
    now = now or dates.now_utc()
    outcome = Outcome()
    sent = store.read_entries(SENT)
    for sub in subscriptions(store.read_entries(SUBSCRIPTION)).values():
        if not sub.active:
            continue
        since = last_sent(sent, sub.username) or sub.since
        events = digest_events(data, sub, since, now)
        if events.empty:
            outcome.quiet.append(sub.username)
            continue
        msg = compose(sub, events, base_url, since, now, cfg.mail_from or f"no-reply@{cfg.smtp_host or 'localhost'}")
        try:
            sender(cfg, msg)
        except (OSError, smtplib.SMTPException, DashboardError) as exc:
            outcome.failed.append((sub.username, str(exc) or type(exc).__name__))
            continue  # the cursor stays: the next run sends these events again, with any newer ones
        store.append_entries([{"kind": SENT, "subject": sub.username, "recorded_by": "notify",
                               "body": {"until": dates.stamp(now), "events": len(events), "message_id": msg["Message-ID"]}}])
        outcome.sent.append(sub.username)
    return outcome
