"""Smoke test of bench/sipri.py: the register it builds is in the real layout and reads whole.

Timings are never asserted here (the figures are in docs/SIPRI.md).
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from armswatch.sipri import read_register

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sipri", ROOT / "bench" / "sipri.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_built_register_reads_whole(tmp_path):
    bench = _bench()
    if not bench.SAMPLE.is_file():
        pytest.skip(f"shared SIPRI sample not found: {bench.SAMPLE}")
    target = tmp_path / "register.csv"
    assert bench.build_register(target, 2000) == 2000
    register = read_register(target)
    assert len(register.rows) == 2000 and register.problems == [] and register.unmapped == {}
    assert register.encoding == "latin-1" and register.version == "13 Mar 2025 10:02:49 AM"
    recipients = Counter(r.recipient for r in register.rows)
    assert recipients["PAK"] == 520 and len(recipients) == 4  # 520 + 520 + 520 + 440
