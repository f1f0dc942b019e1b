"""Fixtures of the linking tests.

``store`` is a new, migrated, empty store: an SQLite file under tmp_path, and,
when ``ARMSWATCH_TEST_PG`` holds a PostgreSQL URL (``scripts/start-test-postgres.sh``
starts a server), also a fresh schema on that server; without it the
PostgreSQL runs are skipped.
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

from armswatch.store import open_store
from armswatch.store.engine import resolve_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A new, migrated, empty store."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "link.db"))
        yield s
        s.close()
        return
    base = os.environ.get("ARMSWATCH_TEST_PG")
    if not base:
        pytest.skip("ARMSWATCH_TEST_PG not set")
    schema = f"armswatch_link_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(resolve_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    s = open_store(url.render_as_string(hide_password=False))
    try:
        yield s
    finally:
        s.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
