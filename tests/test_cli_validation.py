"""Filters typed on the command line and in the API go through armswatch.lookup: names work, typos are errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "link"))

from link_helpers import put_world  # noqa: E402

from armswatch.cli import main  # noqa: E402
from armswatch.store import open_store  # noqa: E402


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture()
def linked(runner, tmp_path):
    path = str(tmp_path / "v.db")
    with open_store(path) as store:
        put_world(store)
    assert runner.invoke(main, ["link", "--db", path]).exit_code == 0
    return path


def _events(runner, db, *args):
    result = runner.invoke(main, ["events", "--db", db, "--format", "jsonl", *args])
    return result, [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_a_party_given_by_name_or_in_lower_case_finds_the_same_events(runner, linked):
    _, by_code = _events(runner, linked, "--party", "EGY")
    assert by_code and all("EGY" in (e["supplier"], e["recipient"]) for e in by_code)
    for typed in ("egy", "Egypt", "Cairo"):
        result, rows = _events(runner, linked, "--party", typed)
        assert result.exit_code == 0 and rows == by_code


def test_event_type_in_any_case(runner, linked):
    _, upper = _events(runner, linked, "--type", "AGREEMENT")
    _, lower = _events(runner, linked, "--type", "agreement")
    assert upper and lower == upper and all(e["type"] == "AGREEMENT" for e in upper)


@pytest.mark.parametrize("args, names", [
    (["events", "--party", "Egpyt"], ["--party", "EGY"]),
    (["events", "--type", "AGREMENT"], ["--type", "AGREEMENT"]),
    (["events", "--modality", "asserteed"], ["--modality", "asserted"]),
    (["deals", "--status", "deliverd"], ["--status", "delivered"]),
    (["dyad", "FRAA", "EGY"], ["SUPPLIER", "FRA"]),
])
def test_a_mistyped_filter_is_a_usage_error_that_says_what_was_meant(runner, linked, args, names):
    result = runner.invoke(main, [*args, "--db", linked])
    assert result.exit_code == 2, result.stdout
    assert "did you mean" in result.stderr
    for name in names:
        assert name in result.stderr


def test_the_api_resolves_names_and_refuses_unknown_parties(runner, linked):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    with TestClient(create_app(linked)) as client:
        by_code = client.get("/api/deals", params={"party": "EGY"}).json()
        by_name = client.get("/api/deals", params={"party": "egypt"}).json()
        assert by_code["items"] and by_name == by_code
        assert client.get("/api/deals", params={"status": "AGREED"}).status_code == 200
        bad = client.get("/api/deals", params={"party": "Egpyt"})
        assert bad.status_code == 422
        assert "party" in bad.text and "did you mean" in bad.text and "EGY" in bad.text


@pytest.mark.parametrize("command", [["events"], ["deals"], ["dyad", "FRA", "EGY"], ["show", "x"], ["export", "--format", "csv"]])
def test_a_read_command_refuses_a_database_that_does_not_exist(runner, tmp_path, command):
    missing = tmp_path / "nope" / "x.db"
    result = runner.invoke(main, [*command, "--db", str(missing)])
    assert result.exit_code == 1
    assert "no database at" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not missing.parent.exists()


def test_a_missing_input_among_good_ones_exits_1_after_storing_the_rest(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Peru has signed a contract with Russia for six Mi-171 helicopters.\n", encoding="utf-8")
    db = str(tmp_path / "i.db")
    result = runner.invoke(main, ["ingest", str(good), str(tmp_path / "nope.jsonl"), "--db", db])
    assert result.exit_code == 1
    assert "1 new" in result.stderr
    with open_store(db) as store:
        assert store.count_documents() == 1


def test_a_weapon_with_spaces_or_no_punctuation_finds_the_designation_and_its_variants(runner, linked):
    _, by_name = _events(runner, linked, "--weapon", "Mi-35")
    assert {e["weapon"] for e in by_name} == {"Mi-35", "Mi-35M"}
    for typed in ("Mi 35", "mi35", "MI-35"):
        result, rows = _events(runner, linked, "--weapon", typed)
        assert result.exit_code == 0 and rows == by_name


def test_an_unknown_weapon_is_a_usage_error_with_suggestions(runner, linked):
    result = runner.invoke(main, ["events", "--db", linked, "--weapon", "Rafalle"])
    assert result.exit_code == 2 and "did you mean" in result.stderr and "Rafale" in result.stderr
    result = runner.invoke(main, ["deals", "--db", linked, "--weapon", "Rafalle"])
    assert result.exit_code == 2 and "Rafale" in result.stderr


def test_python_m_armswatch_cli_is_the_armswatch_command():
    import subprocess

    out = subprocess.run([sys.executable, "-m", "armswatch.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "events" in out.stdout and "reconcile" in out.stdout
