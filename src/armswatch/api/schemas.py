"""Response and request models of the API, mapped from the records of ``armswatch.model``.

Every API route returns one of these models, and every web page renders the
same model (the datasette idea: one set of data, two renderings). The
``from_*`` functions are the only place a dataclass record becomes a model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from armswatch import model
from armswatch.provenance import public_source
from armswatch.model import (
    CATEGORIES,
    Claim,
    Conflict,
    Deal,
    EmbargoPeriod,
    Event,
    EventType,
    Evidence,
    Modality,
    Value,
)

# Lifecycle order of a deal: what a stage stepper shows, left to right.
LIFECYCLE: tuple[EventType, ...] = (
    EventType.OFFER,
    EventType.REQUEST,
    EventType.NEGOTIATION,
    EventType.AGREEMENT,
    EventType.DELIVERY,
    EventType.REJECTION,
    EventType.CANCELLATION,
)

Category = Enum("Category", {c.replace("-", "_"): c for c in CATEGORIES}, type=str)  # type: ignore[misc]
Category.__doc__ = "One of the equipment categories of EVENTS.md."

Scalar = str | int | float | bool | None


class _Out(BaseModel):
    model_config = ConfigDict(use_enum_values=True)


class EvidenceOut(_Out):
    text: str
    start: int
    end: int


class ValueOut(_Out):
    amount: int
    currency: str


class EventOut(_Out):
    """One stored event with its evidence and where it was reported."""

    id: int
    doc_id: str
    type: EventType
    supplier: str | None = None
    recipient: str | None = None
    weapon: str | None = None
    weapon_family: str | None = None
    category: str | None = None
    quantity: int | None = None
    quantity_qualifier: str | None = None
    value: ValueOut | None = None
    year: int | None = None
    year_end: int | None = None
    year_inferred: bool = Field(
        False, description="True when no year was written and ``year`` is the publication year."
    )
    modality: Modality
    attribution: str | None = None
    evidence: EvidenceOut | None = None
    title: str | None = Field(None, description="Title of the reporting document.")
    published: dt.date | None = Field(None, description="Publication date of the reporting document.")


class Page(_Out):
    total: int = Field(description="How many items match, over all pages.")
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventOut]


class DocumentSummary(_Out):
    doc_id: str
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    n_events: int = 0


class DocumentPage(Page):
    items: list[DocumentSummary]


class Segment(_Out):
    """A stretch of the document text and the events whose evidence covers it."""

    start: int
    end: int
    event_ids: list[int]


class RevisionOut(_Out):
    """One text a document's id, URL or path held (the latest is the document's text)."""

    revision: int
    latest: bool
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    content_hash: str | None = None
    ingested_at: dt.datetime


class DocumentOut(_Out):
    """A cleaned article (its latest revision), its events, and the text cut into evidence segments."""

    doc_id: str
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    syndicated_from: str | None = None
    url: str | None = None
    sources: list[str] = []
    text: str
    events: list[EventOut]
    segments: list[Segment] = Field(
        description="The text cut at every evidence boundary; segments with event_ids are highlighted."
    )
    unplaced_event_ids: list[int] = Field(
        [], description="Events whose evidence offsets do not point into the text."
    )
    revision: int = Field(1, description="The number of the revision shown (the latest).")
    revisions: list[RevisionOut] = Field(
        [], description="Every revision of this document, oldest first; events are those of the latest."
    )


class ClaimOut(_Out):
    event_id: int
    doc_id: str
    type: EventType
    modality: Modality
    quantity: int | None = None
    value: ValueOut | None = None
    year: int | None = None
    year_inferred: bool = Field(
        False, description="True when no year was written and ``year`` is the publication year."
    )
    evidence: EvidenceOut | None = None
    source: str | None = Field(None, description="URL, else the file name (never a server path), of the claim's document.")
    published: dt.date | None = None
    outlet: str | None = Field(None, description="Publisher of the claim's document, when known.")
    title: str | None = Field(None, description="Title of the claim's document.")


class ConflictClaimOut(_Out):
    doc_id: str | None = None
    value: Scalar
    event_id: int | None = None
    source: str | None = Field(None, description="URL (else file name) the claim's document came from.")


class ConflictOut(_Out):
    field: str
    stage: str | None = Field(None, description="The lifecycle stage the sources disagree about.")
    claims: list[ConflictClaimOut]


class StageOut(_Out):
    """One lifecycle stage of a deal and the claims that report it."""

    type: EventType
    reported: bool
    n_claims: int
    years: list[int]
    event_ids: list[int]


class DealSummary(_Out):
    id: int | None
    deal_key: str
    supplier: str | None = None
    recipient: str | None = None
    weapon_family: str | None = None
    category: str | None = None
    status: str
    first_year: int | None = None
    last_year: int | None = None
    contested: bool
    n_claims: int


class DealOut(DealSummary):
    stages: list[StageOut]
    claims: list[ClaimOut]
    conflicts: list[ConflictOut]


class DealPage(_Out):
    limit: int
    offset: int
    linking_available: bool
    items: list[DealSummary]


class DyadOut(_Out):
    supplier: str
    recipient: str
    n_events: int
    n_deals: int


class DyadList(_Out):
    linking_available: bool
    items: list[DyadOut]


class EmbargoPeriodOut(_Out):
    since: int | None
    until: int | None
    imposed_event_id: int | None = None
    lifted_event_id: int | None = None


class DyadTimelineOut(_Out):
    supplier: str
    recipient: str
    linking_available: bool
    events: list[EventOut]
    deals: list[DealSummary]
    embargo_periods: list[EmbargoPeriodOut]


class NodeOut(_Out):
    party: str
    name: str | None = None
    n_events: int
    as_supplier: int
    as_recipient: int


class NetworkOut(_Out):
    linking_available: bool
    nodes: list[NodeOut]
    edges: list[DyadOut]
    truncated: bool = Field(False, description="True when only the most active parties are shown.")


class YearCount(_Out):
    year: int
    total: int
    by_type: dict[str, int]


class StatsOut(_Out):
    documents: int
    sources: int
    events: int
    skips: int
    deals: int
    linking_available: bool
    by_type: dict[str, int]
    by_year: list[YearCount]
    undated: int = Field(description="Events without a year.")


class OverviewOut(_Out):
    stats: StatsOut
    latest_events: list[EventOut]
    contested_deals: list[DealSummary]


class SearchOut(_Out):
    q: str | None
    total: int
    limit: int
    offset: int
    events: list[EventOut]
    documents: list[DocumentSummary] = Field(description="Documents whose title matches q.")


class ArticleIn(BaseModel):
    """An article to ingest: the fields of one line of a ``.jsonl`` corpus."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=500)
    title: str | None = Field(None, max_length=2000)
    text: str | None = None
    html: str | None = None
    published: str | None = Field(None, max_length=100)
    url: str | None = Field(None, max_length=4000)
    publisher: str | None = Field(None, max_length=500)


class IngestOut(_Out):
    doc_id: str | None
    is_new: bool
    events: int
    skipped: str | None = Field(None, description="Why the article was not stored, when it was not.")
    not_extracted: str | None = Field(
        None, description="Why no events were extracted from the stored article (over the time budget), if so.")


class LinkOut(_Out):
    linked: bool
    summary: dict[str, Scalar]


class ErrorOut(_Out):
    detail: str


# -- mapping from the records ---------------------------------------------------


def from_evidence(e: Evidence | None) -> EvidenceOut | None:
    return None if e is None else EvidenceOut(text=e.text, start=e.start, end=e.end)


def from_value(v: Value | None) -> ValueOut | None:
    return None if v is None else ValueOut(amount=v.amount, currency=v.currency)


def from_event(
    event_id: int, e: Event, title: str | None = None, published: dt.date | None = None
) -> EventOut:
    return EventOut(
        id=event_id,
        doc_id=e.doc_id,
        type=e.type,
        supplier=e.supplier,
        recipient=e.recipient,
        weapon=e.weapon,
        weapon_family=e.weapon_family,
        category=e.category,
        quantity=e.quantity,
        quantity_qualifier=e.quantity_qualifier,
        value=from_value(e.value),
        year=e.year,
        year_end=e.year_end,
        year_inferred=e.year_inferred,
        modality=e.modality,
        attribution=e.attribution,
        evidence=from_evidence(e.evidence),
        title=title,
        published=published,
    )


def from_claim(c: Claim) -> ClaimOut:
    return ClaimOut(
        event_id=c.event_id,
        doc_id=c.doc_id,
        type=c.type,
        modality=c.modality,
        quantity=c.quantity,
        value=from_value(c.value),
        year=c.year,
        year_inferred=c.year_inferred,
        evidence=from_evidence(c.evidence),
        source=public_source(c.source),
        published=c.published,
    )


def scalar(value: Any) -> Scalar:
    """A JSON scalar for a conflicting value (a Value becomes "2000000000 USD")."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Value):
        return f"{value.amount} {value.currency}".strip()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ", ".join(f"{k}={v}" for k, v in dataclasses.asdict(value).items())
    return str(value)


def from_conflict(c: Conflict) -> ConflictOut:
    event_ids = list(getattr(c, "event_ids", None) or [])
    sources = list(getattr(c, "sources", None) or [])
    claims = []
    for n, item in enumerate(c.claims):
        if isinstance(item, (tuple, list)) and len(item) == 2:
            doc_id, value = item
        else:
            doc_id, value = None, item
        claims.append(
            ConflictClaimOut(
                doc_id=None if doc_id is None else str(doc_id),
                value=scalar(value),
                event_id=event_ids[n] if n < len(event_ids) else None,
                source=public_source(sources[n]) if n < len(sources) else None,
            )
        )
    return ConflictOut(field=c.field, stage=getattr(c, "stage", None), claims=claims)


def deal_stages(deal: Deal) -> list[StageOut]:
    """The lifecycle stages of a deal, in lifecycle order, with the claims of each."""
    out = []
    for stage in LIFECYCLE:
        claims = [c for c in deal.claims if EventType(c.type) == stage]
        out.append(
            StageOut(
                type=stage,
                reported=bool(claims),
                n_claims=len(claims),
                years=sorted({c.year for c in claims if c.year is not None}),
                event_ids=[c.event_id for c in claims],
            )
        )
    return out


def from_deal_summary(d: Deal | model.DealSummary) -> DealSummary:
    """The summary of a deal record, or of a ``model.DealSummary`` (counted in SQL)."""
    return DealSummary(
        id=d.id,
        deal_key=d.deal_key,
        supplier=d.supplier,
        recipient=d.recipient,
        weapon_family=d.weapon_family,
        category=d.category,
        status=str(d.status.value if isinstance(d.status, Enum) else d.status),
        first_year=d.first_year,
        last_year=d.last_year,
        contested=d.contested,
        n_claims=d.n_claims if isinstance(d, model.DealSummary) else len(d.claims),
    )


def from_deal(d: Deal) -> DealOut:
    return DealOut(
        **from_deal_summary(d).model_dump(),
        stages=deal_stages(d),
        claims=[from_claim(c) for c in d.claims],
        conflicts=[from_conflict(c) for c in d.conflicts],
    )


def from_embargo(p: EmbargoPeriod) -> EmbargoPeriodOut:
    return EmbargoPeriodOut(
        since=p.since,
        until=p.until,
        imposed_event_id=p.imposed_event_id,
        lifted_event_id=p.lifted_event_id,
    )
