"""Skips, migrations, URLs, sessions, and readers alongside a writer."""

from __future__ import annotations

import threading
import time

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from store_helpers import STORY, content_hash, make_article

from armswatch.model import Article, Skipped
from armswatch.store import Store, open_store
from armswatch.store.engine import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    resolve_url,
    upgrade,
)
from armswatch.store.schema import Base, DocumentRow

# -- skips --------------------------------------------------------------------------


def test_record_skip_is_idempotent(fresh_store):
    a = Skipped(source="corpus.jsonl", reason="no text", record="17")
    b = Skipped(source="broken.html", reason="not UTF-8")
    for _ in range(3):
        fresh_store.record_skip(a)
        fresh_store.record_skip(b)
    fresh_store.record_skip(Skipped(source="corpus.jsonl", reason="no text", record="18"))
    fresh_store.record_skip(Skipped(source="broken.html", reason="empty"))
    assert fresh_store.skips() == [
        a,
        b,
        Skipped(source="corpus.jsonl", reason="no text", record="18"),
        Skipped(source="broken.html", reason="empty"),
    ]
    assert fresh_store.skips()[1].record is None
    assert fresh_store.stats().skips == 4


# -- migrations ---------------------------------------------------------------------


def _latest_migration() -> str:
    """The revision of the highest-numbered migration file (migrations are numbered 0001, 0002 ...)."""
    from pathlib import Path

    import armswatch.store

    versions = Path(armswatch.store.__file__).parent / "migrations" / "versions"
    return max(p.name.split("_", 1)[0] for p in versions.glob("[0-9]*_*.py"))


def test_migrated_schema_matches_the_models(fresh_store):
    with fresh_store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert current_revision(conn) == head_revision() == _latest_migration()


def test_expected_tables_and_indexes(fresh_store):
    inspector = inspect(fresh_store.engine)
    assert {"documents", "sources", "events", "evidence", "skips", "deals", "deal_events"} <= set(
        inspector.get_table_names()
    )
    indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes("events")}
    for column in ("supplier", "recipient", "type", "year", "weapon_family"):
        assert (column,) in indexed
    doc_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("documents")}
    assert {("content_hash",), ("simhash_b0",), ("simhash_b1",), ("simhash_b2",), ("simhash_b3",)} <= doc_indexes


def test_reopening_keeps_data(store_url):
    with open_store(store_url) as store:
        store.add_article(make_article("a", STORY))
    with open_store(store_url) as store:
        assert store.count_documents() == 1


def test_downgrade_and_upgrade_again(store_url):
    engine = make_engine(store_url)
    try:
        Store(engine).close()
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        with open_store(store_url) as store:
            assert store.count_documents() == 0
    finally:
        engine.dispose()


def test_opening_concurrently_migrates_once(store_url):
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            open_store(store_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# -- URLs -----------------------------------------------------------------------------


def test_resolve_url(monkeypatch, tmp_path):
    monkeypatch.delenv("ARMSWATCH_DB", raising=False)
    assert resolve_url(None) == "sqlite:///armswatch.db"
    monkeypatch.setenv("ARMSWATCH_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("data/x.db") == "sqlite:///data/x.db"
    assert resolve_url("/abs/x.db") == "sqlite:////abs/x.db"
    assert resolve_url("sqlite:///rel.db") == "sqlite:///rel.db"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


def test_open_store_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARMSWATCH_DB", raising=False)
    with open_store() as store:
        store.add_article(Article(doc_id="a", text="x"))
    assert (tmp_path / "armswatch.db").exists()
    monkeypatch.setenv("ARMSWATCH_DB", str(tmp_path / "sub" / "env.db"))
    with open_store() as store:
        assert store.count_documents() == 0
    assert (tmp_path / "sub" / "env.db").exists()
    with open_store("plain.db") as store:  # a plain path
        assert store.count_documents() == 0
    assert (tmp_path / "plain.db").exists()


def test_sqlite_settings(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_foreign_keys_cascade(fresh_store):
    fresh_store.add_article(make_article("a", STORY))
    with fresh_store.session() as session:
        session.execute(text("DELETE FROM documents"))
    assert fresh_store.stats().sources == 0


def test_session_rolls_back_on_error(fresh_store):
    with pytest.raises(RuntimeError), fresh_store.session() as session:
        session.add(DocumentRow(doc_id="x", text="t", simhash=0, simhash_b0=0,
                                simhash_b1=0, simhash_b2=0, simhash_b3=0))
        session.flush()
        raise RuntimeError("interrupted")
    assert fresh_store.count_documents() == 0


# -- readers alongside a writer -----------------------------------------------------------


def test_second_store_reads_while_first_writes(store_url):
    with open_store(store_url) as writer, open_store(store_url) as reader:
        writer.add_article(make_article("a", STORY))
        with writer.session() as session:
            session.add(DocumentRow(doc_id="pending", text="t", simhash=0, simhash_b0=0,
                                    simhash_b1=0, simhash_b2=0, simhash_b3=0))
            session.flush()  # the write transaction now holds the write lock
            started = time.monotonic()
            assert reader.count_documents() == 1  # not blocked, sees committed data only
            assert reader.get_article("a").doc_id == "a"
            assert time.monotonic() - started < 2
        assert reader.count_documents() == 2


def test_reader_thread_alongside_batched_writer(store_url):
    with open_store(store_url) as writer, open_store(store_url) as reader:
        counts: list[int] = []
        errors: list[BaseException] = []
        done = threading.Event()

        def read() -> None:
            try:
                while not done.is_set():
                    counts.append(reader.count_documents())
                    list(reader.iter_articles())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=read)
        thread.start()
        try:
            writer.add_articles(
                (Article(doc_id=f"d{i}", text=f"text {i}") for i in range(300)), batch_size=20
            )
        finally:
            done.set()
            thread.join()
        assert errors == []
        assert counts == sorted(counts)  # never sees a batch half-written or undone
        assert all(c % 20 == 0 for c in counts)
        assert reader.count_documents() == 300


def test_two_writers_serialise(store_url):
    with open_store(store_url) as one, open_store(store_url) as two:
        errors: list[BaseException] = []

        def write(store: Store, prefix: str) -> None:
            try:
                for i in range(30):
                    store.add_article(Article(doc_id=f"{prefix}{i}", text=f"{prefix} {i}"))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [
            threading.Thread(target=write, args=(one, "a")),
            threading.Thread(target=write, args=(two, "b")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert one.count_documents() == 60



def test_migration_to_revisions_keeps_stored_documents_and_a_rerun_adds_nothing(store_url):
    """A database written before revisions: every document gets revision 1 and a
    content hash of the new kind, so ingesting the same text again adds nothing."""
    engine = make_engine(store_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO documents (doc_id, text, content_hash, simhash, simhash_b0, simhash_b1, "
                "simhash_b2, simhash_b3, ingested_at) VALUES ('old', :t, 'sha1-of-old-kind', 0, 0, 0, 0, 0, "
                "CURRENT_TIMESTAMP)"), {"t": STORY})
            conn.execute(text("INSERT INTO sources (document_id, source) SELECT id, 'old.txt' FROM documents"))
        store = Store(engine)  # migrates to head
        [revision] = store.revisions("old")
        assert (revision.revision, revision.source, revision.latest) == (1, "old.txt", True)
        assert store.get_article("old").content_hash == content_hash(STORY)
        assert store.add_article(make_article("old", STORY)) == ("old", False)
        assert store.stats().documents == 1 and len(store.revisions("old")) == 1
    finally:
        engine.dispose()
