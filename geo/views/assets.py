"""Leaflet and its plugins served from installed packages, never from a CDN.

Streamlit serves ``static/`` at ``/app/static/`` when ``server.enableStaticServing`` is
on; the files are copied there from the ``xstatic-*`` packages at start-up (the copy is
not committed). Each package's folder is named with its version (``leaflet-1.9.3``), so
that an address never holds other bytes and a browser may keep the files for good
(``ui.server.KeepVendorFiles``).
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

URL_PREFIX = "/app/static/vendor"


def _packages() -> dict[str, tuple[str, Path]]:
    """Folder name -> (version, the package's files)."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    return {"leaflet": (leaflet.VERSION, Path(leaflet.BASE_DIR)),
            "markercluster": (markercluster.VERSION, Path(markercluster.BASE_DIR))}


def folder(name: str) -> str:
    """The versioned folder of one package under ``vendor/``: ``leaflet-1.9.3``."""
    return f"{name}-{_packages()[name][0]}"


def install_static(static_dir: Path) -> Path:
    """Copy the packaged files under ``static_dir/vendor`` where they are missing or stale; folders of
    versions no longer installed are removed."""
    target = Path(static_dir) / "vendor"
    current = set()
    for name, (_version, source) in _packages().items():
        dest = target / folder(name)
        current.add(dest.name)
        for path in source.rglob("*"):
            if path.is_dir() or path.suffix == ".map":
                continue
            out = dest / path.relative_to(source)
            if not out.exists() or not filecmp.cmp(path, out, shallow=True):
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, out)
    for old in target.iterdir():
        if old.is_dir() and old.name not in current:
            shutil.rmtree(old, ignore_errors=True)
    return target


def _url(name: str, file: str) -> str:
    return f"{URL_PREFIX}/{folder(name)}/{file}"


LEAFLET_JS = [("leaflet", _url("leaflet", "leaflet.js"))]
LEAFLET_CSS = [("leaflet_css", _url("leaflet", "leaflet.css"))]
CLUSTER_JS = [("markerclusterjs", _url("markercluster", "leaflet.markercluster.js"))]
CLUSTER_CSS = [
    ("markerclustercss", _url("markercluster", "MarkerCluster.css")),
    ("markerclusterdefaultcss", _url("markercluster", "MarkerCluster.Default.css")),
]
