"""Leaflet and its plugins served from installed packages, never from a CDN.

Streamlit serves ``static/`` at ``/app/static/`` when ``server.enableStaticServing`` is
on; the files are copied there from the ``xstatic-*`` packages at start-up (the copy is
not committed).
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

URL_PREFIX = "/app/static/vendor"


def _packages() -> dict[str, Path]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    return {"leaflet": Path(leaflet.BASE_DIR), "markercluster": Path(markercluster.BASE_DIR)}


def install_static(static_dir: Path) -> Path:
    """Copy the packaged files under ``static_dir/vendor`` where they are missing or stale."""
    target = Path(static_dir) / "vendor"
    for name, source in _packages().items():
        dest = target / name
        for path in source.rglob("*"):
            if path.is_dir() or path.suffix == ".map":
                continue
            out = dest / path.relative_to(source)
            if not out.exists() or not filecmp.cmp(path, out, shallow=True):
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, out)
    return target


LEAFLET_JS = [("leaflet", f"{URL_PREFIX}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{URL_PREFIX}/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{URL_PREFIX}/markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", f"{URL_PREFIX}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{URL_PREFIX}/markercluster/MarkerCluster.Default.css"),
]
