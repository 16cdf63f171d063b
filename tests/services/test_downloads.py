"""Exports by link: the same rows as the Sites page for the same query string, in each of the four files."""

import io
import json

import pandas as pd
import pytest

from geo import storage
from tests.app.helpers import run_page
from tests.conftest import settings_for
from tests.services.conftest import app_of, get

VIEW = {"od": ["276", "277"], "ww": ["none", "unknown"]}


@pytest.fixture
def page_and_service(tmp_path, monkeypatch):
    path = tmp_path / "dl.gpkg"
    monkeypatch.setenv("HANOI_STORE", str(path))
    monkeypatch.setenv("HANOI_TILES", "none")
    cfg = settings_for(path)
    return storage.open_store(cfg), cfg


def _query(view: dict) -> str:
    return "&".join(f"{k}={v}" for k, values in view.items() for v in values)


def test_each_file_holds_exactly_the_rows_the_sites_page_shows(page_and_service):
    store, cfg = page_and_service
    at = run_page("pages/sites.py", params={k: v for k, v in VIEW.items()})
    shown = next(d.value for d in at.dataframe if "Tên" in d.value.columns)["Tên"].tolist()
    assert shown, "the view shows some sites"
    app = app_of(store, cfg)
    status, head, body = get(app, f"/tai-ve/co-so.csv?{_query(VIEW)}")
    assert status == 200 and head["content-type"].startswith("text/csv")
    assert 'filename*=UTF-8' in head["content-disposition"] and head["x-rows"] == str(len(shown))
    text = body.decode("utf-8-sig")
    table = pd.read_csv(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    assert table["Tên"].tolist() == shown
    assert "http://dash.example.vn/danh-sach?" in text and "od=276" in text      # the link that reopens the view
    _, _, xlsx = get(app, f"/tai-ve/co-so.xlsx?{_query(VIEW)}")
    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name=0, skiprows=2)
    assert sheet["Tên"].tolist() == shown
    _, _, geojson = get(app, f"/tai-ve/co-so.geojson?{_query(VIEW)}")
    doc = json.loads(geojson)
    assert [f["properties"]["Tên"] for f in doc["features"]] == shown and doc["metadata"]
    _, _, gpkg = get(app, f"/tai-ve/co-so.gpkg?{_query(VIEW)}")
    import geopandas as gpd

    assert gpd.read_file(io.BytesIO(gpkg), layer="co_so")["Tên"].tolist() == shown


def test_english_and_unknown_parameters(page_and_service):
    store, cfg = page_and_service
    app = app_of(store, cfg)
    status, head, body = get(app, "/tai-ve/co-so.csv?lang=en&kind=ccn&nonsense=1")
    assert status == 200 and head["x-ignored-parameters"] == "nonsense"
    assert "Name" in body.decode("utf-8-sig") and "sites" in head["content-disposition"]
    status, _, body = get(app, "/tai-ve/co-so.pdf")
    assert status == 404 and "csv" in json.loads(body)["description"]
