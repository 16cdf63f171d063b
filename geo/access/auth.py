"""Sign-in, sessions and roles.

Viewing needs no sign-in; recording does. Passwords are kept only as argon2id hashes
(argon2-cffi). A session is a random token whose SHA-256 is stored with its expiry, so
a copied database does not hand out live sessions. Repeated failures lock the user name
for a growing time. Every write path calls :func:`require` on the server side; hiding a
button is only a courtesy.

With ``HANOI_AUTH=oidc`` the city's single sign-on (Streamlit's ``st.login``) proves who
the user is and :func:`user_from_identity` gives the role recorded for that e-mail.

Command line: ``python -m geo create-admin USERNAME`` creates the first admin.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.core import vocab
from geo.errors import DashboardError, Message, NotAllowed, RecordNotFound, SignInFailed
from geo.language import dates

ROLE_RANK = {"viewer": 0, "inspector": 1, "admin": 2}
MIN_PASSWORD = 10
#: Failures allowed before a user name is locked; then 5 s, 10 s, 20 s ... up to 15 min.
FREE_FAILURES = 3
#: Failures allowed from one client (address) across every user name before it is locked the same way.
FREE_CLIENT_FAILURES = 10
MAX_LOCK_SECONDS = 900
#: A count whose last failure is older than this starts again.
FORGET_AFTER = dt.timedelta(hours=1)
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, for timing only")


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


def require(user: User | None, role: str) -> User:
    """The signed-in user if their role reaches ``role``; otherwise NotAllowed."""
    if user is None:
        raise NotAllowed(Message("Cần đăng nhập để ghi dữ liệu.", "Sign in to record data."))
    if not user.can(role):
        raise NotAllowed(Message(
            f"Vai trò “{vocab.Role.label_of(user.role, 'vi')}” không được phép việc này (cần “{vocab.Role.label_of(role, 'vi')}”).",
            f"The role “{vocab.Role.label_of(user.role, 'en')}” may not do this (needs “{vocab.Role.label_of(role, 'en')}”)."))
    return user


def password_problems(password: str, username: str = "") -> list[Message]:
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(Message(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự", f"The password needs at least {MIN_PASSWORD} characters"))
    if username and username.lower() in password.lower():
        problems.append(Message("Mật khẩu không được chứa tên đăng nhập", "The password must not contain the user name"))
    return problems


def create_user(store, actor: User | None, username: str, password: str | None, role: str, display_name: str = "",
                email: str = "", now: dt.datetime | None = None, *, trusted: bool = False) -> User:
    """Add or replace a user. Only an admin may, except for the very first admin; ``trusted``
    is the server's own command line, which holds the store anyway and is the recovery path."""
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise DashboardError(Message("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang",
                                     "User names are letters, digits, '.', '_' and '-'"))
    if role not in ROLE_RANK:
        raise DashboardError(Message(f"Vai trò không hợp lệ '{role}'; dùng một trong {list(ROLE_RANK)}",
                                     f"Unknown role '{role}'; use one of {list(ROLE_RANK)}"))
    first_admin = actor is None and len(store.list_users()) == 0 and role == "admin"
    if not (first_admin or trusted):
        require(actor, "admin")
    if password is not None:
        problems = password_problems(password, username)
        if problems:
            raise DashboardError(Message("; ".join(p.vi for p in problems), "; ".join(p.en for p in problems)))
    existing = store.get_user(username) or {}
    if not existing and password is None and not email:
        raise DashboardError(Message(
            f"Người dùng mới cần mật khẩu (ít nhất {MIN_PASSWORD} ký tự) hoặc e-mail để đăng nhập một lần",
            f"A new user needs a password ({MIN_PASSWORD} characters or more) or an e-mail for single sign-on"))
    when = dates.stamp(now)
    store.put_user({  # refused by the store if it would leave no enabled administrator
        "username": username, "display_name": display_name or existing.get("display_name") or username, "role": role,
        "password_hash": _hasher.hash(password) if password is not None else existing.get("password_hash"),
        "email": (email or existing.get("email") or "").strip().lower(),
        "disabled": False if trusted else bool(existing.get("disabled", False)),
        "created_at": existing.get("created_at") or when, "created_by": existing.get("created_by") or (actor.username if actor else "cli"),
    })
    return User(username, display_name or username, role)


def set_disabled(store, actor: User | None, username: str, disabled: bool) -> None:
    """Disable a user (their sessions stop at the next click) or enable them again; admins only.

    The store refuses to disable the last enabled administrator."""
    require(actor, "admin")
    existing = store.get_user((username or "").strip().lower())
    if not existing:
        raise RecordNotFound(Message(f"Không có người dùng '{username}'", f"No user '{username}'"))
    store.put_user(dict(existing, disabled=bool(disabled)))


def sign_in(store, username: str, password: str, *, client: str = "", now: dt.datetime | None = None,
            session_hours: float = 8.0) -> tuple[User, str]:
    """Check the password and open a session; returns (user, token).

    The guess is counted *before* the password is checked, in one atomic step per user name
    and per client (:meth:`Store.reserve_attempt`), so parallel guesses cannot share one count:
    however many attackers there are, a user name gets ``FREE_FAILURES`` guesses and then one
    per lock period, and one client ``FREE_CLIENT_FAILURES`` across all user names. The same
    message is given for an unknown user as for a wrong password.
    """
    now = now or dates.now_utc()
    username = (username or "").strip().lower()
    keys = [(username, FREE_FAILURES)] + ([(client_key(client), FREE_CLIENT_FAILURES)] if client else [])
    for key, free in keys:
        wait = store.reserve_attempt(key, now, functools.partial(lock_seconds, free=free), FORGET_AFTER)
        if wait:
            raise SignInFailed(Message(f"Đăng nhập sai nhiều lần; thử lại sau {int(wait) + 1} giây.",
                                       f"Too many failed sign-ins; try again in {int(wait) + 1} s."), retry_after=wait)
    user = store.get_user(username)
    ok = False
    try:
        ok = _hasher.verify(user["password_hash"] if user and user.get("password_hash") else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or not user or user.get("disabled"):
        raise SignInFailed(Message("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
                           retry_after=lock_seconds(int((store.get_attempts(username) or {}).get("failures") or 0)))
    store.clear_attempts(username)
    if _hasher.check_needs_rehash(user["password_hash"]):
        store.put_user(dict(user, password_hash=_hasher.hash(password)))
    token = secrets.token_urlsafe(32)
    store.add_session(_token_hash(token), username, now + dt.timedelta(hours=session_hours))
    return User(username, user.get("display_name") or username, user["role"]), token


def client_key(client: str) -> str:
    """The key a client's attempts are counted under (user names cannot contain ':')."""
    return f"client:{client}"


def lock_seconds(failures: int, free: int = FREE_FAILURES) -> int:
    """How long a key is locked after this many consecutive failures: 5 s, 10 s, 20 s... up to 15 min."""
    if failures < free:
        return 0
    return min(5 * 2 ** (failures - free), MAX_LOCK_SECONDS)


def current_user(store, token: str | None, *, now: dt.datetime | None = None) -> User | None:
    """The user of a live session; an expired session is removed and gives None."""
    if not token:
        return None
    now = now or dates.now_utc()
    session = store.get_session(_token_hash(token))
    if not session:
        return None
    if dates.parse_datetime(session["expires_at"]) <= now:
        store.delete_session(_token_hash(token))
        return None
    user = store.get_user(session["username"])
    if not user or user.get("disabled"):
        return None
    return User(user["username"], user.get("display_name") or user["username"], user["role"])


def sign_out(store, token: str | None) -> None:
    if token:
        store.delete_session(_token_hash(token))


#: How long the one-time code that lets the browser fetch its sign-in cookie lives.
HANDOFF_SECONDS = 120


def handoff(store, token: str, *, now: dt.datetime | None = None) -> str | None:
    """A one-time code for a live session, which the browser trades for its own cookie (:func:`exchange_handoff`).

    The page cannot set an HTTP-only cookie itself, and a token must never travel in an address:
    the page hands the browser this short-lived code, the browser posts it to the server, and
    the server answers with the cookie. The code is not a token: it signs nobody in by itself.
    """
    now = now or dates.now_utc()
    user = current_user(store, token, now=now)
    if user is None:
        return None
    code = secrets.token_urlsafe(32)
    store.add_session(_token_hash("handoff:" + code), user.username, now + dt.timedelta(seconds=HANDOFF_SECONDS))
    return code


def exchange_handoff(store, code: str, *, session_hours: float = 8.0, now: dt.datetime | None = None) -> str | None:
    """The cookie's session token for a one-time code, or None (unknown, used, expired, or its user disabled)."""
    now = now or dates.now_utc()
    if not code or len(code) > 100:
        return None
    key = _token_hash("handoff:" + code)
    session = store.get_session(key)
    if not session or not store.delete_session(key):   # a code is used once, even by two requests at the same moment
        return None
    if dates.parse_datetime(session["expires_at"]) <= now:
        return None
    user = store.get_user(session["username"])
    if not user or user.get("disabled"):
        return None
    token = secrets.token_urlsafe(32)
    store.add_session(_token_hash(token), user["username"], now + dt.timedelta(hours=session_hours))
    return token


def user_from_identity(store, email: str, name: str = "") -> User:
    """Single sign-on: the identity provider says who; the users table says the role (viewer if not listed)."""
    email = (email or "").strip().lower()
    users = store.list_users()
    match = users[users["email"].fillna("").str.lower() == email] if email and len(users) else users.iloc[0:0]
    if len(match) and not bool(match.iloc[0]["disabled"]):
        row = match.iloc[0]
        return User(row["username"], row["display_name"] or name or email, row["role"])
    return User(email or "oidc", name or email, "viewer")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
