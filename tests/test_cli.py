"""The CLI through click's runner: the extract contract, run, ingest idempotence, events, show, eval."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
CONTRACT_FIELDS = {"doc_id", "type", "supplier", "recipient", "weapon", "category", "quantity", "quantity_qualifier",
                   "value", "year", "year_end", "modality", "attribution", "evidence"}


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "test.db")


def test_extract_jsonl_contract(runner, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a1", "title": "Deal", "text": "Greece received two Rafale jets from France in 2021.", "published": "2021-08-01"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "a2", "text": "The weather was fine on Sunday."}) + "\n",
        encoding="utf-8")
    result = runner.invoke(main, ["extract", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(l) for l in result.stdout.splitlines()]
    assert len(lines) == 1
    ev = lines[0]
    assert set(ev) == CONTRACT_FIELDS
    assert (ev["doc_id"], ev["type"], ev["supplier"], ev["recipient"], ev["quantity"], ev["year"]) == ("a1", "DELIVERY", "FRA", "GRC", 2, 2021)
    assert set(ev["evidence"]) == {"text", "start", "end"}
    assert "line 2" in result.stderr or "#2" in result.stderr


def test_extract_file_doc_id_is_path_as_given(runner, tmp_path):
    f = tmp_path / "one.txt"
    f.write_text("Norway will transfer three M270 rocket launchers to Ukraine.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(f)])
    assert result.exit_code == 0
    (ev,) = [json.loads(l) for l in result.stdout.splitlines()]
    assert ev["doc_id"] == str(f) and ev["modality"] == "planned" and ev["quantity"] == 3


def test_unreadable_input_reported_and_rest_processed(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Spain delivered four Leopard 2 tanks to Ukraine.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(tmp_path / "missing.txt"), str(good)])
    # Exit 1: an input could not be read; the rest was still processed and printed.
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "missing.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_run_examples_then_rerun_adds_nothing(runner, db):
    first = runner.invoke(main, ["run", str(EXAMPLES), "--db", db])
    assert first.exit_code == 0, first.stderr
    assert "EMBARGO_LIFTED" in first.stdout and "Mi-35" in first.stdout
    events_1 = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    second = runner.invoke(main, ["ingest", str(EXAMPLES), "--db", db])
    assert second.exit_code == 0
    assert ", 0 new," in second.stderr
    runner.invoke(main, ["extract", "--db", db])
    events_2 = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    assert events_1 == events_2 and len(events_1) > 5


def test_events_filters_and_show(runner, db):
    runner.invoke(main, ["run", str(EXAMPLES), "--db", db])
    out = runner.invoke(main, ["events", "--db", db, "--party", "EGY", "--format", "json"])
    rows = json.loads(out.stdout)
    assert rows and all("EGY" in (r["supplier"], r["recipient"]) for r in rows)
    doc = rows[0]["doc_id"]
    shown = runner.invoke(main, ["show", doc, "--db", db])
    assert shown.exit_code == 0 and rows[0]["evidence"]["text"] in shown.stdout
    assert runner.invoke(main, ["show", "nope", "--db", db]).exit_code != 0


@pytest.mark.skipif(not (SHARED / "samples" / "seeds").is_dir(), reason="needs ../shared")
def test_run_on_seeds_prints_the_russia_pakistan_story(runner, db):
    result = runner.invoke(main, ["run", str(SHARED / "samples" / "seeds"), "--db", db])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(l) for l in runner.invoke(main, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()]
    got = {(r["type"], r["supplier"], r["recipient"], (r["weapon"] or "").lower()[:5], r["quantity"]) for r in rows}
    assert ("EMBARGO_LIFTED", "RUS", "PAK", "", None) in got
    assert ("NEGOTIATION", "RUS", "PAK", "mi-35", None) in got
    assert ("AGREEMENT", "RUS", "PAK", "mi-35", 4) in got
    assert any(t == "REQUEST" and q == 50000 for t, s, r, w, q in got)
    assert any(t == "REJECTION" and s == "RUS" and r == "PAK" for t, s, r, w, q in got)
    assert "Message from The Moscow Times" not in " ".join(r["evidence"]["text"] for r in rows)


def test_a_document_over_the_time_budget_is_stored_reported_and_retried(runner, db, tmp_path):
    # Issue 16, finding 5: a document past the per-document budget is recorded as skipped with the reason.
    from armswatch.store import open_store

    f = tmp_path / "arms.txt"
    f.write_text("France agreed to sell 24 Rafale jets to Greece in 2021.\n", encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(main, ["run", str(f), "--db", db, "--time-budget", "0.000000001"])
        assert result.exit_code == 0, result.stderr
        assert "time budget" in result.stderr and "(no events)" in result.stdout
    with open_store(db) as store:
        assert store.count_documents() == 1
        assert [s.reason for s in store.skips()] == [
            "extraction stopped at the time budget of 1e-09 s per document "
            "(stored without events; rerun with a larger --time-budget)"]
    result = runner.invoke(main, ["extract", "--db", db, "--time-budget", "0"])
    assert result.exit_code == 0 and "1 events extracted" in result.stderr
