"""Fixtures of the SIPRI tests: fresh stores, small registers written here, and the shared sample.

Tests on ``../shared/samples/`` are skipped when it is absent; its text is
read from there, never copied into the project.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

# The story builders are shared with the linking tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "link"))

from armswatch.store import open_store  # noqa: E402
from sipri_helpers import SAMPLE, SEEDS  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "sipri.db"))
    yield s
    s.close()


@pytest.fixture
def sample():
    if not SAMPLE.is_file():
        pytest.skip(f"shared SIPRI sample not found: {SAMPLE}")
    return SAMPLE


@pytest.fixture(scope="session")
def _seeds_db(tmp_path_factory):
    if len(sorted(SEEDS.glob("*.txt"))) < 2:
        pytest.skip(f"seed articles not found in {SEEDS}")
    try:
        from armswatch.extract.pipeline import Extractor
    except (ImportError, OSError) as exc:  # model or data files missing
        pytest.skip(f"extractor not available: {exc}")
    from armswatch.jobs import extract_stored, ingest
    from armswatch.link import link_store

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with open_store(str(path)) as s:
        ingest(s, [str(SEEDS)])
        extract_stored(s, Extractor())
        link_store(s)
    return path


@pytest.fixture
def seeds_store(_seeds_db, tmp_path):
    """A store of the two seed articles, extracted and linked (a copy per test)."""
    path = tmp_path / "seeds.db"
    shutil.copy(_seeds_db, path)
    s = open_store(str(path))
    yield s
    s.close()
