"""The store: articles, their sources, extracted events and skipped inputs.

``Store`` takes and returns the records of ``armswatch.model``; the tables
behind it are in ``schema.py``. Each write method runs in one transaction of
its own, so an interrupted run leaves the database as it was before that
call (or before that batch, for ``add_articles``).

Deduplication (``add_article``): a document is stored once however often it
was found. An article is the same document as a stored one when it has the
same ``doc_id``, the same ``content_hash``, or a ``simhash`` at most
``NEAR_DUPLICATE_BITS`` bits away. The last is found through the four 16-bit
bands of the simhash: two hashes at most 3 bits apart share at least one
band exactly, so an indexed equality lookup on the bands finds every
candidate. A ``content_hash`` of ``""`` and a ``simhash`` of ``0`` (the
defaults of ``Article``) mean "not computed" and match nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from armswatch.model import (
    Article,
    Event,
    EventType,
    Evidence,
    Modality,
    Skipped,
    Value,
)
from armswatch.store.engine import make_engine, resolve_url, upgrade, writer
from armswatch.store.queries import EventQuery, event_statement
from armswatch.store.schema import (
    DealEventRow,
    DealRow,
    DocumentRow,
    EventRow,
    EvidenceRow,
    SkipRow,
    SourceRow,
    utcnow,
)

#: Simhashes at most this many bits apart are the same document.
NEAR_DUPLICATE_BITS = 3
#: Rows fetched per round trip when iterating over documents.
PAGE_SIZE = 200

_MASK64 = (1 << 64) - 1


class UnknownDocument(KeyError):
    """No document with this doc_id is stored."""


class UnknownEvent(KeyError):
    """No event with this id is stored."""


@dataclass(slots=True, frozen=True)
class StoreStats:
    """How many rows each part of the store holds."""

    documents: int
    sources: int
    events: int
    skips: int
    deals: int


def to_signed64(value: int) -> int:
    """An unsigned 64-bit simhash as the signed 64-bit integer the database holds."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned64(value: int) -> int:
    """The unsigned 64-bit simhash of a stored signed 64-bit integer."""
    return value & _MASK64


def simhash_bands(value: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a 64-bit simhash, lowest bits first."""
    value &= _MASK64
    return tuple((value >> (16 * i)) & 0xFFFF for i in range(4))  # type: ignore[return-value]


def hamming64(a: int, b: int) -> int:
    """How many bits two 64-bit hashes differ in."""
    return ((a ^ b) & _MASK64).bit_count()


def near_duplicate_candidates(simhash: int) -> Select:
    """SELECT (id, simhash) of the documents sharing a 16-bit band with ``simhash``.

    Every document within 3 bits of ``simhash`` is among them (four bands,
    at most three of which can differ); each band has its own index.
    """
    b0, b1, b2, b3 = simhash_bands(simhash)
    return (
        select(DocumentRow.id, DocumentRow.simhash)
        .where(
            or_(
                DocumentRow.simhash_b0 == b0,
                DocumentRow.simhash_b1 == b1,
                DocumentRow.simhash_b2 == b2,
                DocumentRow.simhash_b3 == b3,
            )
        )
        .where(DocumentRow.simhash != 0)
    )


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


def _article_sources(article: Article) -> list[str]:
    """Where an article was found: its sources, else its URL."""
    sources = _unique(article.sources)
    if not sources and article.url:
        sources = [article.url]
    return sources


def _to_article(row: DocumentRow, sources: Sequence[SourceRow]) -> Article:
    url = next((s.url for s in sources if s.url), None)
    return Article(
        doc_id=row.doc_id,
        text=row.text,
        title=row.title,
        published=row.published,
        publisher=row.publisher,
        syndicated_from=row.syndicated_from,
        url=url,
        sources=[s.source for s in sources],
        content_hash=row.content_hash or "",
        simhash=to_unsigned64(row.simhash),
    )


def event_from_row(row: EventRow, evidence: EvidenceRow | None, doc_id: str) -> Event:
    """The Event record of a stored event row and its evidence row."""
    value = None
    if row.value_amount is not None:
        value = Value(amount=row.value_amount, currency=row.value_currency or "")
    return Event(
        doc_id=doc_id,
        type=EventType(row.type),
        supplier=row.supplier,
        recipient=row.recipient,
        weapon=row.weapon,
        category=row.category,
        quantity=row.quantity,
        quantity_qualifier=row.quantity_qualifier,
        value=value,
        year=row.year,
        year_end=row.year_end,
        modality=Modality(row.modality),
        attribution=row.attribution,
        evidence=(
            Evidence(text=evidence.text, start=evidence.start, end=evidence.end)
            if evidence is not None
            else None
        ),
        weapon_family=row.weapon_family,
    )


def _fits(value: int | None, bits: int) -> int | None:
    """``value`` if a signed integer column of ``bits`` bits can hold it, else
    None: a number past that is a misreading, and storing it would make the
    whole transaction (and the run) fail. Amounts are BIGINT (64 bits);
    quantities and years INTEGER, which is 32 bits on PostgreSQL."""
    if value is None or -(1 << (bits - 1)) <= value < 1 << (bits - 1):
        return value
    return None


def _event_row(event: Event, document_id: int) -> EventRow:
    amount = _fits(event.value.amount, 64) if event.value else None
    row = EventRow(
        document_id=document_id,
        type=EventType(event.type).value,
        supplier=event.supplier,
        recipient=event.recipient,
        weapon=event.weapon,
        weapon_family=event.weapon_family,
        category=event.category,
        quantity=_fits(event.quantity, 32),
        quantity_qualifier=event.quantity_qualifier,
        value_amount=amount,
        value_currency=event.value.currency if amount is not None else None,
        year=_fits(event.year, 32),
        year_end=_fits(event.year_end, 32),
        modality=Modality(event.modality).value,
        attribution=event.attribution,
    )
    if event.evidence is not None:
        row.evidence = EvidenceRow(
            text=event.evidence.text,
            start=event.evidence.start,
            end=event.evidence.end,
        )
    return row


class Store:
    """A database of articles, their sources, events and skipped inputs.

    Open one with ``open_store()``. Usable as a context manager (closes on
    exit). Safe to share between threads; several processes may open the
    same database (on SQLite, readers never wait for a writer).
    """

    def __init__(self, engine: Engine, *, migrate: bool = True) -> None:
        """Wrap ``engine``; with ``migrate``, upgrade its schema to the newest revision."""
        self.engine = engine
        if migrate:
            upgrade(engine)
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._writer = sessionmaker(bind=writer(engine), expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL (password hidden)."""
        return self.engine.url.render_as_string(hide_password=True)

    # -- sessions -------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one write transaction: committed on success, rolled back on error.

        For stages that build on the tables directly (the deal linker); the
        ORM classes are in ``armswatch.store.schema``.
        """
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    # -- articles ---------------------------------------------------------------

    def add_article(self, article: Article) -> tuple[str, bool]:
        """Store ``article`` unless the same document is stored; return (doc_id, is_new).

        Same doc_id: its new sources are added, ``(doc_id, False)``. Same
        content hash, or simhash within ``NEAR_DUPLICATE_BITS`` bits: the
        article's sources are added to that document and its doc_id is
        returned with False. Otherwise the article is inserted with its
        sources: ``(article.doc_id, True)``.
        """
        with self.session() as session:
            return self._add(session, article)

    def add_articles(
        self, articles: Iterable[Article], batch_size: int = 200
    ) -> list[tuple[str, bool]]:
        """``add_article`` for each article, in one transaction per ``batch_size`` articles.

        Articles in the same batch deduplicate against each other too.
        Returns one (doc_id, is_new) per article, in order.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        results: list[tuple[str, bool]] = []
        batch: list[Article] = []

        def flush() -> None:
            with self.session() as session:
                results.extend(self._add(session, article) for article in batch)
            batch.clear()

        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return results

    def _add(self, session: Session, article: Article) -> tuple[str, bool]:
        sources = _article_sources(article)
        existing = session.scalars(
            select(DocumentRow).where(DocumentRow.doc_id == article.doc_id)
        ).one_or_none()
        if existing is None:
            existing = self._find_duplicate(session, article)
        if existing is not None:
            self._add_sources(session, existing, sources, article.url)
            self._fill_blanks(existing, article)
            return existing.doc_id, False

        b0, b1, b2, b3 = simhash_bands(article.simhash)
        row = DocumentRow(
            doc_id=article.doc_id,
            title=article.title,
            published=article.published,
            publisher=article.publisher,
            syndicated_from=article.syndicated_from,
            text=article.text,
            content_hash=article.content_hash or None,
            simhash=to_signed64(article.simhash),
            simhash_b0=b0,
            simhash_b1=b1,
            simhash_b2=b2,
            simhash_b3=b3,
            ingested_at=utcnow(),
        )
        row.sources = [SourceRow(source=s, url=article.url) for s in sources]
        session.add(row)
        session.flush()
        return row.doc_id, True

    @staticmethod
    def _find_duplicate(session: Session, article: Article) -> DocumentRow | None:
        if article.content_hash:
            same = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.content_hash == article.content_hash)
                .order_by(DocumentRow.id)
                .limit(1)
            ).first()
            if same is not None:
                return same
        if not article.simhash & _MASK64:
            return None
        candidates = session.execute(near_duplicate_candidates(article.simhash)).all()
        best: tuple[int, int] | None = None
        for doc_pk, stored in candidates:
            distance = hamming64(stored, article.simhash)
            if distance <= NEAR_DUPLICATE_BITS and (best is None or (distance, doc_pk) < best):
                best = (distance, doc_pk)
        return session.get(DocumentRow, best[1]) if best else None

    @staticmethod
    def _add_sources(
        session: Session, document: DocumentRow, sources: list[str], url: str | None
    ) -> None:
        if not sources:
            return
        known = set(
            session.scalars(
                select(SourceRow.source).where(SourceRow.document_id == document.id)
            )
        )
        for source in sources:
            if source not in known:
                session.add(SourceRow(document_id=document.id, source=source, url=url))
                known.add(source)
        session.flush()

    @staticmethod
    def _fill_blanks(document: DocumentRow, article: Article) -> None:
        """Metadata the stored copy lacks and this copy has (never the text)."""
        for name in ("title", "published", "publisher", "syndicated_from"):
            if getattr(document, name) is None and getattr(article, name) is not None:
                setattr(document, name, getattr(article, name))

    def get_article(self, doc_id: str) -> Article | None:
        """The stored article with this doc_id (with all its sources), or None."""
        with self._read() as session:
            row = session.scalars(
                select(DocumentRow).where(DocumentRow.doc_id == doc_id)
            ).one_or_none()
            if row is None:
                return None
            return _to_article(row, self._sources_of(session, [row.id]).get(row.id, []))

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, in the order stored.

        Reads a page at a time in short transactions, so a caller may write
        to the store while iterating.
        """
        yield from self._iter_documents(None)

    def documents_needing_extraction(self, extractor_version: str) -> Iterator[Article]:
        """Articles never extracted, or extracted by another extractor version.

        Paged like ``iter_articles``: documents that ``replace_events`` marks
        as done while this runs are not returned again.
        """
        condition = or_(
            DocumentRow.extracted_at.is_(None),
            DocumentRow.extractor_version.is_(None),
            DocumentRow.extractor_version != extractor_version,
        )
        yield from self._iter_documents(condition)

    def _iter_documents(self, condition) -> Iterator[Article]:
        last_id = 0
        while True:
            with self._read() as session:
                stmt = select(DocumentRow).where(DocumentRow.id > last_id)
                if condition is not None:
                    stmt = stmt.where(condition)
                rows = session.scalars(stmt.order_by(DocumentRow.id).limit(PAGE_SIZE)).all()
                if not rows:
                    return
                sources = self._sources_of(session, [r.id for r in rows])
                page = [_to_article(r, sources.get(r.id, [])) for r in rows]
            last_id = rows[-1].id
            yield from page

    @staticmethod
    def _sources_of(session: Session, document_ids: list[int]) -> dict[int, list[SourceRow]]:
        out: dict[int, list[SourceRow]] = {}
        rows = session.scalars(
            select(SourceRow)
            .where(SourceRow.document_id.in_(document_ids))
            .order_by(SourceRow.id)
        )
        for row in rows:
            out.setdefault(row.document_id, []).append(row)
        return out

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    # -- skips ------------------------------------------------------------------

    def record_skip(self, skipped: Skipped) -> None:
        """Remember an input that could not be used; recording it again does nothing."""
        record = skipped.record or ""
        with self.session() as session:
            exists = session.scalar(
                select(SkipRow.id).where(
                    SkipRow.source == skipped.source,
                    SkipRow.record == record,
                    SkipRow.reason == skipped.reason,
                )
            )
            if exists is not None:
                return
            try:
                with session.begin_nested():
                    session.add(
                        SkipRow(source=skipped.source, record=record, reason=skipped.reason)
                    )
            except IntegrityError:
                pass  # recorded meanwhile by another writer

    def skips(self) -> list[Skipped]:
        """Every recorded skip, in the order recorded."""
        with self._read() as session:
            rows = session.scalars(select(SkipRow).order_by(SkipRow.id)).all()
            return [
                Skipped(source=r.source, reason=r.reason, record=r.record or None)
                for r in rows
            ]

    # -- events -----------------------------------------------------------------

    def replace_events(
        self, doc_id: str, events: list[Event], extractor_version: str
    ) -> list[int]:
        """Make ``events`` the document's only events; return their ids, in order.

        In one transaction: the document's previous events (with their
        evidence and deal links) are deleted, these are inserted, and the
        document is marked as extracted by ``extractor_version``. Running
        extraction again therefore never duplicates events. Each event is
        stored under ``doc_id`` whatever its own ``doc_id`` says.

        Raises ``UnknownDocument`` if no document has this doc_id.
        """
        with self.session() as session:
            document = session.scalars(
                select(DocumentRow).where(DocumentRow.doc_id == doc_id)
            ).one_or_none()
            if document is None:
                raise UnknownDocument(doc_id)
            old = select(EventRow.id).where(EventRow.document_id == document.id)
            nosync = {"synchronize_session": False}
            session.execute(
                delete(DealEventRow).where(DealEventRow.event_id.in_(old)),
                execution_options=nosync,
            )
            session.execute(
                delete(EvidenceRow).where(EvidenceRow.event_id.in_(old)),
                execution_options=nosync,
            )
            session.execute(
                delete(EventRow).where(EventRow.document_id == document.id),
                execution_options=nosync,
            )
            rows = [_event_row(event, document.id) for event in events]
            session.add_all(rows)
            document.extracted_at = utcnow()
            document.extractor_version = extractor_version
            session.flush()
            return [row.id for row in rows]

    def events(self, query: EventQuery | None = None) -> list[tuple[int, Event]]:
        """Stored events matching ``query`` (all when None), as (event id, Event), by id."""
        with self._read() as session:
            return [
                (row.id, event_from_row(row, evidence, doc_id))
                for row, evidence, doc_id in session.execute(event_statement(query))
            ]

    def event_source(self, event_id: int) -> tuple[str, str | None, dt.date | None]:
        """Where an event's claim comes from: (doc_id, first source, published).

        The first source is the URL of the earliest recorded source that has
        one, else its path; None when the document has no source.
        Raises ``UnknownEvent`` if no event has this id.
        """
        with self._read() as session:
            found = session.execute(
                select(DocumentRow.id, DocumentRow.doc_id, DocumentRow.published)
                .join(EventRow, EventRow.document_id == DocumentRow.id)
                .where(EventRow.id == event_id)
            ).first()
            if found is None:
                raise UnknownEvent(event_id)
            document_pk, doc_id, published = found
            sources = self._sources_of(session, [document_pk]).get(document_pk, [])
            first = next((s.url for s in sources if s.url), None)
            if first is None and sources:
                first = sources[0].source
            return doc_id, first, published

    # -- overall ----------------------------------------------------------------

    def stats(self) -> StoreStats:
        """How many documents, sources, events, skips and deals are stored."""
        with self._read() as session:

            def count(model) -> int:
                return session.scalar(select(func.count()).select_from(model)) or 0

            return StoreStats(
                documents=count(DocumentRow),
                sources=count(SourceRow),
                events=count(EventRow),
                skips=count(SkipRow),
                deals=count(DealRow),
            )

    def close(self) -> None:
        """Close every pooled connection. The store is not used after this."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``.

    ``url`` is None (``$ARMSWATCH_DB``, else ``armswatch.db`` in the current
    directory), a file path (an SQLite database), or an SQLAlchemy URL such
    as ``sqlite:///data/armswatch.db`` or
    ``postgresql+psycopg://user:pw@host/db``.
    """
    return Store(make_engine(resolve_url(url)))


__all__ = [
    "NEAR_DUPLICATE_BITS",
    "event_from_row",
    "Store",
    "StoreStats",
    "UnknownDocument",
    "UnknownEvent",
    "hamming64",
    "near_duplicate_candidates",
    "open_store",
    "simhash_bands",
    "to_signed64",
    "to_unsigned64",
]
