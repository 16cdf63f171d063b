import pytest

from geo import storage as store
from geo.access import auth, recording
from geo.core import history, plan_tasks
from geo.errors import DashboardError
from geo.settings import DEFAULTS
from tests.conftest import change, make_sites


def test_plan_305_tasks_load_with_unknown_status_and_their_source():
    tasks = plan_tasks.load_tasks(DEFAULTS.tasks_file)
    assert len(tasks) == 7 and set(tasks["status"]) == {"unknown"}
    assert all(tasks["source"].str.contains("mục II."))


def test_checklist_counts_only_what_the_dashboard_holds(tmp_path):
    sites = make_sites([{"site_id": "c1", "name": "CCN Một", "kind": "ccn", "lon": 105.8, "lat": 21.0},
                        {"site_id": "v1", "name": "Làng", "kind": "lang_nghe", "lon": 105.9, "lat": 21.0}])
    store.write_geopackage(tmp_path / "t.gpkg", sites, history.to_frame([change("c1", "ww_status", "none", "2021-01-01")]), {})
    s = store.GeoPackageStore(tmp_path / "t.gpkg")
    u = auth.User("a", "", "inspector")
    recording.record_inspection(s, u, "c1", "2024-05-01", "Sở Công Thương", "A", "Kiểm tra định kỳ")
    recording.record_inspection(s, u, "c1", "2025-05-01", "Sở Công Thương", "A", "Kiểm tra định kỳ")
    table = plan_tasks.checklist(plan_tasks.load_tasks(DEFAULTS.tasks_file), sites, s.read_inspections(), "en").set_index("number")
    assert table.loc["II.6", "evidence"] == "1 inspection report(s) recorded for 2024"
    assert table.loc["II.2", "evidence"] == "1 clusters listed in this dashboard"
    assert table.loc["II.1", "status"] == "Unknown (no public report)"


def test_a_task_without_a_known_status_is_refused(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text('[[task]]\nplan="x"\nnumber="1"\ntext_vi="a"\ntext_en="a"\nlead_vi="a"\nlead_en="a"\nperiod="2024"\n'
                   'status="probably"\nsource="s"\n', encoding="utf-8")
    with pytest.raises(DashboardError, match="unknown status"):
        plan_tasks.load_tasks(bad)
