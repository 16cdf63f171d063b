"""What the import tests share: a department's spreadsheet, a store, and a plan of a file."""

import datetime as dt

import pandas as pd
import pytest

from geo import storage as store
from geo.access import auth
from geo.core import history
from geo.io import importing
from tests.conftest import settings_for
from tests.fixtures.make_department_xlsx import build as build_department_xlsx

ADMIN = auth.User("admin", "Quản trị", "admin")
INSPECTOR = auth.User("thanh", "Trần Thanh", "inspector")


@pytest.fixture(scope="module")
def dept_xlsx(tmp_path_factory):
    return build_department_xlsx(tmp_path_factory.mktemp("x") / "ccn.xlsx").read_bytes()


@pytest.fixture
def s(tmp_path):
    return store.open_store(settings_for(tmp_path / "imp.gpkg"))


def plan_of(s, name, data, b=None, **opts):
    raw = importing.read_upload(name, data)
    o = importing.Options(opts.pop("mapping", None) or importing.auto_mapping(raw.headers),
                          kind=opts.pop("kind", importing.infer_kind(raw.headers)), status_date="2026-10-15",
                          source=opts.pop("source", "Sở Công Thương, BC 123/BC-SCT"), **opts)
    cand, problems, statuses = importing.candidates(raw, o, b)
    sites = s.read_site_table()
    state = history.state_as_of(sites, s.read_history(), dt.date(2026, 10, 15))
    return importing.plan(sites, state, cand, problems, statuses, o, "admin", b.city.geometry.iloc[0] if b is not None else None)


def one_row():
    return pd.DataFrame({"Mã": ["new-1"], "Tên": ["CCN Thử nghiệm"], "Loại hình": ["Cụm công nghiệp"],
                         "Quận/huyện": ["Huyện Gia Lâm"], "Kinh độ": [105.95], "Vĩ độ": [21.01]})


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where the code page has the letter, else base + tone mark."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        parts = nfd[0] + "".join(sorted(nfd[1:], key=lambda m: m not in "\u0302\u0306\u031b"))  # â ă ơ ư first
        for cut in range(len(parts), 0, -1):
            try:
                out += unicodedata.normalize("NFC", parts[:cut]).encode("cp1258") + parts[cut:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out
