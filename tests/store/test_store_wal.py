"""The SQLite write-ahead log stays bounded during long ingests (issue 16, finding 4)."""

from __future__ import annotations

import os

from sqlalchemy import text

from armswatch.model import Article
from armswatch.store import engine as engine_module
from armswatch.store import open_store


def _articles(n: int, start: int = 0):
    for i in range(start, start + n):
        yield Article(doc_id=f"w{i}", text=f"Article {i}: " + "padding words " * 200 + str(i * 7919))


def test_checkpoint_truncates_a_large_wal_and_leaves_data_whole(tmp_path, monkeypatch):
    db = str(tmp_path / "wal.db")
    monkeypatch.setattr(engine_module, "WAL_SIZE_LIMIT", 4096)
    with open_store(db) as store:
        reader = store.engine.connect()
        reader.execute(text("SELECT count(*) FROM documents")).scalar()  # an old snapshot pins the log
        store.add_articles(_articles(300), batch_size=100)
        wal = db + "-wal"
        grown = os.path.getsize(wal)
        assert grown > 100_000
        reader.rollback()
        reader.close()
        engine_module.checkpoint(store.engine)
        assert os.path.getsize(wal) < grown / 10
        assert store.count_documents() == 300
        with store.engine.connect() as c:
            assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_ingest_checkpoints_between_batches(tmp_path, monkeypatch):
    from armswatch import jobs

    calls = []
    monkeypatch.setattr(jobs, "checkpoint", lambda engine: calls.append(engine))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(
        f'{{"id": "j{i}", "text": "Report {i} on the harbour works and the {i * 31} new cranes, said the port."}}\n'
        for i in range(25)), encoding="utf-8")
    with open_store(str(tmp_path / "i.db")) as store:
        summary = jobs.ingest(store, [str(corpus)], batch_size=10)
    assert summary.read == 25
    assert len(calls) == 2  # after the first and the second batch of 10
