"""Flat records of events and deals, and their Arrow schemas (shared by every export format)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pyarrow as pa
from sqlalchemy import func, select

from armswatch.link.queries import read_session, sources_of_documents
from armswatch.model import Deal
from armswatch.store import Store
from armswatch.store.schema import DealEventRow, DealRow, DocumentRow, EventRow, EvidenceRow

#: Events fetched per round trip.
PAGE = 2000

#: One event per row: the contract fields (EVENTS.md), flattened, plus where it comes from and its deal.
EVENT_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("supplier", pa.string()),
        pa.field("recipient", pa.string()),
        pa.field("weapon", pa.string()),
        pa.field("weapon_family", pa.string()),
        pa.field("category", pa.string()),
        pa.field("quantity", pa.int64()),
        pa.field("quantity_qualifier", pa.string()),
        pa.field("value_amount", pa.int64()),
        pa.field("value_currency", pa.string()),
        pa.field("year", pa.int32()),
        pa.field("year_end", pa.int32()),
        pa.field("modality", pa.string(), nullable=False),
        pa.field("attribution", pa.string()),
        pa.field("evidence_text", pa.string()),
        pa.field("evidence_start", pa.int32()),
        pa.field("evidence_end", pa.int32()),
        pa.field("published", pa.date32()),
        pa.field("source", pa.string()),
        pa.field("deal_id", pa.int64()),
        pa.field("deal_key", pa.string()),
    ]
)

#: One deal per row; the claims are summarised (JSONL carries them in full).
DEAL_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("deal_key", pa.string(), nullable=False),
        pa.field("supplier", pa.string()),
        pa.field("recipient", pa.string()),
        pa.field("weapon_family", pa.string()),
        pa.field("category", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("contested", pa.bool_(), nullable=False),
        pa.field("first_year", pa.int32()),
        pa.field("last_year", pa.int32()),
        pa.field("n_claims", pa.int32(), nullable=False),
        pa.field("n_documents", pa.int32(), nullable=False),
        pa.field("designations", pa.list_(pa.string())),
        pa.field("stages", pa.list_(pa.string())),
        pa.field("conflict_fields", pa.list_(pa.string())),
        pa.field("event_ids", pa.list_(pa.int64())),
        pa.field("doc_ids", pa.list_(pa.string())),
        pa.field("sources", pa.list_(pa.string())),
    ]
)


def iter_event_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored event as a flat record of ``EVENT_SCHEMA`` fields (plus ``ingested_at``), by id."""
    last = 0
    while True:
        with read_session(store) as session:
            rows = session.execute(
                select(
                    EventRow,
                    EvidenceRow,
                    DocumentRow.id,
                    DocumentRow.doc_id,
                    DocumentRow.published,
                    DocumentRow.ingested_at,
                )
                .join(DocumentRow, EventRow.document_id == DocumentRow.id)
                .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.id)
                .where(EventRow.id > last)
                .order_by(EventRow.id)
                .limit(PAGE)
            ).all()
            if not rows:
                return
            ids = [r[0].id for r in rows]
            deals: dict[int, tuple[int, str]] = {}
            for event_id, deal_id, key in session.execute(
                select(DealEventRow.event_id, DealRow.id, DealRow.deal_key)
                .join(DealRow, DealRow.id == DealEventRow.deal_id)
                .where(DealEventRow.event_id.in_(ids))
                .order_by(DealRow.id)
            ):
                deals.setdefault(event_id, (deal_id, key))
            sources = sources_of_documents(session, {r[2] for r in rows})
        for event, evidence, doc_pk, doc_id, published, ingested_at in rows:
            deal = deals.get(event.id)
            yield {
                "id": event.id,
                "doc_id": doc_id,
                "type": event.type,
                "supplier": event.supplier,
                "recipient": event.recipient,
                "weapon": event.weapon,
                "weapon_family": event.weapon_family,
                "category": event.category,
                "quantity": event.quantity,
                "quantity_qualifier": event.quantity_qualifier,
                "value_amount": event.value_amount,
                "value_currency": event.value_currency,
                "year": event.year,
                "year_end": event.year_end,
                "modality": event.modality,
                "attribution": event.attribution,
                "evidence_text": evidence.text if evidence is not None else None,
                "evidence_start": evidence.start if evidence is not None else None,
                "evidence_end": evidence.end if evidence is not None else None,
                "published": published,
                "source": sources.get(doc_pk),
                "deal_id": deal[0] if deal else None,
                "deal_key": deal[1] if deal else None,
                "ingested_at": ingested_at,
            }
        last = rows[-1][0].id


def event_contract(record: dict[str, Any]) -> dict[str, Any]:
    """A flat event record as the JSON of EVENTS.md section 5, plus id, family, source and deal."""
    value = None
    if record["value_amount"] is not None:
        value = {"amount": record["value_amount"], "currency": record["value_currency"]}
    evidence = None
    if record["evidence_text"] is not None:
        evidence = {
            "text": record["evidence_text"],
            "start": record["evidence_start"],
            "end": record["evidence_end"],
        }
    published = record["published"]
    return {
        "id": record["id"],
        "doc_id": record["doc_id"],
        "type": record["type"],
        "supplier": record["supplier"],
        "recipient": record["recipient"],
        "weapon": record["weapon"],
        "weapon_family": record["weapon_family"],
        "category": record["category"],
        "quantity": record["quantity"],
        "quantity_qualifier": record["quantity_qualifier"],
        "value": value,
        "year": record["year"],
        "year_end": record["year_end"],
        "modality": record["modality"],
        "attribution": record["attribution"],
        "evidence": evidence,
        "published": published.isoformat() if published else None,
        "source": record["source"],
        "deal_id": record["deal_id"],
        "deal_key": record["deal_key"],
    }


def deal_record(deal: Deal) -> dict[str, Any]:
    """A deal as a flat record of ``DEAL_SCHEMA`` fields."""
    designations: dict[str, None] = {}
    stages: dict[str, None] = {}
    docs: dict[str, None] = {}
    sources: dict[str, None] = {}
    for claim in deal.claims:
        if claim.weapon:
            designations.setdefault(claim.weapon, None)
        stages.setdefault(claim.type.value, None)
        docs.setdefault(claim.doc_id, None)
        if claim.source:
            sources.setdefault(claim.source, None)
    return {
        "id": deal.id,
        "deal_key": deal.deal_key,
        "supplier": deal.supplier,
        "recipient": deal.recipient,
        "weapon_family": deal.weapon_family,
        "category": deal.category,
        "status": deal.status,
        "contested": deal.contested,
        "first_year": deal.first_year,
        "last_year": deal.last_year,
        "n_claims": len(deal.claims),
        "n_documents": len(docs),
        "designations": list(designations),
        "stages": list(stages),
        "conflict_fields": sorted({f"{c.stage}.{c.field}" if c.stage else c.field for c in deal.conflicts}),
        "event_ids": [c.event_id for c in deal.claims],
        "doc_ids": list(docs),
        "sources": list(sources),
    }


def deal_document(deal: Deal) -> dict[str, Any]:
    """A deal as one JSON object with every claim (oldest first) and every conflict."""
    out = {k: v for k, v in deal_record(deal).items() if k not in ("event_ids",)}
    out["claims"] = [
        {
            "event_id": c.event_id,
            "doc_id": c.doc_id,
            "type": c.type.value,
            "modality": c.modality.value,
            "weapon": c.weapon,
            "quantity": c.quantity,
            "quantity_qualifier": c.quantity_qualifier,
            "value": {"amount": c.value.amount, "currency": c.value.currency} if c.value else None,
            "year": c.year,
            "year_end": c.year_end,
            "attribution": c.attribution,
            "evidence": (
                {"text": c.evidence.text, "start": c.evidence.start, "end": c.evidence.end}
                if c.evidence
                else None
            ),
            "source": c.source,
            "published": c.published.isoformat() if c.published else None,
        }
        for c in deal.claims
    ]
    out["conflicts"] = [
        {
            "field": c.field,
            "stage": c.stage,
            "claims": [
                {"doc_id": doc_id, "value": value, "event_id": eid, "source": src}
                for (doc_id, value), eid, src in zip(
                    c.claims,
                    c.event_ids or [None] * len(c.claims),
                    c.sources or [None] * len(c.claims),
                )
            ],
        }
        for c in deal.conflicts
    ]
    return out


@lru_cache(maxsize=1)
def party_names() -> dict[str, str]:
    """party code -> the first country (else body, else any) alias of parties.csv."""
    from armswatch.extract.resources import party_aliases

    ranked: dict[str, tuple[int, str]] = {}
    order = {"country": 0, "body": 1, "nsa": 2}
    for alias in party_aliases():
        rank = order.get(alias.kind, 3)
        if alias.code not in ranked or rank < ranked[alias.code][0]:
            ranked[alias.code] = (rank, alias.alias)
    return {code: name for code, (_, name) in ranked.items()}


def party_name(code: str | None) -> str:
    """A display name for a party code (the code itself when unknown; ``NSA:`` names unprefixed)."""
    if not code:
        return ""
    name = party_names().get(code)
    if name:
        return name
    return code[4:] if code.startswith("NSA:") else code


def count_events(store: Store) -> int:
    with read_session(store) as session:
        return session.scalar(select(func.count()).select_from(EventRow)) or 0


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


__all__ = [
    "DEAL_SCHEMA",
    "EVENT_SCHEMA",
    "as_date",
    "count_events",
    "deal_document",
    "deal_record",
    "event_contract",
    "iter_event_records",
    "party_name",
    "party_names",
]
