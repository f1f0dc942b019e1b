"""Every listing command takes --format table|json|jsonl|csv; machine output is complete unless --limit;
a cut table says so (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "link"))

from link_helpers import event, put, put_world  # noqa: E402

from armswatch.cli import main  # noqa: E402
from armswatch.store import open_store  # noqa: E402

N = 230  # more than a table shows by default (200)


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("formats") / "many.db")
    with open_store(path) as store:
        text = " ".join(f"France sold {i} Rafale jets to Egypt." for i in range(N))
        put(store, "many-1", text, [event("many-1", "AGREEMENT", "FRA", "EGY", weapon="Rafale", category="aircraft",
                                          quantity=i + 1, year=2000 + i % 20) for i in range(N)])
    return path


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("formats") / "world.db")
    with open_store(path) as store:
        put_world(store)
    assert CliRunner().invoke(main, ["link", "--db", path]).exit_code == 0
    return path


def _ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    return result.stdout


def test_machine_output_is_complete_and_the_table_says_what_it_cut(runner, many):
    lines = _ok(runner.invoke(main, ["events", "--db", many, "--format", "jsonl"])).splitlines()
    assert len(lines) == N
    assert len(json.loads(_ok(runner.invoke(main, ["events", "--db", many, "--format", "json"])))) == N
    rows = list(csv.DictReader(io.StringIO(_ok(runner.invoke(main, ["events", "--db", many, "--format", "csv"])))))
    assert len(rows) == N and rows[0]["supplier"] == "FRA"
    table = _ok(runner.invoke(main, ["events", "--db", many]))
    assert f"showing 200 of {N}" in table
    assert len(_ok(runner.invoke(main, ["events", "--db", many, "--format", "jsonl", "--limit", "5"])).splitlines()) == 5
    assert "showing" not in _ok(runner.invoke(main, ["events", "--db", many, "--limit", "5"]))


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "JSON"])
@pytest.mark.parametrize("args", [["deals"], ["deal", "1"], ["dyad", "RUS", "PAK"], ["events"]])
def test_every_listing_command_takes_every_format(runner, linked, args, fmt):
    out = _ok(runner.invoke(main, [*args, "--db", linked, "--format", fmt]))
    fmt = fmt.lower()
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in out.splitlines())
    elif fmt == "csv":
        assert list(csv.DictReader(io.StringIO(out)))


def test_show_takes_json_and_csv(runner, tmp_path):
    db = str(tmp_path / "show.db")
    with open_store(db) as store:
        put(store, "doc-1", "France sold 24 Rafale jets to Egypt.", [event("doc-1", "AGREEMENT", "FRA", "EGY",
                                                                          weapon="Rafale", quantity=24)])
    doc = json.loads(_ok(runner.invoke(main, ["show", "doc-1", "--db", db, "--format", "json"])))
    assert doc["doc_id"] == "doc-1" and doc["events"][0]["weapon"] == "Rafale" and "Rafale" in doc["text"]
    rows = list(csv.DictReader(io.StringIO(_ok(runner.invoke(main, ["show", "doc-1", "--db", db, "--format", "csv"])))))
    assert rows[0]["recipient"] == "EGY"


def test_deals_csv_is_flat_records(runner, linked):
    rows = list(csv.DictReader(io.StringIO(_ok(runner.invoke(main, ["deals", "--db", linked, "--format", "csv"])))))
    assert rows and {"id", "deal_key", "status", "supplier", "recipient"} <= set(rows[0])
