"""Reading deals and dyads: what the CLI, the API and the exports call.

Every function opens its own read transaction; none writes. Claims are
returned oldest first (``rules.timeline_keys``) and conflicts are computed
from the claims as stored now, each claim credited to its source: the URL of
the earliest source of its document that has one, else that source's path
(the rule of ``Store.event_source``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from armswatch.link.deals import item_statement, to_item
from armswatch.link.embargo import embargo_periods, in_force
from armswatch.link.rules import Item, chronological, find_conflicts, to_claim
from armswatch.model import Deal, DealSummary, DyadTimeline, EmbargoPeriod, Event
from armswatch.store import EventQuery, Store
from armswatch.store.schema import (
    DealEventRow,
    DealRow,
    DocumentRow,
    EventRow,
    SourceRow,
)

_CHUNK = 500


@contextmanager
def read_session(store: Store) -> Iterator[Session]:
    """A read-only transaction on the store (never takes the write lock)."""
    with Session(store.engine, expire_on_commit=False) as session, session.begin():
        yield session


def sources_of_documents(session: Session, document_ids: Iterable[int]) -> dict[int, str | None]:
    """document pk -> its first URL, else its first source path, else None."""
    ids = sorted(set(document_ids))
    first: dict[int, str | None] = {}
    url: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for doc_pk, source, src_url in session.execute(
            select(SourceRow.document_id, SourceRow.source, SourceRow.url)
            .where(SourceRow.document_id.in_(chunk))
            .order_by(SourceRow.id)
        ):
            first.setdefault(doc_pk, source)
            if src_url and doc_pk not in url:
                url[doc_pk] = src_url
    return {pk: url.get(pk, first.get(pk)) for pk in ids}


def event_sources(session: Session, event_ids: Iterable[int]) -> dict[int, str | None]:
    """event id -> source of its document (see module docstring)."""
    ids = sorted(set(event_ids))
    doc_of: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        doc_of.update(
            list(session.execute(select(EventRow.id, EventRow.document_id).where(EventRow.id.in_(chunk))).tuples())
        )
    by_doc = sources_of_documents(session, doc_of.values())
    return {eid: by_doc.get(pk) for eid, pk in doc_of.items()}


def deal_items(session: Session, deal_ids: Sequence[int]) -> dict[int, list[Item]]:
    """deal id -> its events as ``Item``s (unordered)."""
    out: dict[int, list[Item]] = {d: [] for d in deal_ids}
    ids = list(deal_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stmt = item_statement().add_columns(DealEventRow.deal_id).join(
            DealEventRow, DealEventRow.event_id == EventRow.id
        ).where(DealEventRow.deal_id.in_(chunk))
        for row, evidence, doc_id, published, deal_id in session.execute(stmt):
            out[deal_id].append(to_item(row, evidence, doc_id, published))
    return out


def build_deals(session: Session, rows: Sequence[DealRow]) -> list[Deal]:
    """``model.Deal`` records (claims oldest first, conflicts) for deal rows, in the rows' order."""
    items = deal_items(session, [r.id for r in rows])
    sources = event_sources(session, [i.event_id for its in items.values() for i in its])
    deals = []
    for row in rows:
        members = chronological(items[row.id])
        deals.append(
            Deal(
                deal_key=row.deal_key,
                supplier=row.supplier,
                recipient=row.recipient,
                weapon_family=row.weapon_family,
                category=row.category,
                status=row.status,
                first_year=row.first_year,
                last_year=row.last_year,
                claims=[to_claim(i, sources.get(i.event_id)) for i in members],
                conflicts=find_conflicts(members, sources),
                id=row.id,
            )
        )
    return deals


def list_deals(
    store: Store,
    *,
    party: str | None = None,
    supplier: str | None = None,
    recipient: str | None = None,
    status: str | None = None,
    contested: bool | None = None,
    weapon: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[Deal]:
    """Deals matching every filter given, in id order, with their claims and conflicts.

    - ``party``: supplier or recipient; ``supplier`` / ``recipient``: exact codes.
    - ``status``: exact (``"delivered"``; see ``rules.STATUSES``).
    - ``contested``: True for contested deals only, False for uncontested only.
    - ``weapon``: case-insensitive substring of the deal's weapon family or of
      a designation one of its events names, or its exact category.
    - ``year_from`` / ``year_to``: the deal's years (first .. last) overlap
      this range; deals without a year are left out when either is given.
    - ``limit`` (None: no limit) / ``offset``: paging.
    """
    stmt = _deal_statement(select(DealRow), party=party, supplier=supplier, recipient=recipient, status=status,
                           contested=contested, weapon=weapon, year_from=year_from, year_to=year_to,
                           limit=limit, offset=offset)
    with read_session(store) as session:
        return build_deals(session, list(session.scalars(stmt)))


def deal_summaries(store: Store, *, limit: int | None = 100, offset: int = 0, **filters) -> list[DealSummary]:
    """The deals ``list_deals`` returns (same filters), as summaries, in one query.

    List pages need a deal's fields and its number of claims, not the claims:
    counting them in SQL keeps a page's cost independent of how many events
    the deals hold. ``contested`` is the flag the linker stored (the one the
    ``contested`` filter selects on).
    """
    n_claims = select(func.count()).where(DealEventRow.deal_id == DealRow.id).scalar_subquery()
    stmt = _deal_statement(select(DealRow, n_claims.label("n_claims")), limit=limit, offset=offset, **filters)
    with read_session(store) as session:
        return [
            DealSummary(id=row.id, deal_key=row.deal_key, supplier=row.supplier, recipient=row.recipient,
                        weapon_family=row.weapon_family, category=row.category, status=row.status,
                        first_year=row.first_year, last_year=row.last_year, contested=bool(row.contested),
                        n_claims=int(n or 0))
            for row, n in session.execute(stmt)
        ]


def _deal_statement(
    stmt,
    *,
    party: str | None = None,
    supplier: str | None = None,
    recipient: str | None = None,
    status: str | None = None,
    contested: bool | None = None,
    weapon: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = 100,
    offset: int = 0,
):
    """``stmt`` (a SELECT over DealRow) with the filters of ``list_deals``, ordered by id and paged."""
    if party is not None:
        stmt = stmt.where(or_(DealRow.supplier == party, DealRow.recipient == party))
    if supplier is not None:
        stmt = stmt.where(DealRow.supplier == supplier)
    if recipient is not None:
        stmt = stmt.where(DealRow.recipient == recipient)
    if status is not None:
        stmt = stmt.where(DealRow.status == status)
    if contested is not None:
        stmt = stmt.where(DealRow.contested.is_(bool(contested)))
    if weapon is not None:
        needle = weapon.lower()
        named = (
            exists()
            .where(DealEventRow.deal_id == DealRow.id)
            .where(EventRow.id == DealEventRow.event_id)
            .where(func.lower(EventRow.weapon).contains(needle, autoescape=True))
        )
        stmt = stmt.where(
            or_(
                func.lower(DealRow.weapon_family).contains(needle, autoescape=True),
                func.lower(DealRow.category) == needle,
                named,
            )
        )
    if year_from is not None:
        stmt = stmt.where(func.coalesce(DealRow.last_year, DealRow.first_year) >= year_from)
    if year_to is not None:
        stmt = stmt.where(DealRow.first_year <= year_to)
    stmt = stmt.order_by(DealRow.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return stmt


def get_deal(store: Store, deal_id: int) -> Deal | None:
    """One deal with its claims (oldest first) and conflicts, or None."""
    with read_session(store) as session:
        row = session.get(DealRow, deal_id)
        if row is None:
            return None
        return build_deals(session, [row])[0]


def get_deal_by_key(store: Store, deal_key: str) -> Deal | None:
    """The deal with this key (``RUS>PAK>Mi-24/35>2015``), or None."""
    with read_session(store) as session:
        row = session.scalars(select(DealRow).where(DealRow.deal_key == deal_key)).one_or_none()
        if row is None:
            return None
        return build_deals(session, [row])[0]


def _dyad_events(store: Store, supplier: str, recipient: str) -> list[tuple[int, Event, dt.date | None]]:
    events = store.events(EventQuery(supplier=supplier, recipient=recipient))
    with read_session(store) as session:
        published = dict(
            list(
                session.execute(
                    select(DocumentRow.doc_id, DocumentRow.published).where(
                        DocumentRow.doc_id.in_(sorted({e.doc_id for _, e in events}))
                    )
                ).tuples()
            )
        )
    return [(eid, e, published.get(e.doc_id)) for eid, e in events]


def _timeline_key(entry: tuple[int, Event, dt.date | None]) -> tuple:
    eid, event, published = entry
    year = event.year if event.year is not None else (published.year if published else None)
    return (year is None, year or 0, published or dt.date.max, eid)


def dyad_timeline(store: Store, supplier: str, recipient: str) -> DyadTimeline:
    """Every event between supplier and recipient (oldest first by year, then
    publication date; an undated event counts its publication year, events with
    neither come last), the dyad's deals, and its embargo periods."""
    entries = sorted(_dyad_events(store, supplier, recipient), key=_timeline_key)
    return DyadTimeline(
        supplier=supplier,
        recipient=recipient,
        events=[(eid, e) for eid, e, _ in entries],
        deals=list_deals(store, supplier=supplier, recipient=recipient, limit=None),
        embargo_periods=embargo_periods(entries),
    )


def embargo_history(store: Store, supplier: str, recipient: str) -> list[EmbargoPeriod]:
    """The embargo periods of one dyad (see ``armswatch.link.embargo``)."""
    return embargo_periods(_dyad_events(store, supplier, recipient))


def embargo_in_force(store: Store, supplier: str, recipient: str, year: int) -> bool:
    """Whether an embargo by ``supplier`` on ``recipient`` with a known start covered ``year``."""
    return in_force(embargo_history(store, supplier, recipient), year)


def dyads(store: Store) -> list[tuple[str, str, int, int]]:
    """(supplier, recipient, n_events, n_deals) for every dyad with an event; most events first."""
    with read_session(store) as session:
        events = session.execute(
            select(EventRow.supplier, EventRow.recipient, func.count())
            .where(EventRow.supplier.is_not(None), EventRow.recipient.is_not(None))
            .group_by(EventRow.supplier, EventRow.recipient)
        ).tuples()
        counts = {(s, r): [n, 0] for s, r, n in events}
        for s, r, n in session.execute(
            select(DealRow.supplier, DealRow.recipient, func.count())
            .where(DealRow.supplier.is_not(None), DealRow.recipient.is_not(None))
            .group_by(DealRow.supplier, DealRow.recipient)
        ).tuples():
            counts.setdefault((s, r), [0, 0])[1] = n
    rows = [(s, r, n_events, n_deals) for (s, r), (n_events, n_deals) in counts.items()]
    return sorted(rows, key=lambda t: (-t[2], -t[3], t[0], t[1]))


__all__ = [
    "build_deals",
    "deal_items",
    "deal_summaries",
    "dyad_timeline",
    "dyads",
    "embargo_history",
    "embargo_in_force",
    "event_sources",
    "get_deal",
    "get_deal_by_key",
    "list_deals",
    "read_session",
    "sources_of_documents",
]
