"""The command line, ``python -m geo``: the server's own tools, one sub-command each.

- ``create-admin USERNAME``: an administrator (the first one, or a recovery when none is
  left); the password is asked twice, or taken from HANOI_ADMIN_PASSWORD.
- ``import FILE --user ADMIN [--commit]``: the same checks as the Data page; writes only
  with ``--commit``.
- ``build-reference [BOUNDARIES_DIR]``: rebuild ``data/sites.csv`` from the hand-written
  lists and the boundary layers, and list what to check.
- ``notify [--dry-run]``: each subscriber's digest e-mail of new events (cron or a systemd timer;
  see the README); a failed send is retried next run.
- ``field-form [PATH]``: write the inspection XLSForm (default ``data/forms/kiem_tra_moi_truong.xlsx``)
  from :mod:`geo.io.field.form`, after a change to the form.

Every mistake in the input is one line saying what to fix, and exit status 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from geo import settings
from geo.access import auth, recording
from geo.core import vocab
from geo.dataset import reference
from geo.errors import BoundariesUnavailable, DashboardError, ImportRefused, Message
from geo.io import importing
from geo.language import dates
from geo.places import boundaries as boundaries_mod
from geo.storage import open_store


class _Refused(Exception):
    """A command-line input that cannot be used; said in one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Hanoi craft villages and industrial clusters: server tools",
                                     epilog=settings.help_text(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    admin = sub.add_parser("create-admin", help="create an administrator (or reset one's password)")
    admin.add_argument("username")
    admin.add_argument("--name", default="", help="display name")
    admin.add_argument("--email", default="", help="e-mail, to match single sign-on identities")
    imp = sub.add_parser("import", help="import a list of sites (a preview unless --commit)")
    imp.add_argument("file")
    imp.add_argument("--user", required=True, help="an administrator of the store: the import is recorded under this name")
    imp.add_argument("--source", default="", help="what the file is (document number, department, date)")
    imp.add_argument("--kind", choices=vocab.Kind.codes(), help="kind of every row, when the file has no kind column")
    imp.add_argument("--crs", default="EPSG:4326", choices=list(importing.CRS_CHOICES), help="coordinate system of x/y columns")
    imp.add_argument("--date", default="", help="date the status values hold, YYYY-MM-DD (default: today)")
    imp.add_argument("--match", action="append", default=[], metavar="ROW=SITE_ID",
                     help="answer a probable match: the file's row ROW is the existing site SITE_ID (repeatable)")
    imp.add_argument("--new", action="append", default=[], type=int, metavar="ROW",
                     help="answer a probable match: the file's row ROW is a new site (repeatable)")
    imp.add_argument("--commit", action="store_true", help="write the import (default: only show what it would do)")
    ref = sub.add_parser("build-reference", help="rebuild data/sites.csv from data/reference/*.csv and the boundary layers")
    ref.add_argument("boundaries_dir", nargs="?", default=None, help="default: HANOI_BOUNDARIES_DIR")
    nt = sub.add_parser("notify", help="send each subscriber the digest of their new events (run by cron or a systemd timer)")
    nt.add_argument("--dry-run", action="store_true", help="say who would get what, send nothing and record nothing")
    ff = sub.add_parser("field-form", help="write the inspection XLSForm for ODK Central / KoboToolbox")
    ff.add_argument("path", nargs="?", default=None, help="default: data/forms/kiem_tra_moi_truong.xlsx")
    return parser


def field_form(args, cfg: settings.Settings) -> int:
    from geo.io.field import form

    path = Path(args.path) if args.path else Path(__file__).resolve().parent.parent / "data" / "forms" / f"{form.FORM_ID}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(form.xlsform())
    print(f"{path}: {len(form.FIELDS)} questions, version {form.FORM_VERSION}")
    return 0


def notify_cmd(args, cfg: settings.Settings) -> int:
    """Digests for every subscriber; exit 1 when some could not be sent (they are retried next run)."""
    from geo.core import indicators, priority
    from geo.io import notify

    if not cfg.public_url:
        raise _Refused(Message("Cần HANOI_PUBLIC_URL (địa chỉ của bảng điều khiển) để thư có liên kết",
                               "Set HANOI_PUBLIC_URL (the dashboard's address) so the digests can link to it"))
    if not cfg.smtp_host and not args.dry_run:
        raise _Refused(Message("Cần HANOI_SMTP_HOST (máy chủ thư)", "Set HANOI_SMTP_HOST (the mail server)"))
    store = open_store(cfg)
    with store.one_at_a_time("notify"):
        now = dates.now_utc()  # before reading: whatever is recorded after this goes into the next run
        try:
            b = boundaries_mod.load_boundaries(cfg.boundaries_dir) if cfg.boundaries_configured else None
        except BoundariesUnavailable:
            b = None
        data = notify.RunData(store.read_site_table(), store.read_history(), store.read_inspections(),
                              indicators.load_targets(cfg.targets_file), priority.load_rules(cfg.priority_file), b.rivers if b else None)
        if args.dry_run:
            sent = store.read_entries(notify.SENT)
            for sub in notify.subscriptions(store.read_entries(notify.SUBSCRIPTION)).values():
                if sub.active:
                    events = notify.digest_events(data, sub, notify.last_sent(sent, sub.username) or sub.since, now)
                    print(f"{sub.username} <{sub.email}>: {len(events)}")
            return 0
        outcome = notify.run(store, cfg, data, cfg.public_url, now)
    print(f"sent {len(outcome.sent)}, nothing new {len(outcome.quiet)}, failed {len(outcome.failed)}")
    for username, why in outcome.failed:
        print(f"  {username}: {why} (retried next run)", file=sys.stderr)
    return 1 if outcome.failed else 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        cfg = settings.from_environ()
        return {"create-admin": create_admin, "import": import_file, "build-reference": build_reference,
                "field-form": field_form, "notify": notify_cmd}[args.command](args, cfg)
    except _Refused as exc:
        print(exc, file=sys.stderr)
        return 2
    except DashboardError as exc:
        print(exc, file=sys.stderr)
        return 2


def create_admin(args, cfg: settings.Settings) -> int:
    password = settings.admin_password()
    if password is None:
        password = getpass.getpass("Mật khẩu / password: ")
        if getpass.getpass("Nhập lại / again: ") != password:
            raise _Refused(Message("Hai lần nhập không khớp", "The two entries differ"))
    store = open_store(cfg)
    user = auth.create_user(store, None, args.username, password, "admin", args.name, args.email, trusted=True)
    where = "PostGIS" if cfg.database_url else str(cfg.store_path)
    print(f"Đã tạo quản trị viên / admin created: {user.username} ({where})")
    return 0


def import_file(args, cfg: settings.Settings) -> int:
    day = dates.today() if not args.date else dates.parse_date(args.date) if len(args.date) == 10 else None
    if day is None:
        raise _Refused(Message(f"--date phải có dạng YYYY-MM-DD (ví dụ 2025-12-31), không phải {args.date!r}",
                               f"--date must be YYYY-MM-DD (for example 2025-12-31), not {args.date!r}"))
    store = open_store(cfg)
    row = store.get_user(args.user)
    if not row:
        raise _Refused(Message(f"Không có người dùng '{args.user}'; tạo bằng: python -m geo create-admin {args.user}",
                               f"No user '{args.user}'; create one with: python -m geo create-admin {args.user}"))
    user = auth.User(row["username"], row["display_name"], row["role"])
    if not user.can("admin"):
        raise _Refused(Message(f"Người dùng '{args.user}' không phải quản trị viên; chỉ quản trị viên được nhập danh sách",
                               f"User '{args.user}' is not an administrator; only administrators import lists"))
    path = Path(args.file)
    try:
        raw = importing.read_upload(path.name, path.read_bytes(), importing.Limits.of(cfg))
    except ImportRefused as exc:
        for p in exc.problems:
            print(p.text("vi"), "|", p.text("en"), file=sys.stderr)
        return 2
    except OSError as exc:
        raise _Refused(Message(f"Không đọc được tệp {path}: {exc.strerror}", f"Cannot read {path}: {exc.strerror}")) from exc
    try:
        b = boundaries_mod.load_boundaries(cfg.boundaries_dir) if cfg.boundaries_configured else None
    except BoundariesUnavailable:
        b = None
    mapping = store.get_mapping(importing.signature(raw.headers)) or importing.auto_mapping(raw.headers)
    answers = {row: "" for row in args.new}
    for item in args.match:
        row, _, site_id = item.partition("=")
        if not row.strip().isdigit() or not site_id.strip():
            raise _Refused(Message(f"--match cần dạng DÒNG=MÃ_CƠ_SỞ, ví dụ --match 12=ccn-binh-phu-1; không phải {item!r}",
                                   f"--match takes ROW=SITE_ID, e.g. --match 12=ccn-binh-phu-1; not {item!r}"))
        answers[int(row)] = site_id.strip()
    opts = importing.Options(mapping, args.kind or importing.infer_kind(raw.headers), args.crs, day.isoformat(),
                             args.source or path.name, answers)
    result = importing.preview(raw, opts, store, b, user.username)
    for note in raw.notes:
        print("·", note)
    print("Ghép cột / mapping:", json.dumps(mapping, ensure_ascii=False))
    print(result.rows.to_string(index=False))
    print("Tổng / totals:", json.dumps(result.counts(), ensure_ascii=False))
    for p in result.problems:
        print("LỖI / PROBLEM:", p.text("vi"), "|", p.text("en"), file=sys.stderr)
    for q in result.rows[result.rows["match_id"] != ""].itertuples():
        print(f"  trả lời / answer: --match {q._1}={q.match_id}  hoặc / or  --new {q._1}", file=sys.stderr)
    if not result.ok:
        return 1
    if args.commit:
        import_id = recording.commit_import(store, user, result, path.name, opts.source)
        print(f"Đã nhập / imported: {import_id}")
    return 0


def build_reference(args, cfg: settings.Settings) -> int:
    folder = args.boundaries_dir or cfg.boundaries_dir
    b = boundaries_mod.load_boundaries(folder)
    sites, report, errors = reference.rebuild(b, cfg.reference_dir, cfg.sites_csv)
    for e in errors:
        print("LỖI / ERROR", e.text("vi"), file=sys.stderr)
    if errors:
        print("Chưa ghi gì / nothing written", file=sys.stderr)
        return 1
    counts = sites["location_precision"].value_counts().to_dict()
    print(f"{len(sites)} sites written to {cfg.sites_csv}; precision: {counts}")
    print(f"{len(report)} sites to check:")
    for line in report:
        print("  " + line)
    return 0
