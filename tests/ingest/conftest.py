"""Fixtures of the ingest tests.

Every fixture file is written into ``tmp_path`` by the test itself, so the
tests need nothing from outside the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from ingest_helpers import warc_bytes


@pytest.fixture
def make_warc(tmp_path):
    """Write a WARC (gzipped or not) into tmp_path and return its path as str."""

    def _make(name: str, records: list[tuple[str, str, str, bytes]], gzip: bool) -> str:
        path = tmp_path / name
        path.write_bytes(warc_bytes(records, gzip=gzip))
        return str(path)

    return _make


@pytest.fixture
def web():
    """A loopback HTTP server (127.0.0.1, random port) whose routes the test sets."""
    from web_server import TestServer

    server = TestServer()
    yield server
    server.close()
