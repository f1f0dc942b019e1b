"""Fixtures of the reliability tests, and the tally they print at the end.

Each test adds what it tried to ``TALLY`` (bad inputs, faults injected, rows
checked); the totals are printed in pytest's terminal summary so a CI log
shows them.
"""

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

from reliability_helpers import ARMSWATCH, TALLY  # noqa: E402


@pytest.fixture(scope="session")
def armswatch_bin() -> Path:
    """The installed ``armswatch`` command (the subprocess tests run it)."""
    if not ARMSWATCH.exists():
        pytest.skip(f"{ARMSWATCH} not found: run ./setup.sh first")
    return ARMSWATCH


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    if any(TALLY.values()):
        parts = ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in TALLY.items())
        terminalreporter.write_line(f"reliability tally: {parts}")
