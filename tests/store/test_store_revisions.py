"""Store: a doc_id seen again with another text is a revision (on SQLite and PostgreSQL)."""

from __future__ import annotations

from store_helpers import OTHER_STORY, STORY, make_article

from armswatch.model import Event, EventType
from armswatch.store.store import DUPLICATE, NEW, REVISED


def test_new_text_under_a_stored_doc_id_is_the_next_revision(fresh_store):
    assert fresh_store.add_article(make_article("a", STORY, source="day1.txt")) == ("a", True)
    fresh_store.replace_events("a", [Event(doc_id="a", type=EventType.OFFER, supplier="RUS")], "v1")
    [added] = fresh_store.store_articles([make_article("a", OTHER_STORY, source="day2.txt")])
    assert (added.doc_id, added.status, added.revision, added.is_new) == ("a", REVISED, 2, True)
    article = fresh_store.get_article("a")
    assert article.text == OTHER_STORY and article.revision == 2
    assert article.sources == ["day1.txt", "day2.txt"]
    # The old events went with the old text, and the document waits for extraction.
    assert fresh_store.events() == []
    assert [a.doc_id for a in fresh_store.documents_needing_extraction("v1")] == ["a"]
    revisions = fresh_store.revisions("a")
    assert [(r.revision, r.source, r.latest, r.text) for r in revisions] == [
        (1, "day1.txt", False, None), (2, "day2.txt", True, None)
    ]
    assert fresh_store.get_revision("a", 1).text == STORY
    assert fresh_store.get_revision("a", 2).text == OTHER_STORY
    assert fresh_store.get_revision("a", 3) is None and fresh_store.revisions("nope") == []


def test_known_texts_under_the_same_doc_id_add_nothing(fresh_store):
    fresh_store.store_articles([make_article("a", STORY), make_article("a", OTHER_STORY)])
    before = fresh_store.stats()
    outcomes = fresh_store.store_articles([make_article("a", STORY), make_article("a", OTHER_STORY)])
    assert [o.status for o in outcomes] == [DUPLICATE, DUPLICATE]
    assert fresh_store.stats() == before and len(fresh_store.revisions("a")) == 2
    assert fresh_store.get_article("a").text == OTHER_STORY  # the latest stays the latest


def test_a_revision_is_not_matched_against_other_documents(fresh_store):
    # "b" holds the text "a" is revised to: "a" still gets its revision (its own id).
    fresh_store.add_article(make_article("b", OTHER_STORY))
    fresh_store.add_article(make_article("a", STORY))
    [added] = fresh_store.store_articles([make_article("a", OTHER_STORY)])
    assert (added.doc_id, added.status) == ("a", REVISED)
    # A new id with a revised-away text is not merged into the document that moved on.
    [other] = fresh_store.store_articles([make_article("c", STORY)])
    assert (other.doc_id, other.status) == ("c", NEW)


def test_surrogates_in_ids_and_sources_do_not_fail_the_batch(fresh_store):
    bad = "caf\udce9.txt"  # what os.fsdecode gives for a Latin-1 byte
    outcomes = fresh_store.store_articles([make_article(bad, STORY, source=bad), make_article("ok", OTHER_STORY)])
    assert [o.status for o in outcomes] == [NEW, NEW]
    assert fresh_store.get_article("caf\\xe9.txt").sources == ["caf\\xe9.txt"]
