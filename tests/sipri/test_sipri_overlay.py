"""Register designations extend weapon recognition for the run, without editing the shipped catalog."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sipri_helpers import register_text

from armswatch.extract.resources import weapon_entries
from armswatch.extract.weapons import find_weapons
from armswatch.sipri import import_register
from armswatch.sipri.overlay import apply_overlay, clear_overlay, overlay_entries
from armswatch.sipri.register import parse_register

ROWS = [
    "Pakistan,China,2019,,6,,QX-417,SAM system,6,,2021,New,,,,",
    "Pakistan,China,2020,,2,,QX-417,mobile SAM system,2,,2022,New,,,,",
    "Pakistan,Russia,2015,,4,,Mi-35M,tank,4,,2018,New,,,,",           # in the catalog: the catalog wins
    "Pakistan,Switzerland,2014,,6,,Skyguard,fire control radar,6,,2016,New,,,,",   # a plain word: left out
    "Pakistan,unknown supplier(s),2022,,8,,ship engine,ship engine,2,,2024,New,,,,",
]
SENTENCE = "Pakistan took delivery of six QX-417 launchers and four Mi-35M helicopters."


@pytest.fixture(autouse=True)
def _no_overlay_left():
    yield
    clear_overlay()


def test_overlay_entries_take_new_designations_only():
    entries = overlay_entries(parse_register(register_text(ROWS)).rows)
    assert [(e.designation, e.family, e.category, e.origin) for e in entries] == [
        ("QX-417", "QX-417", "air-defence", "CHN")]


def test_applied_overlay_is_recognised_and_cleared(store, tmp_path):
    shipped = len(weapon_entries())
    assert [w.designation for w in find_weapons(SENTENCE)] == ["Mi-35M"]
    path = tmp_path / "reg.csv"
    path.write_text(register_text(ROWS), encoding="utf-8")
    import_register(store, path)
    assert apply_overlay(store) == 1
    found = {w.designation: w for w in find_weapons(SENTENCE)}
    assert found["QX-417"].category == "air-defence" and found["QX-417"].origin == "CHN"
    assert found["Mi-35M"].category == "helicopters"
    assert len(weapon_entries()) == shipped + 1
    clear_overlay()
    assert [w.designation for w in find_weapons(SENTENCE)] == ["Mi-35M"] and len(weapon_entries()) == shipped


@pytest.mark.slow
def test_run_extracts_a_register_designation(_seeds_db, tmp_path):
    import shutil

    db = tmp_path / "run.db"
    shutil.copy(_seeds_db, db)
    path = tmp_path / "reg.csv"
    path.write_text(register_text(ROWS), encoding="utf-8")
    article = tmp_path / "qx.txt"
    article.write_text("China delivers air defence to Pakistan\n\nChina delivered six QX-417 air defence "
                       "systems to Pakistan in 2021, the army said.\n", encoding="utf-8")
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(main_cli(), ["sipri", "import", str(path), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main_cli(), ["run", str(article), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "QX-417" in result.stdout and "air-defence" in result.stdout


def main_cli():
    from armswatch.cli import main

    return main
