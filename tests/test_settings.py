import math
from pathlib import Path

import pytest

from geo import settings
from geo.errors import InvalidConfiguration
from tests.conftest import ROOT


def test_defaults_need_no_environment():
    cfg = settings.from_environ({})
    assert cfg == settings.DEFAULTS
    assert cfg.targets_file == ROOT / "data" / "targets.toml" and cfg.sites_csv.is_file() and cfg.tasks_file.is_file()


def test_variables_override_a_config_file(tmp_path):
    config = tmp_path / "dashboard.toml"
    config.write_text('tiles = "none"\nsession_hours = 2\nstore_path = "/srv/a.gpkg"\n', encoding="utf-8")
    cfg = settings.from_environ({"HANOI_DASHBOARD_CONFIG": str(config), "HANOI_STORE": "/srv/b.gpkg", "HANOI_BOUNDARIES_DIR": ""})
    assert cfg.tiles == "none" and cfg.session_hours == 2.0 and cfg.store_path == Path("/srv/b.gpkg")
    assert cfg.boundaries_dir is None and not cfg.boundaries_configured


@pytest.mark.parametrize("raw", ["inf", "nan", "1e9", "-1", "0", "tám", ""])
def test_session_hours_outside_the_sensible_range_are_refused_in_one_line(raw):
    with pytest.raises(InvalidConfiguration) as info:
        settings.from_environ({"HANOI_SESSION_HOURS": raw})
    assert "HANOI_SESSION_HOURS" in info.value.text("en") and "\n" not in str(info.value)
    assert "0.25" in info.value.text("en") and "720" in info.value.text("en")


@pytest.mark.parametrize("env, words", [
    ({"HANOI_AUTH": "ldap"}, "HANOI_AUTH"),
    ({"HANOI_STORE": " "}, "HANOI_STORE"),
    ({"HANOI_DASHBOARD_CONFIG": "/no/such/file.toml"}, "config file"),
])
def test_other_bad_settings_say_which_and_what_to_use(env, words):
    with pytest.raises(InvalidConfiguration, match=words):
        settings.from_environ(env)


def test_an_unknown_key_in_the_config_file_is_named(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(InvalidConfiguration, match="colour"):
        settings.from_environ({"HANOI_DASHBOARD_CONFIG": str(config)})


def test_every_setting_is_declared_once_with_its_variable_and_help():
    declared = settings.declared()
    envs = [env for env, *_ in declared]
    assert len(envs) == len(set(envs)) and all(help for *_, help in declared)
    assert math.isclose(settings.DEFAULTS.session_hours, 8.0)


def test_the_readme_settings_table_is_the_declared_one():
    assert settings.markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_only_the_settings_module_reads_the_environment():
    for path in (ROOT / "geo").rglob("*.py"):
        if path.name != "settings.py":
            text = path.read_text(encoding="utf-8")
            assert "os.environ" not in text and "getenv" not in text, path


def test_the_admin_password_comes_from_its_variable():
    assert settings.admin_password({"HANOI_ADMIN_PASSWORD": "x"}) == "x" and settings.admin_password({}) is None
