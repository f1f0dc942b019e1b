"""Fixtures of the export tests: a store holding the invented WORLD of the linking tests, linked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

# The story builders are shared with the linking tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "link"))

from link_helpers import put_world  # noqa: E402

from armswatch.link import link_store  # noqa: E402
from armswatch.store import open_store  # noqa: E402


@pytest.fixture
def world(tmp_path):
    """A store with every WORLD document, linked."""
    store = open_store(str(tmp_path / "export.db"))
    put_world(store)
    link_store(store)
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path):
    store = open_store(str(tmp_path / "empty.db"))
    yield store
    store.close()
