"""Articles: round trip, deduplication, sources, iteration."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from store_helpers import (
    OTHER_STORY,
    PUBLISHED,
    STORY,
    is_sqlite,
    make_article,
    simhash,
)

from armswatch.model import Article, Event, EventType
from armswatch.store.store import (
    hamming64,
    near_duplicate_candidates,
    simhash_bands,
    to_signed64,
    to_unsigned64,
)


def test_article_round_trip(fresh_store):
    article = make_article(
        "moscow-times-1",
        STORY,
        title="Russia Lifts Arms Embargo on Pakistan",
        published=PUBLISHED,
        publisher="The Moscow Times",
        syndicated_from="Itar-Tass",
        url="https://example.org/news/1",
        sources=["corpus.jsonl#17", "https://example.org/news/1"],
    )
    assert fresh_store.add_article(article) == ("moscow-times-1", True)
    assert fresh_store.get_article("moscow-times-1") == article
    assert fresh_store.count_documents() == 1


def test_high_bit_simhash_round_trips(fresh_store):
    article = make_article("a", STORY)
    article.simhash = (1 << 64) - 3  # needs the sign bit of a BIGINT
    fresh_store.add_article(article)
    assert fresh_store.get_article("a").simhash == (1 << 64) - 3


def test_missing_article_is_none(fresh_store):
    assert fresh_store.get_article("nope") is None


def test_url_alone_becomes_the_source(fresh_store):
    fresh_store.add_article(Article(doc_id="u", text="x", url="https://e.org/a"))
    got = fresh_store.get_article("u")
    assert got.sources == ["https://e.org/a"] and got.url == "https://e.org/a"


def test_unhashed_articles_are_not_duplicates(fresh_store):
    """content_hash "" and simhash 0 mean "not computed" and match nothing."""
    assert fresh_store.add_article(Article(doc_id="a", text="one")) == ("a", True)
    assert fresh_store.add_article(Article(doc_id="b", text="two")) == ("b", True)
    assert fresh_store.count_documents() == 2


def test_re_adding_the_same_article_adds_nothing(fresh_store):
    article = make_article("a", STORY, published=PUBLISHED)
    assert fresh_store.add_article(article) == ("a", True)
    before = fresh_store.stats()
    assert fresh_store.add_article(article) == ("a", False)
    assert fresh_store.stats() == before
    assert fresh_store.get_article("a").sources == ["a.txt"]


def test_same_doc_id_new_source_is_added(fresh_store):
    fresh_store.add_article(make_article("a", STORY, source="feed-1.xml#3"))
    assert fresh_store.add_article(make_article("a", STORY, source="feed-2.xml#9")) == (
        "a",
        False,
    )
    assert fresh_store.get_article("a").sources == ["feed-1.xml#3", "feed-2.xml#9"]


def test_near_duplicate_is_stored_once_with_both_sources(fresh_store):
    changed = STORY.replace("the move", "the step")
    assert changed != STORY
    assert hamming64(simhash(STORY), simhash(changed)) <= 3
    first = make_article("tmt", STORY, url="https://themoscowtimes.example/a", published=None)
    second = make_article(
        "reprint",
        changed,
        url="https://reprint.example/b",
        sources=["https://reprint.example/b"],
        published=PUBLISHED,
    )
    assert fresh_store.add_article(first) == ("tmt", True)
    assert fresh_store.add_article(second) == ("tmt", False)
    assert fresh_store.count_documents() == 1
    assert fresh_store.get_article("reprint") is None
    stored = fresh_store.get_article("tmt")
    assert stored.sources == ["tmt.txt", "https://reprint.example/b"]
    assert stored.text == STORY  # the first copy's text stays (evidence offsets)
    assert stored.published == PUBLISHED  # blanks are filled from the later copy


def test_same_content_hash_is_a_duplicate(fresh_store):
    first = make_article("a", STORY)
    second = make_article("b", STORY + " ", source="elsewhere.html")
    second.simhash = 0  # only the hash can match
    assert first.content_hash == second.content_hash
    fresh_store.add_article(first)
    assert fresh_store.add_article(second) == ("a", False)
    assert fresh_store.get_article("a").sources == ["a.txt", "elsewhere.html"]


def test_different_story_is_stored_separately(fresh_store):
    assert fresh_store.add_article(make_article("a", STORY)) == ("a", True)
    assert fresh_store.add_article(make_article("b", OTHER_STORY)) == ("b", True)
    assert fresh_store.count_documents() == 2
    assert fresh_store.get_article("b").text == OTHER_STORY


@pytest.mark.parametrize(
    ("flipped_bits", "duplicate"),
    [
        ((0,), True),
        ((0, 17), True),
        ((3, 20, 40), True),  # three bands differ, the fourth still matches
        ((15, 31, 47), True),
        ((1, 2, 3), True),
        ((0, 16, 32, 48), False),  # 4 bits: every band differs
        ((0, 1, 2, 3), False),  # 4 bits in one band: a candidate, but too far
    ],
)
def test_simhash_distance_threshold(fresh_store, flipped_bits, duplicate):
    base = 0xF0F0_1234_ABCD_8765
    other = base
    for bit in flipped_bits:
        other ^= 1 << bit
    fresh_store.add_article(Article(doc_id="a", text="x", simhash=base, sources=["1"], claim_key="k"))
    got = fresh_store.add_article(Article(doc_id="b", text="y", simhash=other, sources=["2"], claim_key="k"))
    assert got == (("a", False) if duplicate else ("b", True))


def test_nearest_of_several_candidates_wins(fresh_store):
    base = 0x0123_4567_89AB_CDEF
    fresh_store.add_article(Article(doc_id="far", text="x", simhash=base ^ 0b111, claim_key="k"))
    fresh_store.add_article(Article(doc_id="near", text="y", simhash=base ^ (1 << 63), claim_key="k"))
    assert fresh_store.add_article(Article(doc_id="new", text="z", simhash=base, claim_key="k")) == (
        "near",
        False,
    )


def test_add_articles_in_batches(fresh_store):
    articles = [
        make_article(f"d{i}", f"{STORY} Story number {i} " + "lorem ipsum " * i)
        for i in range(5)
    ]
    for a in articles:
        a.simhash = 0  # keep them apart whatever their text
    articles.append(make_article("copy", STORY + " Story number 0 ", source="copy.txt"))
    articles[-1].simhash = 0
    results = fresh_store.add_articles(articles, batch_size=2)
    assert results == [(f"d{i}", True) for i in range(5)] + [("d0", False)]
    assert fresh_store.count_documents() == 5
    assert fresh_store.get_article("d0").sources == ["d0.txt", "copy.txt"]
    assert [a.doc_id for a in fresh_store.iter_articles()] == [f"d{i}" for i in range(5)]


def test_add_articles_rejects_bad_batch_size(fresh_store):
    with pytest.raises(ValueError):
        fresh_store.add_articles([], batch_size=0)


def test_failed_batch_leaves_nothing(fresh_store):
    good = Article(doc_id="ok", text="fine")
    bad = Article(doc_id="bad", text=None)  # type: ignore[arg-type]  # NOT NULL
    with pytest.raises(Exception):
        fresh_store.add_articles([good, bad], batch_size=10)
    assert fresh_store.count_documents() == 0


def test_iter_articles_pages(fresh_store, monkeypatch):
    monkeypatch.setattr("armswatch.store.store.PAGE_SIZE", 3)
    fresh_store.add_articles(
        Article(doc_id=f"d{i:02}", text=f"t{i}", sources=[f"s{i}", f"t{i}"]) for i in range(8)
    )
    got = list(fresh_store.iter_articles())
    assert [a.doc_id for a in got] == [f"d{i:02}" for i in range(8)]
    assert got[5].sources == ["s5", "t5"]


def test_documents_needing_extraction(fresh_store, monkeypatch):
    monkeypatch.setattr("armswatch.store.store.PAGE_SIZE", 2)
    for i in range(5):
        fresh_store.add_article(Article(doc_id=f"d{i}", text=f"text {i}"))
    assert [a.doc_id for a in fresh_store.documents_needing_extraction("v1")] == [
        f"d{i}" for i in range(5)
    ]
    # Marking documents done while iterating: they are not returned again.
    seen = []
    for article in fresh_store.documents_needing_extraction("v1"):
        seen.append(article.doc_id)
        fresh_store.replace_events(article.doc_id, [], "v1")
    assert seen == [f"d{i}" for i in range(5)]
    assert list(fresh_store.documents_needing_extraction("v1")) == []
    fresh_store.replace_events(
        "d2", [Event(doc_id="d2", type=EventType.OFFER, supplier="RUS")], "v0"
    )
    assert [a.doc_id for a in fresh_store.documents_needing_extraction("v1")] == ["d2"]
    assert len(list(fresh_store.documents_needing_extraction("v2"))) == 5


def test_near_duplicate_lookup_uses_the_band_indexes(fresh_store, store_url):
    for i in range(50):
        fresh_store.add_article(
            Article(doc_id=f"d{i}", text="x", simhash=(i + 1) * 0x9E37_79B9_7F4A_7C15 % (1 << 64))
        )
    stmt = near_duplicate_candidates(0x0123_4567_89AB_CDEF)
    with fresh_store.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if is_sqlite(store_url) else "EXPLAIN "
        if not is_sqlite(store_url):
            conn.execute(text("SET enable_seqscan = off"))  # tiny table: force the choice
        plan = " ".join(str(row) for row in conn.execute(text(prefix + str(compiled))))
    for band in range(4):
        assert f"ix_documents_simhash_b{band}" in plan, plan


@given(st.integers(min_value=0, max_value=(1 << 64) - 1))
def test_signed_storage_round_trips(value):
    signed = to_signed64(value)
    assert -(1 << 63) <= signed < 1 << 63
    assert to_unsigned64(signed) == value


@given(
    st.integers(min_value=0, max_value=(1 << 64) - 1),
    st.sets(st.integers(min_value=0, max_value=63), max_size=3),
)
def test_close_hashes_share_a_band(value, bits):
    other = value
    for bit in bits:
        other ^= 1 << bit
    assert hamming64(value, other) == len(bits)
    assert any(a == b for a, b in zip(simhash_bands(value), simhash_bands(other)))


def test_published_dates_and_none_fields(fresh_store):
    fresh_store.add_article(
        Article(doc_id="a", text="t", published=dt.date(1999, 12, 31), title=None)
    )
    got = fresh_store.get_article("a")
    assert got.published == dt.date(1999, 12, 31)
    assert got.title is None and got.publisher is None and got.sources == []
