"""The package as a whole: its public API, its layers, and the rules of the house."""

import ast

import geo
from tests.conftest import ROOT

#: geo's subpackages, lowest first: a module may import its own package and the ones below it, never one above.
LAYERS = ["language", "errors", "settings", "core", "places", "dataset", "storage", "access", "views", "io", "cli"]


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "geo" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def test_the_public_api_names_what_pages_use():
    for name in ("open_store", "state_as_of", "Filters", "apply_filters", "load_targets", "compute", "card", "DashboardError"):
        assert name in geo.__all__ and hasattr(geo, name)


def test_no_module_of_geo_imports_streamlit():
    for path in (ROOT / "geo").rglob("*.py"):
        assert not [m for m in _imports(path) if m.split(".")[0] in ("streamlit", "streamlit_folium")], path


def test_streamlit_is_imported_only_by_the_router_ui_and_pages():
    allowed = {ROOT / "dashboard.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")}
    for path in ROOT.rglob("*.py"):
        if any(part in ("tests", "scripts", ".git") for part in path.relative_to(ROOT).parts):
            continue
        if any(m.split(".")[0] == "streamlit" for m in _imports(path)):
            assert path in allowed, path


def test_no_import_runs_from_a_lower_layer_back_up():
    for path in (ROOT / "geo").rglob("*.py"):
        rel = path.relative_to(ROOT / "geo")
        own = LAYERS.index(rel.parts[0].removesuffix(".py")) if rel.parts[0].removesuffix(".py") in LAYERS else None
        if own is None:  # geo/__init__.py and geo/__main__.py stand above everything
            continue
        for module in _imports(path):
            layer = _layer(module)
            assert layer is None or layer <= own, f"{rel} imports {module}"


def test_the_router_is_short():
    assert len((ROOT / "dashboard.py").read_text(encoding="utf-8").splitlines()) <= 150


def test_every_module_of_geo_has_its_test_file():
    """tests/ mirrors geo/: geo/core/filters.py is tested in tests/core/test_filters.py; a package's own
    code (its __init__.py, when it defines something) in tests/<package>/test_<package>.py."""
    missing = []
    for path in sorted((ROOT / "geo").rglob("*.py")):
        rel = path.relative_to(ROOT / "geo")
        if path.name == "__main__.py":
            continue
        if path.name == "__init__.py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in tree.body):
                continue
            name = rel.parent.name or "geo"
            expected = ROOT / "tests" / rel.parent / f"test_{name}.py"
        else:
            expected = ROOT / "tests" / rel.parent / f"test_{path.stem}.py"
        if not expected.is_file():
            missing.append(str(expected.relative_to(ROOT)))
    assert missing == []
