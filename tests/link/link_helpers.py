"""Helpers of the linking tests: store hand-made articles and events (no extractor).

Every story here is written for these tests; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

from armswatch.model import Article, Event, EventType, Evidence, Modality, Value
from armswatch.store import Store


def event(
    doc_id: str,
    type_: str,
    supplier: str | None,
    recipient: str | None,
    *,
    weapon: str | None = None,
    family: str | None = None,
    category: str | None = None,
    quantity: int | None = None,
    qualifier: str | None = None,
    value: tuple[int, str] | None = None,
    year: int | None = None,
    year_end: int | None = None,
    modality: str = "asserted",
    attribution: str | None = None,
) -> Event:
    """An event as the extractor would give it (evidence filled in by ``put``)."""
    return Event(
        doc_id=doc_id,
        type=EventType(type_),
        supplier=supplier,
        recipient=recipient,
        weapon=weapon,
        weapon_family=family,
        category=category,
        quantity=quantity,
        quantity_qualifier=qualifier or ("exact" if quantity is not None else None),
        value=Value(*value) if value else None,
        year=year,
        year_end=year_end,
        modality=Modality(modality),
        attribution=attribution,
    )


def put(
    store: Store,
    doc_id: str,
    text: str,
    events: list[Event],
    *,
    published: dt.date | None = None,
    url: str | None = None,
    version: str = "test-1",
) -> list[int]:
    """Store one article and make ``events`` its events; each event's evidence is its
    sentence of ``text`` (the n-th sentence for the n-th event, the last one when
    there are fewer sentences)."""
    store.add_article(
        Article(
            doc_id=doc_id,
            text=text,
            title=text.split(".")[0][:60],
            published=published,
            url=url,
            sources=[url or f"{doc_id}.txt"],
        )
    )
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    for n, e in enumerate(events):
        sentence = sentences[min(n, len(sentences) - 1)]
        start = text.find(sentence[:-1])
        e.doc_id = doc_id
        e.evidence = Evidence(text=sentence, start=start, end=start + len(sentence))
    return store.replace_events(doc_id, events, extractor_version=version)


def snapshot(store: Store) -> list[tuple]:
    """Every deal as comparable content (no ids): key, fields, members by document."""
    from armswatch.link import list_deals

    out = []
    for deal in list_deals(store, limit=None):
        members = sorted(
            (c.doc_id, c.evidence.start if c.evidence else -1, c.type.value) for c in deal.claims
        )
        conflicts = sorted((c.field, c.stage, tuple(map(str, c.claims))) for c in deal.conflicts)
        out.append(
            (
                deal.deal_key,
                deal.status,
                deal.weapon_family,
                deal.category,
                deal.first_year,
                deal.last_year,
                deal.contested,
                tuple(members),
                tuple(conflicts),
            )
        )
    return sorted(out)


# -- a small world of invented reports, used by several tests ------------------------------

WORLD: list[dict] = [
    {
        "doc_id": "eg-1",
        "published": dt.date(2021, 3, 2),
        "url": "https://news.example/eg-1",
        "text": "Egypt has put its name to a contract for 20 Rafale fighters this year.",
        "events": lambda d: [
            event(d, "AGREEMENT", "FRA", "EGY", weapon="Rafale", category="aircraft", quantity=20, year=2021)
        ],
    },
    {
        "doc_id": "eg-2",
        "published": dt.date(2021, 5, 10),
        "url": "https://news.example/eg-2",
        "text": "A defence weekly put the size of the Egyptian Rafale order at 24 jets.",
        "events": lambda d: [
            event(d, "AGREEMENT", "FRA", "EGY", weapon="Rafale", category="aircraft", quantity=24, year=2021)
        ],
    },
    {
        "doc_id": "pk-1",
        "published": None,
        "url": None,
        "text": "Officials in Moscow and Islamabad are discussing a sale of Mi-35 gunships. The ban on arms sales has been dropped.",
        "events": lambda d: [
            event(d, "NEGOTIATION", "RUS", "PAK", weapon="Mi-35", family="Mi-24/35", category="helicopters"),
            event(d, "EMBARGO_LIFTED", "RUS", "PAK"),
        ],
    },
    {
        "doc_id": "pk-2",
        "published": dt.date(2019, 8, 1),
        "url": "https://news.example/pk-2",
        "text": "The four Mi-35M gunships Pakistan ordered in 2015 have all been handed over. They were delivered on time.",
        "events": lambda d: [
            event(d, "AGREEMENT", "RUS", "PAK", weapon="Mi-35M", family="Mi-24/35", category="helicopters",
                  quantity=4, year=2015),
            event(d, "DELIVERY", "RUS", "PAK", weapon="Mi-35M", family="Mi-24/35", category="helicopters",
                  quantity=4),
        ],
    },
    {
        "doc_id": "pk-3",
        "published": dt.date(2019, 9, 3),
        "url": "https://news.example/pk-3",
        "text": "Islamabad asked Moscow for a large batch of Kalashnikov rifles. Moscow said no to the request. Relations stay cordial.",
        "events": lambda d: [
            event(d, "REQUEST", "RUS", "PAK", weapon="AK", family="AK", category="small-arms", quantity=50000),
            event(d, "REJECTION", "RUS", "PAK", weapon="AK", family="AK", category="small-arms"),
            event(d, "NEGOTIATION", "RUS", "PAK"),  # no weapon, no category: the dyad only
        ],
    },
    {
        "doc_id": "in-1",
        "published": dt.date(2021, 11, 5),
        "url": "https://news.example/in-1",
        "text": "New Delhi signed for a further batch of S-400 systems in 2021.",
        "events": lambda d: [
            event(d, "AGREEMENT", "RUS", "IND", weapon="S-400", category="air-defence", year=2021)
        ],
    },
    {
        "doc_id": "in-2",
        "published": dt.date(2021, 11, 9),
        "url": "https://news.example/in-2",
        "text": "The ministry in New Delhi said no new S-400 contract had been signed.",
        "events": lambda d: [
            event(d, "AGREEMENT", "RUS", "IND", weapon="S-400", category="air-defence", year=2021,
                  modality="denied")
        ],
    },
    {
        "doc_id": "cn-1",
        "published": dt.date(1990, 1, 15),
        "url": "https://news.example/cn-1",
        "text": "European governments halted weapons exports to Beijing in 1989.",
        "events": lambda d: [event(d, "EMBARGO_IMPOSED", "EU", "CHN", year=1989)],
    },
]


def put_world(store: Store, names: list[str] | None = None) -> None:
    """Store the WORLD documents (all, or those named), in the order given."""
    by_id = {w["doc_id"]: w for w in WORLD}
    for name in names or [w["doc_id"] for w in WORLD]:
        w = by_id[name]
        put(store, name, w["text"], w["events"](name), published=w["published"], url=w["url"])
