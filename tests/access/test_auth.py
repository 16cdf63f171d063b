"""Sign-in, slow-down, sessions, roles and the first-admin command."""

import datetime as dt

import pytest

from geo import storage as store
from geo.access import auth
from geo.core import history
from geo.errors import DashboardError, NotAllowed, SignInFailed
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
