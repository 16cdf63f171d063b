"""Every export of the Sites page imports back as "unchanged", hostile names included, on both backends."""

import datetime as dt
import json

import pandas as pd
import pytest
from shapely.affinity import translate

from geo import storage as store
from geo.io import exports
from geo.language import text
from geo.views import tables
from tests.conftest import settings_for
from tests.io.importing.conftest import plan_of

#: Names a spreadsheet would run, markup a page would render, quotes and separators a CSV must carry.
HOSTILE = ['=HYPERLINK("http://evil.example/x","Bấm")', "+84 CCN Cộng", "-CCN Trừ", "@CCN A còng", "\tCCN Tab đầu",
           "CCN **đậm** :red[đỏ] ![x](http://evil.example/x.png) $x^2$", '<b>CCN</b> & "ngoặc" ; phẩy, chấm\nxuống dòng',
           "=1+1", "CCN Bát Tràng 1.250,5 ha"]
DAY = dt.date(2026, 10, 15)


@pytest.fixture(params=["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def built(request, tmp_path):
    """The default store on each backend, with sites whose names are hostile (copies of real ones, moved a little)."""
    cfg = settings_for(tmp_path / "rt.gpkg")
    if request.param == "postgis":
        import dataclasses

        cfg = dataclasses.replace(cfg, database_url=request.getfixturevalue("postgis_url"))
    s = store.open_store(cfg)
    sites = s.read_site_table()
    copies = sites.iloc[: len(HOSTILE)].copy()
    copies["site_id"] = [f"hostile-{i}" for i in range(len(HOSTILE))]
    copies["name"] = HOSTILE
    copies["notes"] = [f"ghi chú {n}" for n in reversed(HOSTILE)]
    copies["geometry"] = [translate(g, 0.0013 * (i + 1), 0.0007) for i, g in enumerate(copies.geometry)]
    record = {"import_id": "hostile", "kind": "import", "filename": "test", "source": "test", "imported_by": "admin",
              "imported_at": "2026-10-01T00:00:00+00:00", "created": json.dumps(list(copies["site_id"])), "updated_before": "",
              "change_ids": "[]", "reverts": "", "summary": "{}"}
    s.apply_import(record, copies, pd.DataFrame())
    return s


def test_every_export_imports_back_unchanged_with_hostile_names(built, boundaries):
    state = built.read_sites(DAY)
    assert set(HOSTILE) <= set(state["name"])
    table = tables.display_table(state, "vi", screen=False)
    meta = exports.metadata("vi", DAY, {}, "http://x/", True, len(state))
    files = {"csv": exports.to_csv(table, meta), "xlsx": exports.to_xlsx(table, meta),
             "geojson": exports.to_geojson(state, table, meta), "gpkg": exports.to_gpkg(state, table, meta)}
    for fmt, data in files.items():
        plan = plan_of(built, f"export.{fmt}", data, boundaries, source="round trip")
        assert plan.ok, (fmt, [p.text() for p in plan.problems[:5]])
        moved = plan.rows[plan.rows["action"] != "unchanged"]
        assert moved.empty, (fmt, moved.head().to_dict("records"))
        assert plan.changes.empty and plan.sites.empty, fmt
        assert len(plan.rows) == len(state), fmt                 # every row read, none lost or added (no header as a site)
        # Read back as the same text (white space collapsed, as every import of a name does).
        assert {text.nfc(n) for n in HOSTILE} <= set(plan.rows["name"]), fmt
