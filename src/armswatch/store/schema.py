"""The database tables, as SQLAlchemy 2 declarative models.

The ORM classes are named ``*Row`` so they never clash with the records of
``armswatch.model`` (``Event``, ``Deal`` ...), which is what the store takes
and returns. Other stages (the deal linker) may use these classes through
``Store.session()``.

Every constraint and index has a deterministic name (see ``NAMING``); the
hand-written migrations under ``migrations/versions/`` use the same names,
and ``tests/store`` checks the two agree.

Any change here needs a new migration under ``migrations/versions``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every armswatch table."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    """One cleaned article (``model.Article``), stored once however often it was found.

    The row holds the latest revision of the document (``revision``, counted
    from 1). Once a document has a second revision, each of its revisions,
    the latest included, has a ``DocumentRevisionRow``; a document never
    revised has none (its row is its only revision).
    ``claim_key`` is the hash of the text's claim words (``clean.claims``);
    NULL (rows stored before migration 0002) takes part in no near-duplicate
    match.

    ``simhash`` is the article's unsigned 64-bit simhash stored as a signed
    64-bit integer (see ``armswatch.store.store.to_signed64``); ``simhash_b0``
    .. ``simhash_b3`` are its four 16-bit bands (bits 0-15 ... 48-63), indexed
    so that near-duplicates are found with an indexed query.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    publisher: Mapped[str | None] = mapped_column(String)
    syndicated_from: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    content_hash: Mapped[str | None] = mapped_column(String)
    claim_key: Mapped[str | None] = mapped_column(String)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    simhash: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    simhash_b0: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    simhash_b1: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    simhash_b2: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    simhash_b3: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    language: Mapped[str | None] = mapped_column(String)
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    extracted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    extractor_version: Mapped[str | None] = mapped_column(String)

    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="document",
        order_by="SourceRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    events: Mapped[list[EventRow]] = relationship(
        back_populates="document",
        order_by="EventRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    revisions: Mapped[list[DocumentRevisionRow]] = relationship(
        back_populates="document",
        order_by="DocumentRevisionRow.revision",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("doc_id"),
        Index(None, "content_hash"),
        Index(None, "claim_key"),
        Index(None, "simhash_b0"),
        Index(None, "simhash_b1"),
        Index(None, "simhash_b2"),
        Index(None, "simhash_b3"),
    )


class DocumentRevisionRow(Base):
    """One revision of a document: the text an id, URL or path held when read.

    Written for documents with more than one revision. ``text`` is NULL for
    the latest revision (its text is the document's);
    it is filled in when a newer revision replaces it, so earlier texts stay
    for provenance. ``source`` is where this revision was first read.
    """

    __tablename__ = "document_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str | None] = mapped_column(String)
    text: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )

    document: Mapped[DocumentRow] = relationship(back_populates="revisions")

    __table_args__ = (UniqueConstraint("document_id", "revision"),)


class SourceRow(Base):
    """One place a document was found: a file path, ``path#record`` or URL.

    ``revision`` is the document's revision when the source was added (NULL
    for sources stored before migration 0002).
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    source: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRow] = relationship(back_populates="sources")

    __table_args__ = (UniqueConstraint("document_id", "source"),)


class EventRow(Base):
    """One extracted event (``model.Event``) of one document."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    type: Mapped[str] = mapped_column(String(32), nullable=False)
    supplier: Mapped[str | None] = mapped_column(String)
    recipient: Mapped[str | None] = mapped_column(String)
    weapon: Mapped[str | None] = mapped_column(String)
    weapon_family: Mapped[str | None] = mapped_column(String)
    category: Mapped[str | None] = mapped_column(String(32))
    quantity: Mapped[int | None] = mapped_column(Integer)
    quantity_qualifier: Mapped[str | None] = mapped_column(String(16))
    value_amount: Mapped[int | None] = mapped_column(BigInteger)
    value_currency: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    year_end: Mapped[int | None] = mapped_column(Integer)
    # True when no year was written and the publication year stands in (migration 0004).
    year_inferred: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    modality: Mapped[str] = mapped_column(String(16), nullable=False)
    attribution: Mapped[str | None] = mapped_column(String)

    document: Mapped[DocumentRow] = relationship(back_populates="events")
    evidence: Mapped[EvidenceRow | None] = relationship(
        back_populates="event",
        uselist=False,
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        Index(None, "document_id"),
        Index(None, "supplier"),
        Index(None, "recipient"),
        Index(None, "type"),
        Index(None, "year"),
        Index(None, "weapon_family"),
    )


class EvidenceRow(Base):
    """The sentence(s) one event rests on, with offsets into the document text."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)

    event: Mapped[EventRow] = relationship(back_populates="evidence")

    __table_args__ = (UniqueConstraint("event_id"),)


class SkipRow(Base):
    """An input (or record) that could not be used (``model.Skipped``).

    ``record`` is stored as ``''`` when the record is None, so that the
    unique constraint makes recording a skip idempotent on every database
    (NULLs never compare equal in a unique constraint).
    """

    __tablename__ = "skips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    record: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )

    __table_args__ = (UniqueConstraint("source", "record", "reason"),)


class DealRow(Base):
    """One arms transfer assembled from many events (``model.Deal``).

    Written by the linking stage; the store only creates the table.
    """

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_key: Mapped[str] = mapped_column(String, nullable=False)
    supplier: Mapped[str | None] = mapped_column(String)
    recipient: Mapped[str | None] = mapped_column(String)
    weapon_family: Mapped[str | None] = mapped_column(String)
    category: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    contested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    events: Mapped[list[EventRow]] = relationship(
        secondary="deal_events", order_by="EventRow.id", passive_deletes=True
    )

    __table_args__ = (UniqueConstraint("deal_key"),)


class DealEventRow(Base):
    """Which events a deal was assembled from."""

    __tablename__ = "deal_events"

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index(None, "event_id"),)


__all__ = [
    "NAMING",
    "Base",
    "DealEventRow",
    "DealRow",
    "DocumentRevisionRow",
    "DocumentRow",
    "EventRow",
    "EvidenceRow",
    "SkipRow",
    "SourceRow",
    "utcnow",
]

# The SIPRI reference tables live in their own module; importing it here puts
# them on ``Base.metadata`` wherever the schema is used (migrations, tests).
from armswatch.store import fetch_tables, sipri_tables  # noqa: E402,F401
