"""Exit statuses and one-line errors (issue 12): 0 all good, 1 unreadable inputs or a database/URL
problem (one ``armswatch: error:`` line, ``--debug`` for the traceback), 2 usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from armswatch.cli import main


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture()
def corpus(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("France agreed to sell 24 Rafale jets to Greece in 2021.\n", encoding="utf-8")
    return f


def _one_line(result, words: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stderr, result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip() and line.strip() != "ingesting"]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("armswatch: error: ") and words in lines[0], lines[0]


@pytest.mark.parametrize("url, words", [
    ("mysql://user@localhost/db", "driver is not installed"),
    ("nosuchdialect://x/y", "cannot open the database"),
    ("postgresql://user:secret@127.0.0.1:1/x", "cannot open the database"),
])
def test_a_bad_database_url_is_one_line_and_exit_1(runner, corpus, url, words):
    result = runner.invoke(main, ["ingest", str(corpus), "--db", url])
    _one_line(result, words)
    assert "secret" not in result.stderr


def test_a_file_that_is_not_a_database_is_one_line(runner, corpus, tmp_path):
    csv = tmp_path / "file.csv"
    csv.write_text("a,b\n1,2\n" * 100, encoding="utf-8")
    _one_line(runner.invoke(main, ["events", "--db", str(csv)]), "cannot open the database")
    _one_line(runner.invoke(main, ["ingest", str(corpus), "--db", str(tmp_path / "new.csv")]), "not a database")
    assert not (tmp_path / "new.csv").exists()


def test_debug_shows_the_traceback_instead(runner, corpus):
    result = runner.invoke(main, ["--debug", "ingest", str(corpus), "--db", "mysql://u@h/x"])
    assert result.exit_code == 1 and result.exception is not None and "armswatch: error" not in result.stderr


def test_a_missing_document_or_database_is_an_armswatch_error_line(runner, tmp_path):
    _one_line(runner.invoke(main, ["events", "--db", str(tmp_path / "nope" / "x.db")]), "no database at")
    assert not (tmp_path / "nope").exists()


def test_a_usage_error_exits_2(runner, tmp_path):
    assert runner.invoke(main, ["events", "--limit", "many"]).exit_code == 2
    assert runner.invoke(main, ["nosuchcommand"]).exit_code == 2
