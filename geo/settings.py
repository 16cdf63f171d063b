"""Every setting in one place: its variable, default and help; the only reader of the environment.

Each field of :class:`Settings` names its environment variable and says what it means;
the README's settings table and ``python -m geo --help`` are made from these
declarations (a test keeps the README in step). ``geo`` functions take the values they
need as arguments, so tests pass their own.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from geo.errors import InvalidConfiguration, Message

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_FILE_ENV = "HANOI_DASHBOARD_CONFIG"
ADMIN_PASSWORD_ENV = "HANOI_ADMIN_PASSWORD"
#: A sign-in lasts between a quarter of an hour and 30 days.
SESSION_HOURS_RANGE = (0.25, 720.0)


def _setting(default, env: str, shown: str, help: str):
    return field(default=default, metadata={"env": env, "shown": shown, "help": help})


@dataclass(frozen=True)
class Settings:
    store_path: Path = _setting(PROJECT_DIR / "var" / "hanoi_sites.gpkg", "HANOI_STORE", "`var/hanoi_sites.gpkg`",
                                "the GeoPackage store; built from `data/` when missing")
    boundaries_dir: Path | None = _setting(PROJECT_DIR.parent / "shared" / "data" / "boundaries", "HANOI_BOUNDARIES_DIR",
                                           "`../shared/data/boundaries`",
                                           "boundary layers (never committed); empty to run without them")
    data_dir: Path = _setting(PROJECT_DIR / "data", "HANOI_DATA_DIR", "`data`",
                              "the dataset and definitions: sites, facts, targets, plan tasks")
    tiles: str = _setting("osm", "HANOI_TILES", "`osm`",
                          "`osm`, `none` (offline: boundaries are the base) or an XYZ URL template")
    tiles_attribution: str = _setting("© OpenStreetMap contributors", "HANOI_TILES_ATTRIBUTION", "OSM",
                                      "attribution for custom tiles")
    public_url: str = _setting("", "HANOI_PUBLIC_URL", "the request's host", "base of shared links")
    database_url: str = _setting("", "DATABASE_URL", "–",
                                 "`postgresql://user@host/db`: keep the store in PostGIS instead of the GeoPackage")
    auth: str = _setting("password", "HANOI_AUTH", "`password`",
                         "`password` (users in the store) or `oidc` (single sign-on with `st.login`)")
    oidc_provider: str = _setting("", "HANOI_OIDC_PROVIDER", "–",
                                  "with `oidc`: the `[auth.<name>]` section of `.streamlit/secrets.toml`")
    session_hours: float = _setting(8.0, "HANOI_SESSION_HOURS", "`8`", "a sign-in expires after this many hours")
    import_max_features: int = _setting(50_000, "HANOI_IMPORT_MAX_FEATURES", "`50000`",
                                        "an imported file with more rows or features is refused before it is read")
    import_max_unpacked_mb: int = _setting(200, "HANOI_IMPORT_MAX_UNPACKED_MB", "`200`",
                                           "a zipped Shapefile that unpacks to more megabytes is refused before it is read")
    service_rate_per_minute: int = _setting(120, "HANOI_SERVICE_RATE", "`120`",
                                            "requests a client may make per minute to `/ogc`, downloads and the feed (then 429)")
    smtp_host: str = _setting("", "HANOI_SMTP_HOST", "–", "the mail server `python -m geo notify` sends digests through")
    smtp_port: int = _setting(587, "HANOI_SMTP_PORT", "`587`", "its port")
    smtp_tls: str = _setting("starttls", "HANOI_SMTP_TLS", "`starttls`", "`starttls`, `ssl` (implicit TLS, port 465) or `none`")
    smtp_user: str = _setting("", "HANOI_SMTP_USER", "–", "user name at the mail server, if it asks for one")
    smtp_password: str = _setting("", "HANOI_SMTP_PASSWORD", "–", "its password")
    mail_from: str = _setting("", "HANOI_MAIL_FROM", "–", "the digests' From address")

    @property
    def store_key(self) -> str:
        """What identifies the store: caches are keyed on it."""
        return self.database_url or str(self.store_path)

    @property
    def boundaries_configured(self) -> bool:
        return self.boundaries_dir is not None and str(self.boundaries_dir) != ""

    # Data files, all under data_dir.
    @property
    def targets_file(self) -> Path:
        return self.data_dir / "targets.toml"

    @property
    def priority_file(self) -> Path:
        return self.data_dir / "priority.toml"

    @property
    def checklist_file(self) -> Path:
        return self.data_dir / "checklist.toml"

    @property
    def tasks_file(self) -> Path:
        return self.data_dir / "plan_tasks.toml"

    @property
    def figures_file(self) -> Path:
        return self.data_dir / "city_figures.csv"

    @property
    def sites_csv(self) -> Path:
        return self.data_dir / "sites.csv"

    @property
    def facts_csv(self) -> Path:
        return self.data_dir / "facts.csv"

    @property
    def sources_csv(self) -> Path:
        return self.data_dir / "sources.csv"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"


#: The defaults, for code and tests that do not read the environment.
DEFAULTS = Settings()


def declared() -> list[tuple[str, str, str, str]]:
    """(variable, field, default as shown, help) of every setting, in declaration order."""
    return [(f.metadata["env"], f.name, f.metadata["shown"], f.metadata["help"]) for f in fields(Settings)]


def markdown_table() -> str:
    """The README's settings table."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{env}` | {shown} | {help} |" for env, _name, shown, help in declared()]
    lines.append(f"| `{CONFIG_FILE_ENV}` | – | a TOML file with the same keys (lower-case field names) |")
    return "\n".join(lines)


def help_text() -> str:
    """The settings for ``--help``."""
    width = max(len(env) for env, *_ in declared())
    rows = [f"  {env:<{width}}  {help.replace('`', '')} (default {shown.replace('`', '')})"
            for env, _name, shown, help in declared()]
    return "settings (environment variables):\n" + "\n".join(rows) + f"\n  {CONFIG_FILE_ENV:<{width}}  a TOML file with the same keys"


def _bad(vi: str, en: str) -> InvalidConfiguration:
    return InvalidConfiguration(Message(vi, en))


def from_environ(environ=None) -> Settings:
    """Settings from an optional TOML file (HANOI_DASHBOARD_CONFIG) overridden by variables.

    Every value is checked here, so a mistake is one plain line at start-up, not a
    traceback later.
    """
    environ = os.environ if environ is None else environ
    values: dict = {}
    config = environ.get(CONFIG_FILE_ENV)
    if config:
        try:
            values.update(tomllib.loads(Path(config).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise _bad(f"Không đọc được tệp cấu hình {config} ({CONFIG_FILE_ENV}): {exc}",
                       f"Cannot read the config file {config} ({CONFIG_FILE_ENV}): {exc}") from exc
    for env, name, _shown, _help in declared():
        if env in environ:
            values[name] = environ[env]
    known = [f.name for f in fields(Settings)]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise _bad(f"Thiết lập không có: {unknown}; các thiết lập: {known}", f"Unknown settings {unknown}; known: {known}")
    for name in ("store_path", "data_dir"):
        if name in values:
            if not str(values[name]).strip():
                raise _bad(f"{_env(name)} không được để trống", f"{_env(name)} must not be empty")
            values[name] = Path(values[name])
    if "boundaries_dir" in values:
        values["boundaries_dir"] = Path(values["boundaries_dir"]) if str(values["boundaries_dir"]).strip() else None
    if "session_hours" in values:
        values["session_hours"] = _session_hours(values["session_hours"])
    if values.get("smtp_tls", "starttls") not in ("starttls", "ssl", "none"):
        raise _bad(f"HANOI_SMTP_TLS phải là 'starttls', 'ssl' hoặc 'none', không phải {values['smtp_tls']!r}",
                   f"HANOI_SMTP_TLS must be 'starttls', 'ssl' or 'none', not {values['smtp_tls']!r}")
    for name, low in (("import_max_features", 1), ("import_max_unpacked_mb", 1), ("service_rate_per_minute", 1), ("smtp_port", 1)):
        if name in values:
            raw = values[name]
            try:
                values[name] = int(str(raw).strip())
            except ValueError:
                values[name] = 0
            if values[name] < low:
                raise _bad(f"{_env(name)} phải là một số nguyên dương, không phải {raw!r}",
                           f"{_env(name)} must be a positive whole number, not {raw!r}")
    if values.get("auth", "password") not in ("password", "oidc"):
        raise _bad(f"HANOI_AUTH phải là 'password' hoặc 'oidc', không phải {values['auth']!r}",
                   f"HANOI_AUTH must be 'password' or 'oidc', not {values['auth']!r}")
    return Settings(**values)


def _env(name: str) -> str:
    return next(f.metadata["env"] for f in fields(Settings) if f.name == name)


def _session_hours(raw) -> float:
    low, high = SESSION_HOURS_RANGE
    try:
        hours = float(raw)
    except (TypeError, ValueError):
        hours = math.nan
    if not math.isfinite(hours) or not low <= hours <= high:
        raise _bad(f"HANOI_SESSION_HOURS phải là số giờ từ {low:g} đến {high:g}, không phải {raw!r}",
                   f"HANOI_SESSION_HOURS must be a number of hours from {low:g} to {high:g}, not {raw!r}")
    return hours


def admin_password(environ=None) -> str | None:
    """The first admin's password when given by HANOI_ADMIN_PASSWORD (for scripted set-up)."""
    environ = os.environ if environ is None else environ
    return environ.get(ADMIN_PASSWORD_ENV)
