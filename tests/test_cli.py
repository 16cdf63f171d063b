"""``python -m geo``: each sub-command, and one plain line for every mistake in its input."""

import subprocess
import sys

import pytest

from geo import cli
from geo import storage as store
from geo.access import auth
from geo.settings import DEFAULTS
from tests.conftest import ROOT, settings_for


@pytest.fixture
def env(tmp_path, monkeypatch):
    path = tmp_path / "cli.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("HANOI_DASHBOARD_CONFIG", raising=False)
    return path


def test_create_admin_then_sign_in(env, monkeypatch, capsys):
    monkeypatch.setenv("HANOI_ADMIN_PASSWORD", "mot-mat-khau-dai")
    assert cli.main(["create-admin", "quantri", "--name", "Quản trị"]) == 0
    s = store.GeoPackageStore(env)
    assert s.get_user("quantri")["role"] == "admin"
    assert auth.sign_in(s, "quantri", "mot-mat-khau-dai")[0].role == "admin"
    monkeypatch.setenv("HANOI_ADMIN_PASSWORD", "short")
    assert cli.main(["create-admin", "other"]) == 2
    assert "at least" in capsys.readouterr().err


def test_create_admin_is_the_recovery_path_when_no_admin_is_left(env, monkeypatch):
    s = store.open_store(settings_for(env))
    auth.create_user(s, None, "admin", "quan-tri-vien-2025", "admin")
    with s.engine.begin() as conn:  # no admin left, as after a mistake made straight in the database
        conn.exec_driver_sql("UPDATE users SET disabled = 1")
    assert s.list_users()["disabled"].astype(bool).all()
    monkeypatch.setenv("HANOI_ADMIN_PASSWORD", "khoi-phuc-quan-tri")
    assert cli.main(["create-admin", "cuuho"]) == 0
    assert s.get_user("cuuho")["role"] == "admin"


def test_import_previews_then_commits_as_an_admin(env, tmp_path, capsys):
    from tests.fixtures.make_department_xlsx import build

    s = store.open_store(settings_for(env))
    auth.create_user(s, None, "admin", "quan-tri-vien-2025", "admin")
    auth.create_user(s, auth.User("admin", "", "admin"), "thanh", "kiem-tra-2025!", "inspector")
    xlsx = build(tmp_path / "ccn.xlsx")
    n = len(s.read_site_table())
    assert cli.main(["import", str(xlsx), "--user", "admin", "--date", "2026-10-15"]) == 1   # a probable match to answer
    said = capsys.readouterr()
    assert "--match 12=ccn-binh-phu-1" in said.err and "--new 12" in said.err and len(s.read_site_table()) == n
    assert cli.main(["import", str(xlsx), "--user", "admin", "--date", "2026-10-15", "--new", "12"]) == 0
    assert "create" in capsys.readouterr().out and len(s.read_site_table()) == n      # a preview writes nothing
    assert cli.main(["import", str(xlsx), "--user", "admin", "--date", "2026-10-15", "--new", "12", "--commit"]) == 0
    assert len(s.read_site_table()) > n and len(s.read_imports()) == 1


@pytest.mark.parametrize("args, words", [
    (["--user", "thanh", "--commit"], "not an administrator"),
    (["--user", "nobody"], "No user 'nobody'"),
    (["--user", "admin", "--date", "31/12/2025"], "YYYY-MM-DD"),
    (["--user", "admin", "--date", "2025-02-30"], "YYYY-MM-DD"),
])
def test_import_input_mistakes_are_one_line_each(env, tmp_path, capsys, args, words):
    s = store.open_store(settings_for(env))
    auth.create_user(s, None, "admin", "quan-tri-vien-2025", "admin")
    auth.create_user(s, auth.User("admin", "", "admin"), "thanh", "kiem-tra-2025!", "inspector")
    (tmp_path / "list.csv").write_text("Tên,Địa điểm\nCCN A,Xã Tân Triều\n", encoding="utf-8")
    assert cli.main(["import", str(tmp_path / "list.csv"), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_file_of_the_wrong_type_is_refused_with_the_fix(env, tmp_path, capsys):
    auth.create_user(store.open_store(settings_for(env)), None, "admin", "quan-tri-vien-2025", "admin")
    (tmp_path / "bad.docx").write_bytes(b"x")
    assert cli.main(["import", str(tmp_path / "bad.docx"), "--user", "admin"]) == 2
    assert "CSV, XLSX" in capsys.readouterr().err


def test_a_bad_setting_is_one_line_not_a_traceback(env, monkeypatch, capsys):
    monkeypatch.setenv("HANOI_SESSION_HOURS", "nan")
    assert cli.main(["create-admin", "quantri"]) == 2
    err = capsys.readouterr().err
    assert "HANOI_SESSION_HOURS" in err and "Traceback" not in err


def test_build_reference_rewrites_the_sites_file_it_is_given(boundaries_dir, tmp_path, monkeypatch, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DEFAULTS.data_dir, data)
    monkeypatch.setenv("HANOI_DATA_DIR", str(data))
    assert cli.main(["build-reference", str(boundaries_dir)]) == 0
    assert "sites written" in capsys.readouterr().out
    assert (data / "sites.csv").read_text(encoding="utf-8") == (DEFAULTS.sites_csv).read_text(encoding="utf-8").replace(
        _last_updated(DEFAULTS.sites_csv), _last_updated(data / "sites.csv"))


def _last_updated(path) -> str:
    import csv

    with open(path, encoding="utf-8") as f:
        return next(csv.DictReader(f))["last_updated"]


def test_help_lists_every_setting():
    out = subprocess.run([sys.executable, "-m", "geo", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for env_name in ("HANOI_STORE", "HANOI_BOUNDARIES_DIR", "DATABASE_URL", "HANOI_SESSION_HOURS", "HANOI_DASHBOARD_CONFIG"):
        assert env_name in out
    assert "create-admin" in out and "import" in out and "build-reference" in out
