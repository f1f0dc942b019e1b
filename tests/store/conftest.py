"""Fixtures of the store tests.

``store_url`` yields an SQLite file under ``tmp_path`` and, when
``ARMSWATCH_TEST_PG`` holds a PostgreSQL URL (see
``scripts/start-test-postgres.sh``), a fresh schema on that server as well;
without it the PostgreSQL runs are skipped. ``fresh_store`` is a store
opened (and migrated) on ``store_url``.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from sqlalchemy import create_engine, make_url, text

from armswatch.store import Store, open_store
from armswatch.store.engine import resolve_url

PG_ENV = "ARMSWATCH_TEST_PG"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store_url(request, tmp_path):
    """An empty database: SQLite always, PostgreSQL when $ARMSWATCH_TEST_PG is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set (scripts/start-test-postgres.sh starts a server)")
    schema = f"armswatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(resolve_url(base)).update_query_dict(
            {"options": f"-csearch_path={schema}"}
        )
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text("SET lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def fresh_store(store_url) -> Store:
    """A new, migrated, empty store."""
    store = open_store(store_url)
    yield store
    store.close()
