"""Fixtures of the clean tests (texts and seed paths live in clean_helpers)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from clean_helpers import STORY


@pytest.fixture
def story() -> str:
    """A plain-text English article with a title line."""
    return STORY
