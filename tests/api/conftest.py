"""Fixtures of the API tests: the shared seed database and TestClients over it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

import apiweb_seed  # noqa: E402


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    db, extractor = apiweb_seed.seed_database(tmp_path_factory.getbasetemp() / "apiweb-seed")
    from armswatch.api import service

    service.set_extractor(extractor)
    return db


@pytest.fixture(scope="session")
def client(seed_db):
    """A read client over the seed database (its token is TOKEN; tests here do not write)."""
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    with TestClient(create_app(seed_db, token=apiweb_seed.TOKEN)) as c:
        yield c


@pytest.fixture
def write_client(seed_db, tmp_path):
    """A client over a private copy of the seed database, writes enabled with TOKEN."""
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    with TestClient(create_app(apiweb_seed.copy_database(seed_db, tmp_path), token=apiweb_seed.TOKEN)) as c:
        yield c
