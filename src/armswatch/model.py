"""Typed records passed between pipeline stages.

Every stage takes and returns these records; nothing passes dicts of dicts.
The event fields follow the contract in ``shared/spec/EVENTS.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from armswatch.escape import escape_controls


class EventType(str, Enum):
    """The nine event types of the contract."""

    OFFER = "OFFER"
    REQUEST = "REQUEST"
    NEGOTIATION = "NEGOTIATION"
    AGREEMENT = "AGREEMENT"
    DELIVERY = "DELIVERY"
    REJECTION = "REJECTION"
    CANCELLATION = "CANCELLATION"
    EMBARGO_IMPOSED = "EMBARGO_IMPOSED"
    EMBARGO_LIFTED = "EMBARGO_LIFTED"


class Modality(str, Enum):
    ASSERTED = "asserted"
    PLANNED = "planned"
    POSSIBLE = "possible"
    DENIED = "denied"


CATEGORIES: tuple[str, ...] = (
    "aircraft",
    "helicopters",
    "air-defence",
    "missiles",
    "armoured-vehicles",
    "artillery",
    "ships",
    "submarines",
    "small-arms",
    "engines",
    "sensors",
    "satellites",
    "other",
)

QUANTITY_QUALIFIERS: tuple[str, ...] = ("exact", "about", "at-least", "at-most")


@dataclass(slots=True)
class RawDocument:
    """One document as read from an input, before cleaning.

    ``body`` is HTML when ``is_html`` is true, otherwise plain text.
    ``source`` is where it came from: a file path as given, a URL, or
    ``path#record`` for a record inside a corpus, feed or archive.
    """

    doc_id: str
    source: str
    body: str
    is_html: bool = False
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    #: When the document was fetched over HTTP (None for files); such a
    #: document's outlet falls back to its URL's host.
    fetched_at: dt.datetime | None = None


@dataclass(slots=True)
class Fetched:
    """One HTTP response as the fetcher got it (``armswatch.ingest.fetch``).

    ``url`` is what was asked for, ``final_url`` where the redirects ended.
    ``not_modified`` is a 304 to a conditional GET: no body, nothing new.
    ``etag`` and ``last_modified`` are the validators for the next request.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime
    not_modified: bool = False


@dataclass(slots=True)
class Skipped:
    """An input (or a record inside one) that could not be used, and why."""

    source: str
    reason: str
    record: str | None = None

    def describe(self) -> str:
        """One line for standard error: file, record, reason.

        Control characters (a newline in a file name, a terminal escape in a
        record id) are escaped, so the report stays one line and inert.
        """
        where = f"{self.source}#{self.record}" if self.record else self.source
        return escape_controls(f"armswatch: skipped {where}: {self.reason}")


@dataclass(slots=True)
class Article:
    """A cleaned article: main text only, with its metadata.

    ``text`` is what every evidence offset points into.
    ``sources`` lists every place the same article was found (dedup keeps one
    article and all its sources). ``content_hash``, ``claim_key`` and
    ``simhash`` are the fingerprints of ``armswatch.clean.dedup``; empty/0
    means "not computed" and matches nothing. ``revision`` counts the texts
    stored under this doc_id (1 for the first).
    """

    doc_id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    syndicated_from: str | None = None
    url: str | None = None
    sources: list[str] = field(default_factory=list)
    content_hash: str = ""
    simhash: int = 0
    claim_key: str = ""
    revision: int = 1


@dataclass(slots=True)
class Revision:
    """One text a document's id, URL or path held; the latest is the document's text.

    ``text`` is None for the latest revision (it is ``Article.text``) and in
    listings that leave texts out.
    """

    revision: int
    source: str | None
    title: str | None
    published: dt.date | None
    content_hash: str | None
    ingested_at: dt.datetime
    latest: bool
    text: str | None = None


@dataclass(slots=True)
class Evidence:
    """The sentence(s) an event rests on, with offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Value:
    amount: int
    currency: str


@dataclass(slots=True)
class Event:
    """One stage of one arms transfer, as one document reports it."""

    doc_id: str
    type: EventType
    supplier: str | None = None
    recipient: str | None = None
    weapon: str | None = None
    category: str | None = None
    quantity: int | None = None
    quantity_qualifier: str | None = None
    value: Value | None = None
    year: int | None = None
    year_end: int | None = None
    modality: Modality = Modality.ASSERTED
    attribution: str | None = None
    evidence: Evidence | None = None
    weapon_family: str | None = None
    # True when the year was not written but taken from the publication date
    # ("signed on Friday", "will send"); a written year elsewhere wins over it.
    year_inferred: bool = False

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of the command-line contract (EVENTS.md section 5)."""
        out = {
            "doc_id": self.doc_id,
            "type": self.type.value,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "weapon": self.weapon,
            "category": self.category,
            "quantity": self.quantity,
            "quantity_qualifier": self.quantity_qualifier,
            "value": asdict(self.value) if self.value else None,
            "year": self.year,
            "year_end": self.year_end,
            "modality": self.modality.value,
            "attribution": self.attribution,
            "evidence": asdict(self.evidence) if self.evidence else None,
        }
        return out

    @classmethod
    def from_contract(cls, obj: dict[str, Any]) -> Event:
        """Rebuild an event from its contract JSON object."""
        value = obj.get("value")
        evidence = obj.get("evidence")
        return cls(
            doc_id=str(obj.get("doc_id", "")),
            type=EventType(obj["type"]),
            supplier=obj.get("supplier"),
            recipient=obj.get("recipient"),
            weapon=obj.get("weapon"),
            category=obj.get("category"),
            quantity=obj.get("quantity"),
            quantity_qualifier=obj.get("quantity_qualifier"),
            value=Value(**value) if value else None,
            year=obj.get("year"),
            year_end=obj.get("year_end"),
            modality=Modality(obj.get("modality") or "asserted"),
            attribution=obj.get("attribution"),
            evidence=Evidence(**evidence) if evidence else None,
            weapon_family=obj.get("weapon_family"),
        )


@dataclass(slots=True)
class Claim:
    """One event's statement about a deal, with the source that made it."""

    event_id: int
    doc_id: str
    type: EventType
    modality: Modality
    quantity: int | None
    value: Value | None
    year: int | None
    evidence: Evidence | None
    source: str | None = None
    published: dt.date | None = None
    # Added for deal linking (armswatch.link); all optional.
    weapon: str | None = None
    category: str | None = None
    year_end: int | None = None
    quantity_qualifier: str | None = None
    attribution: str | None = None
    # True when ``year`` is the publication year standing in for an unwritten one.
    year_inferred: bool = False


@dataclass(slots=True)
class Conflict:
    """Sources that disagree on one field of a deal."""

    field: str
    claims: list[tuple[str, Any]]
    # Added for deal linking (armswatch.link): ``claims`` holds (doc_id, value)
    # pairs; these lists run parallel to it. ``stage`` is the event type the
    # sources disagree about (``"AGREEMENT"``).
    stage: str | None = None
    event_ids: list[int] = field(default_factory=list)
    sources: list[str | None] = field(default_factory=list)


@dataclass(slots=True)
class Deal:
    """One arms transfer assembled from many events across articles."""

    deal_key: str
    supplier: str | None
    recipient: str | None
    weapon_family: str | None
    category: str | None
    status: str
    first_year: int | None = None
    last_year: int | None = None
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    id: int | None = None

    @property
    def contested(self) -> bool:
        return bool(self.conflicts)


@dataclass(slots=True, frozen=True)
class DealSummary:
    """A deal as list pages show it: its stored fields and how many claims it has, without the claims."""

    id: int
    deal_key: str
    supplier: str | None
    recipient: str | None
    weapon_family: str | None
    category: str | None
    status: str
    first_year: int | None
    last_year: int | None
    contested: bool
    n_claims: int


@dataclass(slots=True)
class EmbargoPeriod:
    """A span during which a supplier's arms embargo on a recipient was in force (open-ended when ``until`` is None)."""

    since: int | None
    until: int | None
    imposed_event_id: int | None = None
    lifted_event_id: int | None = None


@dataclass(slots=True)
class DyadTimeline:
    """Everything reported between one supplier and one recipient, oldest first."""

    supplier: str
    recipient: str
    events: list[tuple[int, Event]] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    embargo_periods: list[EmbargoPeriod] = field(default_factory=list)


@dataclass(slots=True)
class ReferenceDeal:
    """One line of a SIPRI trade register: an order and what was delivered of it.

    ``supplier`` / ``recipient`` are party codes from ``data/sipri_names.csv``
    (None for "unknown supplier(s)" and for a name the table lacks; the
    register's spelling stays in ``*_name``). The three ``*_uncertain`` flags
    are the register's unnamed ``?`` columns. ``status`` is the register's
    ``New`` / ``Second hand`` / ``Second hand but modernized``; the TIV cells
    are kept as written. ``line`` is the 1-based line in the register file;
    ``id`` is set once stored; ``provenance`` is the trailing column an
    armswatch export adds.
    """

    line: int
    supplier_name: str
    recipient_name: str
    supplier: str | None
    recipient: str | None
    designation: str
    description: str = ""
    order_year: int | None = None
    order_year_uncertain: bool = False
    ordered: int | None = None
    ordered_uncertain: bool = False
    delivered: int | None = None
    delivered_uncertain: bool = False
    delivery_years: list[int] = field(default_factory=list)
    status: str = ""
    comments: str = ""
    tiv_unit: str = ""
    tiv_total: str = ""
    tiv_delivered: str = ""
    provenance: str = ""
    id: int | None = None

    @property
    def second_hand(self) -> bool:
        """Whether the register lists the weapons as second-hand (modernized or not)."""
        return self.status.lower().startswith("second hand")

    @property
    def label(self) -> str:
        """``SIPRI order 2015 RUS>PAK 4 Mi-35M``: how the analyst names this order."""
        year = self.order_year if self.order_year is not None else "(year unknown)"
        count = f" {self.ordered}" if self.ordered is not None else ""
        return (f"SIPRI order {year} {self.supplier or self.supplier_name or '?'}>"
                f"{self.recipient or self.recipient_name or '?'}{count} {self.designation}")
