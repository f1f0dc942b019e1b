"""A read-only database, a full disk, a lost database server: one line on stderr, exit 1, nothing half-written
(issue 16, finding 6). That the transactions leave nothing half-written is proven by the kill tests of
tests/reliability; here the failures are real where the machine allows (a read-only open, /dev/full) and
injected at the driver otherwise.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from armswatch.cli import main
from armswatch.store import open_store
from armswatch.store.errors import explain


@pytest.fixture()
def corpus(tmp_path) -> Path:
    f = tmp_path / "a.txt"
    f.write_text("France agreed to sell 24 Rafale jets to Greece in 2021.\n", encoding="utf-8")
    return f


def _one_error_line(result, words: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    # (the progress bar's label aside, which click prints once when stderr is not a terminal)
    lines = [line for line in result.stderr.splitlines() if line.strip() and line.strip() != "ingesting"]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("armswatch: error: ") and words in lines[0]
    assert "Traceback" not in result.stderr


def test_a_read_only_database_is_one_line_and_exit_1(tmp_path, corpus):
    db = tmp_path / "ro.db"
    with open_store(str(db)):
        pass
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    result = CliRunner(mix_stderr=False).invoke(main, ["ingest", str(corpus), "--db", url])
    _one_error_line(result, "read-only")
    with open_store(str(db)) as store:
        assert store.count_documents() == 0


def _fail_on_insert(monkeypatch, message: str) -> None:
    from armswatch.store.store import Store

    def store_articles(self, articles, batch_size=200):
        for _ in articles:
            raise OperationalError("INSERT INTO documents ...", {}, sqlite3.OperationalError(message))
        return []

    monkeypatch.setattr(Store, "store_articles", store_articles)


@pytest.mark.parametrize("message, words", [
    ("database or disk is full", "the disk is full"),
    ("server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally",
     "lost the connection to the database server"),
])
def test_a_full_disk_or_a_lost_server_is_one_line_and_exit_1(tmp_path, corpus, monkeypatch, message, words):
    _fail_on_insert(monkeypatch, message)
    result = CliRunner(mix_stderr=False).invoke(main, ["run", str(corpus), "--db", str(tmp_path / "x.db")])
    _one_error_line(result, words)


def test_an_export_to_a_full_disk_is_one_line_and_exit_1(tmp_path, corpus):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    db = str(tmp_path / "e.db")
    assert CliRunner(mix_stderr=False).invoke(main, ["ingest", str(corpus), "--db", db]).exit_code == 0
    result = CliRunner(mix_stderr=False).invoke(main, ["export", "--db", db, "--format", "csv", "-o", "/dev/full"])
    _one_error_line(result, "the disk is full")


def test_a_failed_export_leaves_the_previous_file_whole(tmp_path, corpus, monkeypatch):
    db = str(tmp_path / "e.db")
    out = tmp_path / "events.csv"
    out.write_text("previous export\n", encoding="utf-8")
    assert CliRunner(mix_stderr=False).invoke(main, ["ingest", str(corpus), "--db", db]).exit_code == 0
    from armswatch import export

    def failing(store, fmt, target):
        Path(target).write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(export, "export_events", failing)
    result = CliRunner(mix_stderr=False).invoke(main, ["export", "--db", db, "--format", "csv", "-o", str(out)])
    _one_error_line(result, "the disk is full")
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_other_errors_are_not_disguised():
    assert explain(ValueError("x")) is None
    assert explain(OSError(2, "No such file")) is None
