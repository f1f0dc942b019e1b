"""Writing deals: ``link_store`` keeps the ``deals`` and ``deal_events`` tables up to date.

Linking is incremental, one dyad at a time. A run:

1. finds the dyads (supplier -> recipient) that have a linkable event not yet
   attached to a deal (new documents, and documents extracted again, whose
   old events and links ``Store.replace_events`` removed), or a deal left
   with no event at all;
2. for each such dyad, plans its deals from all of the dyad's stored events
   with ``rules.plan_dyad`` and makes the tables agree with the plan, keeping
   the id of every deal that still exists (matched by shared events, then by
   deal key) and deleting the deals no longer planned. Dyads without new
   events are not touched.

Because a dyad's deals are always planned from all its events, the result
does not depend on how the documents were split between runs; and a second
run finds nothing to do.

A deal can also lose events without its dyad getting new ones (a document
re-extracted with fewer findings). Such a document was ingested before the
last linking run and extracted after it; when one exists, every dyad with
deals is re-planned once and every deal's ``updated_at`` is set to now, which
marks them as checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from sqlalchemy import and_, delete, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from armswatch.link.rules import EMBARGO_TYPES, Item, PlannedDeal, plan_dyad
from armswatch.store import Store
from armswatch.store.store import event_from_row
from armswatch.store.schema import (
    DealEventRow,
    DealRow,
    DocumentRow,
    EventRow,
    EvidenceRow,
    utcnow,
)


#: PostgreSQL advisory lock taken by ``link_store`` ("link" in ASCII).
LINK_LOCK_KEY = 0x6C696E6B


@dataclass(slots=True)
class LinkSummary:
    """What one ``link_store`` run did.

    ``deals`` and ``contested`` count every deal in the store after the run;
    ``new_deals``, ``updated_deals`` and ``removed_deals`` count what this run
    changed; ``dyads`` is how many dyads it re-planned.
    """

    deals: int = 0
    new_deals: int = 0
    updated_deals: int = 0
    contested: int = 0
    removed_deals: int = 0
    dyads: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.new_deals or self.updated_deals or self.removed_deals)


# -- reading events as items ----------------------------------------------------------


def item_statement():
    """SELECT (EventRow, EvidenceRow | None, doc_id, published) for building ``Item``s."""
    return (
        select(EventRow, EvidenceRow, DocumentRow.doc_id, DocumentRow.published)
        .join(DocumentRow, EventRow.document_id == DocumentRow.id)
        .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.id)
    )


def to_item(row: EventRow, evidence: EvidenceRow | None, doc_id: str, published) -> Item:
    """The linking view of a stored event: the store's Event record plus its id, date and position."""
    event = event_from_row(row, evidence, doc_id)
    shared = {f.name: getattr(event, f.name) for f in fields(Item) if hasattr(event, f.name)}
    return Item(event_id=row.id, published=published, start=evidence.start if evidence is not None else -1, **shared)


def linkable_condition():
    """SQL twin of ``rules.is_linkable``."""
    return and_(
        EventRow.supplier.is_not(None),
        EventRow.recipient.is_not(None),
        EventRow.type.not_in([t.value for t in EMBARGO_TYPES]),
        or_(
            EventRow.weapon.is_not(None),
            EventRow.weapon_family.is_not(None),
            EventRow.category.is_not(None),
        ),
    )


# -- the run ------------------------------------------------------------------------------


def link_store(store: Store) -> LinkSummary:
    """Attach every linkable event not yet in a deal, updating the deals of its dyad.

    Runs in one write transaction. Running it again right away changes nothing.
    """
    summary = LinkSummary()
    with store.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # One linker at a time (SQLite's write transaction already ensures it).
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LINK_LOCK_KEY})
        refresh_all = _reextraction_suspected(session)
        dirty = _dyads_of_empty_deals(session)
        dirty |= set(
            session.execute(
                select(EventRow.supplier, EventRow.recipient)
                .where(linkable_condition())
                .where(~exists().where(DealEventRow.event_id == EventRow.id))
                .distinct()
            ).tuples()
        )
        if refresh_all:
            dirty |= set(session.execute(select(DealRow.supplier, DealRow.recipient).distinct()).tuples())
        now = utcnow()
        for supplier, recipient in sorted(d for d in dirty if d[0] and d[1]):
            _relink_dyad(session, supplier, recipient, summary, now)
            summary.dyads += 1
        if refresh_all:
            session.execute(update(DealRow).values(updated_at=now))
        session.flush()
        summary.deals = session.scalar(select(func.count()).select_from(DealRow)) or 0
        summary.contested = (
            session.scalar(select(func.count()).select_from(DealRow).where(DealRow.contested)) or 0
        )
    return summary


def _reextraction_suspected(session: Session) -> bool:
    """A document stored before the last linking run was extracted after it."""
    watermark = select(func.max(DealRow.updated_at)).scalar_subquery()
    found = session.scalar(
        select(DocumentRow.id)
        .where(DocumentRow.ingested_at <= watermark, DocumentRow.extracted_at > watermark)
        .limit(1)
    )
    return found is not None


def _dyads_of_empty_deals(session: Session) -> set[tuple[str, str]]:
    """Dyads of deals left without events (their documents were extracted again).

    They are re-planned like any dyad with new events, so that a deal whose
    document came back with the same findings keeps its id.
    """
    return set(
        session.execute(
            select(DealRow.supplier, DealRow.recipient)
            .where(~exists().where(DealEventRow.deal_id == DealRow.id))
            .distinct()
        ).tuples()
    )


def _match(planned: list[PlannedDeal], existing: list[DealRow], members: dict[int, set[int]]) -> dict[int, DealRow]:
    """planned index -> the existing row it continues (most shared events first, then same key)."""
    candidates = []
    for index, plan in enumerate(planned):
        ids = plan.event_ids
        for row in existing:
            shared = len(ids & members.get(row.id, set()))
            if shared:
                candidates.append((-shared, index, row.id, row))
    matched: dict[int, DealRow] = {}
    taken: set[int] = set()
    for _, index, row_id, row in sorted(candidates, key=lambda c: c[:3]):
        if index not in matched and row_id not in taken:
            matched[index] = row
            taken.add(row_id)
    by_key = {row.deal_key: row for row in existing if row.id not in taken}
    for index, plan in enumerate(planned):
        row = by_key.get(plan.key)
        if index not in matched and row is not None and row.id not in taken:
            matched[index] = row
            taken.add(row.id)
    return matched


def _relink_dyad(session: Session, supplier: str, recipient: str, summary: LinkSummary, now) -> None:
    rows = session.execute(
        item_statement().where(EventRow.supplier == supplier, EventRow.recipient == recipient)
    ).all()
    planned = plan_dyad(supplier, recipient, (to_item(*r) for r in rows))
    existing = list(
        session.scalars(
            select(DealRow)
            .where(DealRow.supplier == supplier, DealRow.recipient == recipient)
            .order_by(DealRow.id)
        )
    )
    members: dict[int, set[int]] = {row.id: set() for row in existing}
    if existing:
        for deal_id, event_id in session.execute(
            select(DealEventRow.deal_id, DealEventRow.event_id).where(
                DealEventRow.deal_id.in_(list(members))
            )
        ):
            members[deal_id].add(event_id)
    matched = _match(planned, existing, members)

    # Deals no longer planned go first, so that their keys are free.
    kept = {row.id for row in matched.values()}
    gone = [row for row in existing if row.id not in kept]
    for row in gone:
        session.delete(row)
    summary.removed_deals += len(gone)
    session.flush()

    # Keys that change are renamed in two steps (two deals may swap keys).
    renamed = [(index, row) for index, row in matched.items() if row.deal_key != planned[index].key]
    if renamed:
        for _, row in renamed:
            row.deal_key = f"~relinking~{row.id}"
        session.flush()

    removals: list[tuple[int, set[int]]] = []
    additions: list[tuple[int, set[int]]] = []
    for index, row in sorted(matched.items()):
        plan = planned[index]
        current = members.get(row.id, set())
        changed = _apply(row, plan) or current != plan.event_ids
        if current - plan.event_ids:
            removals.append((row.id, current - plan.event_ids))
        if plan.event_ids - current:
            additions.append((row.id, plan.event_ids - current))
        if changed:
            row.updated_at = now
            summary.updated_deals += 1
    for deal_id, event_ids in removals:
        session.execute(
            delete(DealEventRow).where(
                DealEventRow.deal_id == deal_id, DealEventRow.event_id.in_(sorted(event_ids))
            ),
            execution_options={"synchronize_session": False},
        )
    session.flush()
    for deal_id, event_ids in additions:
        session.add_all(DealEventRow(deal_id=deal_id, event_id=e) for e in sorted(event_ids))

    for index, plan in enumerate(planned):
        if index in matched:
            continue
        row = DealRow(deal_key=plan.key, status=plan.status, updated_at=now)
        _apply(row, plan)
        session.add(row)
        session.flush()
        session.add_all(DealEventRow(deal_id=row.id, event_id=e) for e in sorted(plan.event_ids))
        summary.new_deals += 1
    session.flush()


def _apply(row: DealRow, plan: PlannedDeal) -> bool:
    """Copy the plan's fields onto the row; whether anything changed."""
    changed = False
    for name, value in (
        ("deal_key", plan.key),
        ("supplier", plan.supplier),
        ("recipient", plan.recipient),
        ("weapon_family", plan.weapon_family),
        ("category", plan.category),
        ("status", plan.status),
        ("first_year", plan.first_year),
        ("last_year", plan.last_year),
        ("contested", plan.contested),
    ):
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def load_items(session: Session, event_ids: Iterable[int]) -> dict[int, Item]:
    """event id -> Item, for the given ids."""
    ids = sorted(set(event_ids))
    out: dict[int, Item] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for r in session.execute(item_statement().where(EventRow.id.in_(chunk))):
            item = to_item(*r)
            out[item.event_id] = item
    return out


__all__ = ["LinkSummary", "item_statement", "link_store", "linkable_condition", "load_items", "to_item"]
