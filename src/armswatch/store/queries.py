"""Filters over stored events (``EventQuery``) and the statement they build.

Every filter becomes a bound parameter of an SQLAlchemy expression; no SQL
is ever assembled from strings, and the same statement runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from armswatch.model import EventType, Modality
from armswatch.store.schema import DocumentRow, EventRow, EvidenceRow


@dataclass(slots=True)
class EventQuery:
    """Which events to return; every filter left as None is not applied.

    - ``party``: the supplier or the recipient is this party (``"RUS"``).
    - ``supplier`` / ``recipient``: exact party codes.
    - ``type``: an ``EventType`` or its name (``"DELIVERY"``).
    - ``weapon``: case-insensitive substring of the weapon or weapon family.
    - ``category``: exact category (``"helicopters"``).
    - ``year_from`` / ``year_to``: the event's years (``year`` ..
      ``year_end``) overlap this range; events without a year are left out
      when either bound is given.
    - ``modality``: a ``Modality`` or its value (``"planned"``).
    - ``doc_id``: events of this document only.
    - ``text``: case-insensitive substring of the evidence or the document title.
    - ``limit`` / ``offset``: paging, in event id order.
    """

    party: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    type: EventType | str | None = None
    weapon: str | None = None
    category: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    modality: Modality | str | None = None
    doc_id: str | None = None
    text: str | None = None
    limit: int | None = None
    offset: int | None = None


def _enum_value(value: EventType | Modality | str) -> str:
    return value.value if isinstance(value, (EventType, Modality)) else str(value)


def event_statement(query: EventQuery | None = None) -> Select:
    """The SELECT of (EventRow, EvidenceRow | None, document doc_id) for ``query``."""
    q = query or EventQuery()
    stmt = (
        select(EventRow, EvidenceRow, DocumentRow.doc_id)
        .join(DocumentRow, EventRow.document_id == DocumentRow.id)
        .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.id)
    )
    if q.party is not None:
        stmt = stmt.where(or_(EventRow.supplier == q.party, EventRow.recipient == q.party))
    if q.supplier is not None:
        stmt = stmt.where(EventRow.supplier == q.supplier)
    if q.recipient is not None:
        stmt = stmt.where(EventRow.recipient == q.recipient)
    if q.type is not None:
        stmt = stmt.where(EventRow.type == _enum_value(q.type))
    if q.weapon is not None:
        stmt = stmt.where(
            or_(
                func.lower(EventRow.weapon).contains(q.weapon.lower(), autoescape=True),
                func.lower(EventRow.weapon_family).contains(q.weapon.lower(), autoescape=True),
            )
        )
    if q.category is not None:
        stmt = stmt.where(EventRow.category == q.category)
    if q.year_from is not None:
        stmt = stmt.where(func.coalesce(EventRow.year_end, EventRow.year) >= q.year_from)
    if q.year_to is not None:
        stmt = stmt.where(EventRow.year <= q.year_to)
    if q.modality is not None:
        stmt = stmt.where(EventRow.modality == _enum_value(q.modality))
    if q.doc_id is not None:
        stmt = stmt.where(DocumentRow.doc_id == q.doc_id)
    if q.text is not None:
        needle = q.text.lower()
        stmt = stmt.where(
            or_(
                func.lower(EvidenceRow.text).contains(needle, autoescape=True),
                func.lower(DocumentRow.title).contains(needle, autoescape=True),
            )
        )
    stmt = stmt.order_by(EventRow.id)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    if q.offset is not None:
        stmt = stmt.offset(q.offset)
    return stmt


__all__ = ["EventQuery", "event_statement"]
