"""Sign-in, slow-down, sessions, roles and the first-admin command."""

import datetime as dt

import pytest

from geo import storage as store
from geo.access import auth
from geo.core import history
from geo.errors import DashboardError, LastAdmin, NotAllowed, SignInFailed
from tests.conftest import change, make_sites

T0 = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def s(tmp_path):
    sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0}])
    path = tmp_path / "a.gpkg"
    store.write_geopackage(path, sites, history.to_frame([change("c1", "ww_status", "none", "2021-01-01")]), {})
    st = store.GeoPackageStore(path)
    admin = auth.create_user(st, None, "admin", "correct horse battery", "admin", "Quản trị")
    auth.create_user(st, admin, "thanh", "kiem-tra-2025!", "inspector", "Trần Thanh")
    return st


def test_passwords_are_stored_only_as_argon2_hashes(s):
    row = s.get_user("thanh")
    assert row["password_hash"].startswith("$argon2id$") and "kiem-tra" not in row["password_hash"]


def test_sign_in_opens_a_session_and_sign_out_closes_it(s):
    user, token = auth.sign_in(s, "Thanh ", "kiem-tra-2025!", now=T0)
    assert user == auth.User("thanh", "Trần Thanh", "inspector")
    assert auth.current_user(s, token, now=T0 + dt.timedelta(hours=1)) == user
    auth.sign_out(s, token)
    assert auth.current_user(s, token, now=T0 + dt.timedelta(hours=1)) is None


def test_wrong_password_and_unknown_user_get_the_same_message(s):
    with pytest.raises(SignInFailed) as wrong:
        auth.sign_in(s, "thanh", "nope", now=T0)
    with pytest.raises(SignInFailed) as unknown:
        auth.sign_in(s, "ghost", "nope", now=T0)
    assert str(wrong.value) == str(unknown.value)


def test_repeated_failures_are_slowed_down_even_for_the_right_password(s):
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            auth.sign_in(s, "thanh", "wrong", now=T0 + dt.timedelta(seconds=i))
    # The third failure locked the name for 5 s: the right password is refused meanwhile.
    with pytest.raises(SignInFailed, match="try again") as locked:
        auth.sign_in(s, "thanh", "kiem-tra-2025!", now=T0 + dt.timedelta(seconds=4))
    assert 0 < locked.value.retry_after <= 5
    assert auth.lock_seconds(4) == 10 and auth.lock_seconds(50) == auth.MAX_LOCK_SECONDS
    user, _ = auth.sign_in(s, "thanh", "kiem-tra-2025!", now=T0 + dt.timedelta(seconds=8))
    assert user.username == "thanh"
    assert s.get_attempts("thanh") is None          # success clears the count


def test_sessions_expire(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!", now=T0, session_hours=8)
    assert auth.current_user(s, token, now=T0 + dt.timedelta(hours=7, minutes=59)) is not None
    assert auth.current_user(s, token, now=T0 + dt.timedelta(hours=8, seconds=1)) is None
    assert s.get_session(auth._token_hash(token)) is None     # removed, not just ignored


def test_a_disabled_user_cannot_sign_in_or_keep_a_session(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!", now=T0)
    s.put_user(dict(s.get_user("thanh"), disabled=True))
    assert auth.current_user(s, token, now=T0) is None
    with pytest.raises(SignInFailed):
        auth.sign_in(s, "thanh", "kiem-tra-2025!", now=T0 + dt.timedelta(minutes=1))


def test_only_an_admin_creates_users_after_the_first_admin(s):
    inspector = auth.User("thanh", "Trần Thanh", "inspector")
    with pytest.raises(NotAllowed):
        auth.create_user(s, inspector, "x", "a-long-password", "admin")
    with pytest.raises(NotAllowed):
        auth.create_user(s, None, "y", "a-long-password", "admin")   # no longer the first
    with pytest.raises(DashboardError, match="at least"):
        auth.create_user(s, auth.User("admin", "", "admin"), "z", "short", "viewer")


def test_roles_rank_viewer_inspector_admin():
    assert auth.User("a", "", "admin").can("inspector") and not auth.User("v", "", "viewer").can("inspector")
    with pytest.raises(NotAllowed, match="Sign in"):
        auth.require(None, "viewer")


def test_single_sign_on_identity_gets_the_role_of_its_email(s):
    auth.create_user(s, auth.User("admin", "", "admin"), "lan", None, "inspector", "Lan", email="Lan@HaNoi.gov.vn")
    assert auth.user_from_identity(s, "lan@hanoi.gov.vn").role == "inspector"
    assert auth.user_from_identity(s, "someone@else.vn").role == "viewer"


def test_one_client_gets_a_few_guesses_across_every_user_name(s):
    names = [f"user{i}" for i in range(auth.FREE_CLIENT_FAILURES + 5)]
    answers = []
    for i, name in enumerate(names):
        try:
            auth.sign_in(s, name, "wrong", client="203.0.113.7", now=T0 + dt.timedelta(milliseconds=i))
        except SignInFailed as exc:
            answers.append("locked" if "try again" in exc.text("en") else "checked")
    assert answers.count("checked") == auth.FREE_CLIENT_FAILURES and answers[-1] == "locked"
    # Another client is not held back by that one.
    with pytest.raises(SignInFailed, match="Wrong user name"):
        auth.sign_in(s, "thanh", "wrong", client="198.51.100.2", now=T0)


def _guesser(backend, where, seconds, start_at, queue):
    """Child process: guess wrong passwords for 'thanh' until ``start_at + seconds``; count those checked."""
    import time

    from geo import storage as store_mod
    from geo.storage import postgis

    st = postgis.PostGISStore(where) if backend == "postgis" else store_mod.GeoPackageStore(where)
    checked = 0
    while time.time() < start_at:
        time.sleep(0.01)
    while time.time() < start_at + seconds:
        try:
            auth.sign_in(st, "thanh", "not-the-password")
        except SignInFailed as exc:
            if "Wrong user name" in exc.text("en"):
                checked += 1
            else:
                time.sleep(0.02)
    queue.put(checked)


def _guesses_checked(backend, where, attackers, seconds=7.0):
    import multiprocessing
    import time

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 6
    procs = [ctx.Process(target=_guesser, args=(backend, where, seconds, start_at, queue)) for _ in range(attackers)]
    for p in procs:
        p.start()
    total = sum(queue.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(30)
    return total


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_parallel_attackers_get_no_more_guesses_than_one(backend, tmp_path, request):
    """Before the count was atomic, 8 processes got 8 times the guesses of one (16: 16 times)."""
    from geo.storage import postgis

    def fresh(n):
        sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0}])
        changes = history.to_frame([change("c1", "ww_status", "none", "2021-01-01")])
        if backend == "gpkg":
            where = tmp_path / f"bf{n}.gpkg"
            store.write_geopackage(where, sites, changes, {})
            st = store.GeoPackageStore(where)
        else:
            where = request.getfixturevalue("postgis_databases")()
            st = postgis.create_postgis(where, sites, changes, {})
        auth.create_user(st, None, "thanh", "kiem-tra-2025!", "admin")
        return where

    one = _guesses_checked(backend, fresh(1), 1)
    many = _guesses_checked(backend, fresh(8), 8)
    assert one >= auth.FREE_FAILURES
    assert many <= one + 1, (one, many)


def test_the_last_admin_cannot_demote_or_disable_themselves(s):
    admin = auth.User("admin", "Quản trị", "admin")
    with pytest.raises(LastAdmin):
        auth.create_user(s, admin, "admin", None, "viewer")
    with pytest.raises(LastAdmin):
        auth.set_disabled(s, admin, "admin", True)
    assert s.get_user("admin")["role"] == "admin" and not s.get_user("admin")["disabled"]
    # With a second admin, either may step down.
    auth.create_user(s, admin, "thanh", None, "admin")
    auth.create_user(s, admin, "admin", None, "inspector")
    assert s.get_user("admin")["role"] == "inspector"


def test_a_new_user_needs_a_password_and_saving_keeps_a_disabled_user_disabled(s):
    admin = auth.User("admin", "Quản trị", "admin")
    with pytest.raises(DashboardError, match="needs a password"):
        auth.create_user(s, admin, "moi", None, "viewer")
    with pytest.raises(DashboardError, match="at least 10"):
        auth.create_user(s, admin, "moi", "", "viewer")
    auth.create_user(s, admin, "sso", None, "viewer", email="sso@hanoi.gov.vn")   # single sign-on needs no password
    auth.set_disabled(s, admin, "thanh", True)
    auth.create_user(s, admin, "thanh", None, "inspector", "Trần Thanh")           # saving a name change...
    assert s.get_user("thanh")["disabled"]                                          # ...does not re-enable
    with pytest.raises(NotAllowed):
        auth.set_disabled(s, auth.User("thanh", "", "inspector"), "admin", True)


def test_a_handoff_code_is_traded_once_for_a_cookie_session_of_the_same_user(s):
    user, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    code = auth.handoff(s, token)
    assert auth.current_user(s, code) is None                      # the code itself signs nobody in
    cookie = auth.exchange_handoff(s, code, session_hours=8)
    assert cookie not in (None, token, code) and auth.current_user(s, cookie) == user
    assert auth.exchange_handoff(s, code) is None                  # used once
    assert auth.handoff(s, "not-a-token") is None and auth.exchange_handoff(s, "") is None


def test_a_late_code_or_a_disabled_user_gets_no_cookie(s):
    _, token = auth.sign_in(s, "thanh", "kiem-tra-2025!")
    late = auth.handoff(s, token)
    then = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=auth.HANDOFF_SECONDS + 1)
    assert auth.exchange_handoff(s, late, now=then) is None
    code = auth.handoff(s, token)
    s.put_user(dict(s.get_user("thanh"), disabled=True))
    assert auth.exchange_handoff(s, code) is None
