"""Interruption: ``armswatch ingest`` and ``armswatch extract`` killed with
SIGKILL mid-run leave a consistent database, and a rerun finishes the job
with nothing lost and nothing duplicated.

Each test first makes a reference database with one clean, uninterrupted
run. Then the same command is started on a fresh database and killed several
times at different points (before anything is stored, after the first
committed batch, after more progress on a rerun); after every kill the
database must pass ``check_consistency``. A last run completes, and its
result must equal the reference row for row.
"""

from __future__ import annotations

import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from reliability_helpers import (
    article_text,
    check_consistency,
    events_by_document,
    kill_when,
    make_corpus,
    revisions_by_document,
    run_cli,
    scalar,
    sources_by_document,
    start_cli,
    tally,
)

ARTICLES = 600  # three ingest batches of 200: room to be killed between commits
DOCS = "SELECT count(*) FROM documents"
EXTRACTED = "SELECT count(*) FROM documents WHERE extracted_at IS NOT NULL"


def _copy(src: Path, dst: Path) -> None:
    """A consistent copy of an SQLite database (WAL included)."""
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)


def _skips(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT source, record, reason FROM skips"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, armswatch_bin):
    base = tmp_path_factory.mktemp("interrupt")
    made = make_corpus(base / "corpus", ARTICLES)
    # A few inputs that are skipped, so skip rows are written while killed too.
    for i in range(5):
        (base / "corpus" / f"empty-{i}.txt").write_bytes(b"")
        (base / "corpus" / f"noise-{i}.txt").write_bytes(bytes(range(256)) * 8)
    reference = base / "reference.db"
    done = run_cli("ingest", str(made.folder), "--db", str(reference))
    assert done.returncode == 0, done.stderr[-2000:]
    return made, reference


def test_killed_ingest_is_consistent_and_resumes_without_duplicates(corpus, tmp_path):
    made, reference = corpus
    expected = sources_by_document(reference)
    assert len(expected) == ARTICLES, "the generated articles are all distinct"
    db = tmp_path / "killed.db"
    log = tmp_path / "ingest.log"
    faults = 0
    rows = 0

    def ingest():
        return start_cli("ingest", str(made.folder), "--db", str(db), log=log)

    started = time.monotonic()
    kill_points = [
        ("while starting up", lambda: time.monotonic() - started > 0.4),
        ("after the first committed batch", lambda: scalar(db, DOCS) > 0),
    ]
    for label, ready in kill_points:
        started = time.monotonic()
        proc = ingest()
        killed = kill_when(proc, ready)
        faults += killed
        if db.exists():
            state = check_consistency(db)
            assert state.problems == [], f"after a kill {label}: {state.problems}"
            rows += state.rows_checked
    stored = scalar(db, DOCS)
    assert 0 < stored < ARTICLES, f"the kill was meant to land mid-run (documents stored: {stored})"
    # A rerun repeats work already committed; kill it once it has added more.
    proc = ingest()
    faults += kill_when(proc, lambda: scalar(db, DOCS) > stored)
    state = check_consistency(db)
    assert state.problems == [], state.problems
    rows += state.rows_checked
    partial = sources_by_document(db)
    assert all(expected.get(doc) == sources for doc, sources in partial.items())

    finished = run_cli("ingest", str(made.folder), "--db", str(db))
    assert finished.returncode == 0, finished.stderr[-2000:]
    final = check_consistency(db)
    assert final.problems == []
    assert sources_by_document(db) == expected, "every input stored exactly once, with its source"
    assert (final.documents, final.sources) == (ARTICLES, ARTICLES)
    assert _skips(db) == _skips(reference)
    rows += final.rows_checked + len(expected)
    tally("faults_injected", faults)
    tally("rows_checked", rows)
    assert faults >= 2, "at least two kills hit a running ingest"


@pytest.fixture(scope="module")
def extracted_reference(corpus, tmp_path_factory):
    _, ingested = corpus
    reference = tmp_path_factory.mktemp("extract-ref") / "reference-extracted.db"
    _copy(ingested, reference)
    done = run_cli("extract", "--db", str(reference))
    assert done.returncode == 0, done.stderr[-2000:]
    return reference


def test_killed_extract_is_consistent_and_resumes_to_the_same_events(corpus, extracted_reference, tmp_path):
    _, ingested = corpus
    expected = events_by_document(extracted_reference)
    assert sum(map(len, expected.values())) > ARTICLES // 3, "the corpus yields events"
    db = tmp_path / "killed-extract.db"
    _copy(ingested, db)
    log = tmp_path / "extract.log"
    faults = 0
    rows = 0
    done_before = 0
    for share in (0.1, 0.5):
        # Each kill lands after more documents are extracted than before
        # (the rerun skips those already done, so it makes progress).
        target = max(done_before + 1, int(ARTICLES * share))
        proc = start_cli("extract", "--db", str(db), log=log)
        faults += kill_when(proc, lambda: scalar(db, EXTRACTED) >= target)
        state = check_consistency(db)
        assert state.problems == [], state.problems
        rows += state.rows_checked
        done_now = scalar(db, EXTRACTED)
        assert done_before < done_now < ARTICLES, (done_before, done_now)
        # Documents already extracted hold exactly their final events.
        partial = events_by_document(db)
        assert all(partial[doc] == expected.get(doc) for doc in partial)
        done_before = done_now

    finished = run_cli("extract", "--db", str(db))
    assert finished.returncode == 0, finished.stderr[-2000:]
    final = check_consistency(db)
    assert final.problems == []
    assert scalar(db, EXTRACTED) == ARTICLES
    assert events_by_document(db) == expected, "events per document equal a clean run"
    rows += final.rows_checked + sum(map(len, expected.values()))
    tally("faults_injected", faults)
    tally("rows_checked", rows)
    assert faults == 2


@contextmanager
def _changed_texts(files: list[Path], seed: int = 11):
    """Half the files of the corpus rewritten with a new article (the next
    day's text under the same path); the originals are put back on exit.

    Half of each sub-folder, so that every ingest batch holds revisions.
    """
    rng = random.Random(seed)
    originals = {path: path.read_bytes() for i, path in enumerate(files) if i % 4 in (0, 1)}
    try:
        for serial, path in enumerate(originals):
            path.write_text(article_text(rng, 10_000 + serial), encoding="utf-8")
        yield len(originals)
    finally:
        for path, data in originals.items():
            path.write_bytes(data)


def _extraction_state(db: Path) -> dict[str, bool]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT doc_id, extracted_at IS NOT NULL FROM documents"))


def test_killed_reingest_of_changed_documents_converges_to_the_uninterrupted_result(
        corpus, extracted_reference, tmp_path):
    made, _ = corpus
    revisions = "SELECT count(*) FROM document_revisions"
    with _changed_texts(made.files) as changed:
        reference = tmp_path / "reference-revised.db"
        _copy(extracted_reference, reference)
        done = run_cli("ingest", str(made.folder), "--db", str(reference))
        assert done.returncode == 0, done.stderr[-2000:]
        assert f"{changed} revised" in done.stderr
        assert scalar(reference, revisions) == 2 * changed  # revision 1 and 2 of each changed one

        db = tmp_path / "killed-revised.db"
        _copy(extracted_reference, db)
        log = tmp_path / "reingest.log"
        faults = rows = 0
        seen = 0
        for _ in range(2):
            # Each kill lands after one more batch of revisions was committed.
            proc = start_cli("ingest", str(made.folder), "--db", str(db), log=log)
            faults += kill_when(proc, lambda seen=seen: scalar(db, revisions) > seen)
            state = check_consistency(db)
            assert state.problems == [], state.problems
            rows += state.rows_checked
            now = scalar(db, revisions)
            assert seen < now < 2 * changed, "the kill was meant to land mid-run"
            seen = now
        finished = run_cli("ingest", str(made.folder), "--db", str(db))
        assert finished.returncode == 0, finished.stderr[-2000:]

    final = check_consistency(db)
    assert final.problems == []
    assert revisions_by_document(db) == revisions_by_document(reference), "the same revisions, texts kept"
    assert sources_by_document(db) == sources_by_document(reference)
    # Changed documents lost their events and wait for extraction; the others kept theirs.
    assert events_by_document(db) == events_by_document(reference)
    assert _extraction_state(db) == _extraction_state(reference)
    assert sum(not done for done in _extraction_state(db).values()) == changed
    assert _skips(db) == _skips(reference)
    rows += final.rows_checked
    tally("faults_injected", faults)
    tally("rows_checked", rows)
    assert faults == 2
