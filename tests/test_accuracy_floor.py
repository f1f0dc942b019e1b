"""Accuracy floor: each shared gold file must keep the core and full F1 it has reached.

The floors are the figures measured when they were last raised, minus 0.02, so a change that
loses accuracy on any development set fails CI. Raise them when the extractor improves.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold"

# gold file stem -> (core F1 floor, full F1 floor)
FLOORS = {
    "seeds": (0.98, 0.98),
    "headlines-dev": (0.98, 0.98),
    "reddit-dev": (0.64, 0.62),
    "reuters-dev": (0.43, 0.20),
}


@pytest.fixture(scope="module")
def figures():
    if not GOLD.is_dir():
        pytest.skip("needs ../shared/gold")
    result = CliRunner(mix_stderr=False).invoke(main, ["eval", "--gold", str(GOLD), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["files"]


def test_every_gold_file_has_a_floor(figures):
    assert set(figures) <= set(FLOORS), f"gold files without a floor: {set(figures) - set(FLOORS)}"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_file_stays_above_floor(figures, name):
    if name not in figures:
        pytest.skip(f"{name}.jsonl not in ../shared/gold")
    core_floor, full_floor = FLOORS[name]
    got = figures[name]
    assert got["core"]["f1"] >= core_floor, f"{name}: core F1 {got['core']['f1']} < floor {core_floor}"
    assert got["full"]["f1"] >= full_floor, f"{name}: full F1 {got['full']['f1']} < floor {full_floor}"
