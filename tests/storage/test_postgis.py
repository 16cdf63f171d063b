"""PostGIS specifics: connection errors without the password, and the advisory write lock."""

import pytest

from geo.core import history
from geo.errors import StoreError
from geo.storage import postgis
from tests.storage.conftest import FIRST, SITES


def test_a_bad_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="Cannot connect") as info:
        postgis.PostGISStore("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)


def test_plain_postgres_urls_use_psycopg_3():
    assert postgis._driver_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert postgis._driver_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert postgis._safe("postgresql://u:secret@h/db") == "postgresql+psycopg://u:***@h/db"


@pytest.mark.postgis
def test_a_write_takes_the_one_advisory_lock_every_instance_shares(postgis_url):
    s = postgis.create_postgis(postgis_url, SITES, history.to_frame(FIRST), {"data_version": "v0"})
    with s._write() as conn:
        held = conn.exec_driver_sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s" % postgis.WRITE_LOCK).scalar()
    assert held == 1
