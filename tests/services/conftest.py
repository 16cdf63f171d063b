"""The services over the default store, on each backend, called as the ASGI server calls them."""

import dataclasses
import json

import pytest
from starlette.applications import Starlette

from geo import storage
from geo.services.http import Services
from tests.conftest import settings_for
from tests.ui.test_server import call

HOST = {"host": "dash.example.vn"}


@pytest.fixture(params=["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def backend(request, tmp_path):
    """(store, settings) of the default dataset on each backend."""
    cfg = settings_for(tmp_path / "svc.gpkg")
    if request.param == "postgis":
        cfg = dataclasses.replace(cfg, database_url=request.getfixturevalue("postgis_url"))
    return storage.open_store(cfg), cfg


@pytest.fixture
def gpkg_backend(tmp_path):
    cfg = settings_for(tmp_path / "svc.gpkg")
    return storage.open_store(cfg), cfg


def app_of(store, cfg, **changes):
    cfg = dataclasses.replace(cfg, **changes) if changes else cfg
    return Starlette(routes=Services(lambda: store, lambda: cfg).routes())


def get(app, path, headers=None):
    status, head, body = call(app, "GET", path, headers={**HOST, **(headers or {})})
    return status, dict(head), body


def get_json(app, path):
    status, head, body = get(app, path)
    return status, json.loads(body)
