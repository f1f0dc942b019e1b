"""Events: round trip, replacement, every EventQuery filter, sources, stats."""

from __future__ import annotations

import pytest
from store_helpers import OTHER_STORY, PUBLISHED, STORY, make_article

from armswatch.model import Event, EventType, Evidence, Modality, Value
from armswatch.store import EventQuery, StoreStats, UnknownDocument, UnknownEvent


def full_event(doc_id: str = "tmt") -> Event:
    return Event(
        doc_id=doc_id,
        type=EventType.DELIVERY,
        supplier="RUS",
        recipient="PAK",
        weapon="Mi-17",
        category="helicopters",
        quantity=70,
        quantity_qualifier="at-least",
        value=Value(amount=5_000_000_000, currency="USD"),  # needs BIGINT
        year=1996,
        year_end=2010,
        modality=Modality.ASSERTED,
        attribution="SIPRI",
        evidence=Evidence(text="Russia delivered just 70 Mi-17 ...", start=215, end=330),
        weapon_family="Mi-8/17",
    )


def test_event_round_trip_with_every_field(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    event = full_event()
    [event_id] = fresh_store.replace_events("tmt", [event], "v1")
    assert fresh_store.events() == [(event_id, event)]


def test_event_with_only_required_fields(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    bare = Event(doc_id="tmt", type=EventType.EMBARGO_LIFTED)
    [event_id] = fresh_store.replace_events("tmt", [bare], "v1")
    assert fresh_store.events() == [(event_id, bare)]


def test_string_type_and_modality_are_accepted(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    event = Event(doc_id="tmt", type="OFFER", modality="planned")  # type: ignore[arg-type]
    fresh_store.replace_events("tmt", [event], "v1")
    [(_, got)] = fresh_store.events()
    assert got.type is EventType.OFFER and got.modality is Modality.PLANNED


def test_events_are_stored_under_the_given_doc_id(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    fresh_store.replace_events("tmt", [full_event(doc_id="something-else")], "v1")
    assert fresh_store.events()[0][1].doc_id == "tmt"


def test_replace_events_twice_leaves_one_set(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    first = fresh_store.replace_events(
        "tmt", [full_event(), Event(doc_id="tmt", type=EventType.NEGOTIATION)], "v1"
    )
    second = fresh_store.replace_events(
        "tmt", [full_event(), Event(doc_id="tmt", type=EventType.NEGOTIATION)], "v2"
    )
    assert len(first) == len(second) == 2
    assert [i for i, _ in fresh_store.events()] == second
    stats = fresh_store.stats()
    assert stats.events == 2
    with fresh_store.session() as session:
        from sqlalchemy import func, select

        from armswatch.store.schema import DocumentRow, EvidenceRow

        assert session.scalar(select(func.count()).select_from(EvidenceRow)) == 1
        doc = session.scalars(select(DocumentRow)).one()
        assert doc.extractor_version == "v2" and doc.extracted_at is not None


def test_replace_with_nothing_clears(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    fresh_store.replace_events("tmt", [full_event()], "v1")
    assert fresh_store.replace_events("tmt", [], "v1") == []
    assert fresh_store.events() == []


def test_replace_events_keeps_other_documents(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    fresh_store.add_article(make_article("rafale", OTHER_STORY))
    fresh_store.replace_events("rafale", [full_event("rafale")], "v1")
    fresh_store.replace_events("tmt", [full_event()], "v1")
    fresh_store.replace_events("tmt", [], "v1")
    assert [e.doc_id for _, e in fresh_store.events()] == ["rafale"]


def test_replace_events_unlinks_deals(fresh_store):
    from armswatch.store.schema import DealEventRow, DealRow

    fresh_store.add_article(make_article("tmt", STORY))
    [event_id] = fresh_store.replace_events("tmt", [full_event()], "v1")
    with fresh_store.session() as session:
        deal = DealRow(deal_key="RUS-PAK-mi17", status="delivered")
        session.add(deal)
        session.flush()
        session.add(DealEventRow(deal_id=deal.id, event_id=event_id))
    fresh_store.replace_events("tmt", [full_event()], "v1")
    assert fresh_store.stats().deals == 1
    with fresh_store.session() as session:
        assert session.query(DealEventRow).count() == 0


def test_failed_replace_keeps_the_old_events(fresh_store):
    fresh_store.add_article(make_article("tmt", STORY))
    [old] = fresh_store.replace_events("tmt", [full_event()], "v1")
    broken = Event(doc_id="tmt", type="NOT-A-TYPE")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        fresh_store.replace_events("tmt", [full_event(), broken], "v2")
    assert [i for i, _ in fresh_store.events()] == [old]
    assert [a.doc_id for a in fresh_store.documents_needing_extraction("v1")] == []


def test_replace_events_of_unknown_document(fresh_store):
    with pytest.raises(UnknownDocument):
        fresh_store.replace_events("nope", [], "v1")


# -- queries ----------------------------------------------------------------------

SEED = {
    "tmt": [
        Event(
            doc_id="tmt",
            type=EventType.EMBARGO_LIFTED,
            supplier="RUS",
            recipient="PAK",
            modality=Modality.ASSERTED,
            year=2014,
            evidence=Evidence("Russia has lifted an embargo on weapons deliveries", 0, 51),
        ),
        Event(
            doc_id="tmt",
            type=EventType.NEGOTIATION,
            supplier="RUS",
            recipient="PAK",
            weapon="Mi-35",
            weapon_family="Mi-24/35",
            category="helicopters",
            year=2014,
            evidence=Evidence("is negotiating the sale of a number of Mi-35", 56, 100),
        ),
        Event(
            doc_id="tmt",
            type=EventType.DELIVERY,
            supplier="RUS",
            recipient="PAK",
            weapon="Mi-17",
            weapon_family="Mi-8/17",
            category="helicopters",
            quantity=70,
            year=1996,
            year_end=2010,
            evidence=Evidence("Russia delivered just 70 Mi-17 transport helicopters", 200, 252),
        ),
    ],
    "rafale": [
        Event(
            doc_id="rafale",
            type=EventType.AGREEMENT,
            supplier="FRA",
            recipient="IND",
            weapon="Rafale",
            weapon_family="Rafale",
            category="aircraft",
            quantity=36,
            value=Value(7_800_000_000, "EUR"),
            year=2016,
            evidence=Evidence("India has signed a contract with France for 36 Rafale", 0, 53),
        ),
        Event(
            doc_id="rafale",
            type=EventType.DELIVERY,
            supplier="FRA",
            recipient="IND",
            weapon="Rafale",
            weapon_family="Rafale",
            category="aircraft",
            year=2019,
            modality=Modality.PLANNED,
            evidence=Evidence("The first jets are due to be delivered in 2019.", 200, 247),
        ),
        Event(
            doc_id="rafale",
            type=EventType.OFFER,
            supplier="RUS",
            recipient="IND",
            weapon=None,
            category="aircraft",
            modality=Modality.POSSIBLE,
            evidence=None,
        ),
    ],
}

# Expected results are (doc_id, index into SEED[doc_id]).
TMT = [("tmt", i) for i in range(3)]
RAF = [("rafale", i) for i in range(3)]


@pytest.fixture
def seeded(fresh_store):
    fresh_store.add_article(
        make_article("tmt", STORY, title="Russia Lifts Arms Embargo on Pakistan")
    )
    fresh_store.add_article(make_article("rafale", OTHER_STORY, title="India buys 36 Rafales"))
    ids = {}
    for doc_id, events in SEED.items():
        for i, event_id in enumerate(fresh_store.replace_events(doc_id, events, "v1")):
            ids[(doc_id, i)] = event_id
    return fresh_store, ids


def _query_id(query: EventQuery | None) -> str:
    if query is None:
        return "None"
    set_fields = {f: getattr(query, f) for f in EventQuery.__slots__ if getattr(query, f) is not None}
    return ",".join(f"{k}={getattr(v, 'value', v)}" for k, v in set_fields.items()) or "empty"


QUERY_CASES = [
    (None, TMT + RAF),
    (EventQuery(), TMT + RAF),
    (EventQuery(party="RUS"), TMT + [("rafale", 2)]),
    (EventQuery(party="IND"), RAF),
    (EventQuery(supplier="FRA"), RAF[:2]),
    (EventQuery(recipient="PAK"), TMT),
    (EventQuery(supplier="RUS", recipient="IND"), [("rafale", 2)]),
    (EventQuery(type=EventType.DELIVERY), [("tmt", 2), ("rafale", 1)]),
    (EventQuery(type="AGREEMENT"), [("rafale", 0)]),
    (EventQuery(weapon="mi-"), [("tmt", 1), ("tmt", 2)]),
    (EventQuery(weapon="RAFALE"), RAF[:2]),
    (EventQuery(weapon="8/17"), [("tmt", 2)]),  # the family only
    (EventQuery(weapon="%"), []),  # LIKE wildcards are literal
    (EventQuery(weapon="_"), []),
    (EventQuery(category="helicopters"), [("tmt", 1), ("tmt", 2)]),
    (EventQuery(year_from=2015), [("rafale", 0), ("rafale", 1)]),
    (EventQuery(year_to=2000), [("tmt", 2)]),
    (EventQuery(year_from=2005, year_to=2005), [("tmt", 2)]),  # inside 1996-2010
    (EventQuery(year_from=2011, year_to=2014), [("tmt", 0), ("tmt", 1)]),
    (EventQuery(year_from=2017, year_to=2018), []),
    (EventQuery(modality=Modality.PLANNED), [("rafale", 1)]),
    (EventQuery(modality="possible"), [("rafale", 2)]),
    (EventQuery(doc_id="rafale"), RAF),
    (EventQuery(doc_id="nope"), []),
    (EventQuery(text="EMBARGO"), TMT),  # title of tmt (and evidence of event 0)
    (EventQuery(text="due to be delivered"), [("rafale", 1)]),  # evidence
    (EventQuery(text="rafales"), RAF),  # title, also for the event without evidence
    (EventQuery(text="100%"), []),
    (EventQuery(limit=2), TMT[:2]),
    (EventQuery(offset=4), RAF[1:]),
    (EventQuery(limit=2, offset=2), [("tmt", 2), ("rafale", 0)]),
    (EventQuery(party="RUS", type=EventType.DELIVERY, year_from=2000), [("tmt", 2)]),
    (EventQuery(party="RUS", category="aircraft", limit=5), [("rafale", 2)]),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [pytest.param(q, e, id=_query_id(q)) for q, e in QUERY_CASES],
)
def test_event_query_filters(seeded, query, expected):
    store, ids = seeded
    got = store.events(query)
    assert [event_id for event_id, _ in got] == [ids[key] for key in expected]
    for (doc_id, i), (_, event) in zip(expected, got):
        want = SEED[doc_id][i]
        assert event == Event(**{**{f: getattr(want, f) for f in Event.__slots__}, "doc_id": doc_id})


def test_event_source(fresh_store):
    fresh_store.add_article(
        make_article(
            "tmt",
            STORY,
            published=PUBLISHED,
            url="https://themoscowtimes.example/a",
            sources=["crawl.warc.gz#12"],
        )
    )
    fresh_store.add_article(make_article("local", OTHER_STORY, sources=["samples/x.txt"]))
    fresh_store.add_article(make_article("nowhere", "no source at all", sources=[]))
    [a] = fresh_store.replace_events("tmt", [full_event()], "v1")
    [b] = fresh_store.replace_events("local", [full_event("local")], "v1")
    [c] = fresh_store.replace_events("nowhere", [full_event("nowhere")], "v1")
    assert fresh_store.event_source(a) == ("tmt", "https://themoscowtimes.example/a", PUBLISHED)
    assert fresh_store.event_source(b) == ("local", "samples/x.txt", None)
    assert fresh_store.event_source(c) == ("nowhere", None, None)
    with pytest.raises(UnknownEvent):
        fresh_store.event_source(c + 1000)


def test_stats(seeded):
    store, _ = seeded
    assert store.stats() == StoreStats(documents=2, sources=2, events=6, skips=0, deals=0)
