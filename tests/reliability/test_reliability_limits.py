"""Limits that must not end a run: values a database column cannot hold, an
empty corpus, a record title full of control characters, a timestamp past
the year 2100, documents too large to clean in bounded time, and many
connections creating the same new database at once."""

from __future__ import annotations

import time

from armswatch.clean import MAX_MARKUP_CHARS, MAX_TEXT_CHARS, clean_document
from armswatch.clean.metadata import parse_date
from armswatch.ingest import read_inputs
from armswatch.model import Article, Event, EventType, Evidence, RawDocument, Skipped, Value
from armswatch.store import EventQuery, open_store
from reliability_helpers import check_consistency, tally


def _article(doc_id: str) -> Article:
    return Article(doc_id=doc_id, text=f"Text of {doc_id}.", sources=[f"{doc_id}.txt"], content_hash=doc_id * 2)


def test_values_a_column_cannot_hold_do_not_fail_the_transaction(tmp_path):
    db = tmp_path / "limits.db"
    with open_store(str(db)) as store:
        store.add_article(_article("huge"))
        events = [
            Event(doc_id="huge", type=EventType.AGREEMENT, supplier="RUS", recipient="IND",
                  value=Value(amount=10**20, currency="USD"), quantity=2**70,
                  evidence=Evidence(text="Text", start=0, end=4)),
            Event(doc_id="huge", type=EventType.DELIVERY, supplier="FRA", recipient="EGY",
                  value=Value(amount=2 * 10**9, currency="EUR")),
        ]
        ids = store.replace_events("huge", events, extractor_version="t")
        assert len(ids) == 2
        stored = [e for _, e in store.events(EventQuery(doc_id="huge"))]
    assert stored[0].value is None and stored[0].quantity is None  # out of range: dropped, not a crash
    assert stored[1].value == Value(amount=2 * 10**9, currency="EUR")
    assert check_consistency(db).problems == []
    tally("bad_inputs", 2)


def test_an_empty_corpus_is_reported_not_passed_over(tmp_path):
    for name, data in (("empty.jsonl", b""), ("blank.jsonl", b"\n\n  \n")):
        (tmp_path / name).write_bytes(data)
        items = list(read_inputs([str(tmp_path / name)]))
        assert len(items) == 1 and isinstance(items[0], Skipped)
        assert items[0].reason.startswith("no records")
        tally("bad_inputs")


def test_control_characters_in_a_record_title_are_tidied():
    raw = RawDocument(doc_id="t", source="t", title="Tanks\x1b[31m for\x00 sale\u200b",
                      body="Germany delivered tanks to Ukraine, officials said.")
    article = clean_document(raw)
    assert isinstance(article, Article)
    assert article.title == "Tanks[31m for sale"
    assert article.text.startswith("Tanks[31m for sale\n\n")
    tally("bad_inputs")


def test_timestamps_outside_the_date_bounds_are_not_dates():
    assert parse_date("1700000000") is not None  # 2023
    assert parse_date("9999999999") is None  # 2286
    assert parse_date("୫000000000") is None  # not ASCII digits
    tally("bad_inputs", 2)


def test_oversized_documents_are_skipped_quickly_with_the_reason():
    for is_html, limit in ((False, MAX_TEXT_CHARS), (True, MAX_MARKUP_CHARS)):
        body = ("<p>Tanks were delivered to the army last year.</p>\n" if is_html
                else "Tanks were delivered to the army last year.\n") * (limit // 40)
        started = time.monotonic()
        result = clean_document(RawDocument(doc_id="big", source="big", body=body, is_html=is_html))
        assert time.monotonic() - started < 1.0, "refused before any expensive step"
        assert isinstance(result, Skipped) and result.reason.startswith("document too large: ")
        tally("bad_inputs")


def test_many_connections_opening_a_new_database_at_once_all_succeed(tmp_path):
    # Switching a new file to WAL can fail with "database is locked" without
    # waiting; before the store retried, about 1 round in 150 failed under load.
    import threading

    failures: list[BaseException] = []
    for round_ in range(30):
        url = f"sqlite:///{tmp_path / f'new-{round_}.db'}"

        def open_and_close() -> None:
            try:
                open_store(url).close()
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        threads = [threading.Thread(target=open_and_close) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
