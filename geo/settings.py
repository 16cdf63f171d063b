"""Every setting in one place, with its default and help; read once by the entry point.

``geo`` functions take the values they need as arguments and never read the
environment themselves, so tests can pass their own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from geo.errors import DashboardError

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    store_path: Path = PROJECT_DIR / "var" / "hanoi_sites.gpkg"
    boundaries_dir: Path | None = PROJECT_DIR.parent / "shared" / "data" / "boundaries"
    tiles: str = "osm"  # "osm", "none" or an XYZ URL template with {z}/{x}/{y}
    tiles_attribution: str = "© OpenStreetMap contributors"
    public_url: str = ""  # base of shared links, e.g. https://dashboard.example.gov.vn
    database_url: str = ""  # postgresql+psycopg://user@host/db: use PostGIS instead of the GeoPackage
    auth: str = "password"  # "password" (users in the store) or "oidc" (Streamlit's st.login)
    oidc_provider: str = ""  # the [auth.<provider>] section of .streamlit/secrets.toml, when auth = "oidc"
    session_hours: float = 8.0  # a sign-in expires after this long

    @property
    def store_key(self) -> str:
        """What identifies the store: caches are keyed on it."""
        return self.database_url or str(self.store_path)

    @property
    def boundaries_configured(self) -> bool:
        return self.boundaries_dir is not None and str(self.boundaries_dir) != ""


#: (environment variable, Settings field, help)
ENV = (
    ("HANOI_STORE", "store_path", "GeoPackage file of the embedded store (created on first run)"),
    ("HANOI_BOUNDARIES_DIR", "boundaries_dir", "folder with the boundary layers; empty to run without them"),
    ("HANOI_TILES", "tiles", "'osm' (online), 'none' (offline, boundaries as base) or an XYZ URL template"),
    ("HANOI_TILES_ATTRIBUTION", "tiles_attribution", "attribution shown for custom tiles"),
    ("HANOI_PUBLIC_URL", "public_url", "base URL used in exported links"),
    ("DATABASE_URL", "database_url", "PostgreSQL/PostGIS URL; when set, the store lives there"),
    ("HANOI_AUTH", "auth", "'password' or 'oidc'"),
    ("HANOI_OIDC_PROVIDER", "oidc_provider", "provider name in secrets.toml for st.login"),
    ("HANOI_SESSION_HOURS", "session_hours", "hours until a sign-in expires"),
)
CONFIG_FILE_ENV = "HANOI_DASHBOARD_CONFIG"


def from_environ(environ) -> Settings:
    """Settings from an optional TOML file (HANOI_DASHBOARD_CONFIG) overridden by variables."""
    values: dict = {}
    config = environ.get(CONFIG_FILE_ENV)
    if config:
        try:
            values.update(tomllib.loads(Path(config).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DashboardError(f"Cannot read the config file {config} ({CONFIG_FILE_ENV}): {exc}") from exc
    for var, name, _help in ENV:
        if var in environ:
            values[name] = environ[var]
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise DashboardError(f"Unknown settings {sorted(unknown)}; known: {sorted(known)}")
    if "store_path" in values:
        values["store_path"] = Path(values["store_path"])
    if "boundaries_dir" in values:
        values["boundaries_dir"] = Path(values["boundaries_dir"]) if values["boundaries_dir"] else None
    if "session_hours" in values:
        try:
            values["session_hours"] = float(values["session_hours"])
        except ValueError as exc:
            raise DashboardError(f"HANOI_SESSION_HOURS must be a number of hours, not {values['session_hours']!r}") from exc
    if values.get("auth", "password") not in ("password", "oidc"):
        raise DashboardError(f"HANOI_AUTH must be 'password' or 'oidc', not {values['auth']!r}")
    return Settings(**values)
