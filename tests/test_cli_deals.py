"""The deal, dyad, export and reconcile commands through click's runner, a fresh database per test."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "link"))

from link_helpers import put_world  # noqa: E402

from armswatch.cli import main  # noqa: E402
from armswatch.export import CAMEO_COLUMNS, DEAL_SCHEMA, EVENT_SCHEMA, REGISTER_COLUMNS  # noqa: E402
from armswatch.store import open_store  # noqa: E402

COMMANDS = ["link", "deals", "deal", "dyad", "export", "reconcile"]


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture()
def db(tmp_path):
    """A fresh database holding the invented WORLD reports (not yet linked)."""
    path = str(tmp_path / "cli.db")
    with open_store(path) as store:
        put_world(store)
    return path


@pytest.fixture()
def linked(runner, db):
    result = runner.invoke(main, ["link", "--db", db])
    assert result.exit_code == 0, result.stderr
    return db


def _ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    result = _ok(runner.invoke(main, [command, "--help"]))
    assert "--db" in result.stdout


def test_link_reports_and_is_idempotent(runner, db):
    first = _ok(runner.invoke(main, ["link", "--db", db])).stdout
    assert first.startswith("4 deals (4 new, 0 updated, 0 removed); 2 contested")
    second = _ok(runner.invoke(main, ["link", "--db", db])).stdout
    assert second.startswith("4 deals (0 new, 0 updated, 0 removed); 2 contested; 0 dyads")


def test_the_database_can_come_from_the_environment(runner, db, monkeypatch):
    monkeypatch.setenv("ARMSWATCH_DB", db)
    _ok(runner.invoke(main, ["link"]))
    assert "RUS>PAK>AK>2019" in _ok(runner.invoke(main, ["deals"])).stdout


def test_deals_table_filters_and_json(runner, linked):
    table = _ok(runner.invoke(main, ["deals", "--db", linked])).stdout
    assert "RUS>PAK>Mi-24/35>2015" in table and "delivered" in table
    contested = _ok(runner.invoke(main, ["deals", "--db", linked, "--contested"])).stdout
    assert "FRA>EGY>Rafale>2021" in contested and "RUS>PAK>AK>2019" not in contested
    rejected = _ok(runner.invoke(main, ["deals", "--db", linked, "--status", "rejected", "--format", "json"])).stdout
    assert [d["deal_key"] for d in json.loads(rejected)] == ["RUS>PAK>AK>2019"]
    by_weapon = json.loads(_ok(runner.invoke(main, ["deals", "--db", linked, "--weapon", "rafale", "--format", "json"])).stdout)
    assert [d["deal_key"] for d in by_weapon] == ["FRA>EGY>Rafale>2021"]
    assert by_weapon[0]["conflicts"][0]["field"] == "quantity"
    party = json.loads(_ok(runner.invoke(main, ["deals", "--db", linked, "--party", "IND", "--format", "json"])).stdout)
    assert [d["deal_key"] for d in party] == ["RUS>IND>S-400>2021"]
    none = _ok(runner.invoke(main, ["deals", "--db", linked, "--supplier", "USA"])).stdout
    assert "(no deals)" in none


def test_deal_shows_the_timeline_with_evidence_sources_and_conflicts(runner, linked):
    [deal] = json.loads(_ok(runner.invoke(main, ["deals", "--db", linked, "--weapon", "rafale", "--format", "json"])).stdout)
    text = _ok(runner.invoke(main, ["deal", str(deal["id"]), "--db", linked])).stdout
    assert "FRA>EGY>Rafale>2021" in text and "CONTESTED" in text
    assert "A defence weekly put the size of the Egyptian Rafale order at 24 jets." in text
    assert "https://news.example/eg-2" in text
    assert "AGREEMENT quantity: 20 (eg-1 <https://news.example/eg-1>); 24 (eg-2 <https://news.example/eg-2>)" in text
    heli = _ok(runner.invoke(main, ["deal", "RUS>PAK>Mi-24/35>2015", "--db", linked])).stdout
    lines = [ln.split()[1] for ln in heli.splitlines() if ln.startswith("  ") and len(ln.split()) > 1
             and ln.split()[1] in ("NEGOTIATION", "AGREEMENT", "DELIVERY")]
    assert lines == ["NEGOTIATION", "AGREEMENT", "DELIVERY"]
    as_json = json.loads(_ok(runner.invoke(main, ["deal", str(deal["id"]), "--db", linked, "--format", "json"])).stdout)
    assert [c["quantity"] for c in as_json["claims"]] == [20, 24]
    missing = runner.invoke(main, ["deal", "999", "--db", linked])
    assert missing.exit_code == 1 and "no deal" in missing.stderr


def test_dyad_shows_embargo_periods_deals_and_events(runner, linked):
    text = _ok(runner.invoke(main, ["dyad", "rus", "pak", "--db", linked])).stdout
    assert "dyad RUS -> PAK" in text
    assert "lifted, date unknown" in text
    assert "RUS>PAK>AK>2019" in text and "EMBARGO_LIFTED" in text
    eu = _ok(runner.invoke(main, ["dyad", "EU", "CHN", "--db", linked, "--year", "2001"])).stdout
    assert "1989 .. in force" in eu and "embargo in 2001: in force" in eu
    obj = json.loads(_ok(runner.invoke(main, ["dyad", "EU", "CHN", "--db", linked, "--year", "1980", "--format", "json"])).stdout)
    assert obj["embargo_periods"][0]["since"] == 1989
    assert obj["embargo_in_force"] == {"year": 1980, "in_force": False}


def test_export_every_format(runner, linked, tmp_path):
    out = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "jsonl"])).stdout
    assert len(out.splitlines()) == 12 and json.loads(out.splitlines()[0])["doc_id"] == "eg-1"

    csv_out = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "csv", "--what", "deals"])).stdout
    assert next(csv.reader(io.StringIO(csv_out))) == DEAL_SCHEMA.names

    target = tmp_path / "events.parquet"
    result = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "parquet", "-o", str(target)]))
    assert "12 events exported" in result.stderr
    assert pq.read_table(target).schema.equals(EVENT_SCHEMA)

    stdout_parquet = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "parquet", "--what", "deals"]))
    assert pq.read_table(io.BytesIO(stdout_parquet.stdout_bytes)).schema.equals(DEAL_SCHEMA)

    sipri = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "sipri"])).stdout
    assert next(csv.reader(io.StringIO(sipri))) == REGISTER_COLUMNS

    cameo = _ok(runner.invoke(main, ["export", "--db", linked, "--format", "cameo", "-o", str(tmp_path / "c.tsv")]))
    header = (tmp_path / "c.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == CAMEO_COLUMNS and "11 events exported" in cameo.stderr


def test_reconcile_command(runner, linked, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "Recipient,Supplier,Year of order,Number ordered,Weapon designation,Weapon description,"
        "Number delivered,Year(s) of delivery,status,Comments\n"
        "Pakistan,Russia,2015,6,Mi-35M,combat helicopter,6,2017,,\n"
        "Peru,Russia,2013,24,Mi-171Sh,transport helicopter,24,2014; 2015,,\n",
        encoding="utf-8",
    )
    text = _ok(runner.invoke(main, ["reconcile", str(register), "--db", linked])).stdout
    assert "matched     RUS>PAK>Mi-24/35>2015" in text
    assert "differs on number ordered: news 4 / SIPRI 6" in text
    assert "RUS>PER" not in text  # not a dyad of the news: out of scope
    assert "only news   FRA>EGY>Rafale>2021" in text
    assert text.rstrip().splitlines()[-1].startswith("1 matched (1 differing: number ordered 1, number delivered 1)")
    everything = _ok(runner.invoke(main, ["reconcile", str(register), "--db", linked, "--scope", "all"])).stdout
    assert "only SIPRI  RUS>PER line 3: 2013 Mi-171Sh" in everything
    report = json.loads(_ok(runner.invoke(main, ["reconcile", str(register), "--db", linked, "--format", "json",
                                                 "--scope", "all"])).stdout)
    assert report["counts"]["matched"] == 1 and report["counts"]["only_sipri"] == 1
    lines = _ok(runner.invoke(main, ["reconcile", str(register), "--db", linked, "--format", "jsonl"]))
    assert [json.loads(x)["outcome"] for x in lines.stdout.splitlines()].count("matched") == 1
    assert "1 matched" in lines.stderr
    table = _ok(runner.invoke(main, ["reconcile", str(register), "--db", linked, "--format", "csv"])).stdout
    assert next(csv.reader(io.StringIO(table)))[0] == "outcome"
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = runner.invoke(main, ["reconcile", str(bad), "--db", linked])
    assert refused.exit_code == 1 and "Supplier and Recipient" in refused.stderr
    none = runner.invoke(main, ["reconcile", "--db", linked])
    assert none.exit_code == 1 and "sipri import" in none.stderr
