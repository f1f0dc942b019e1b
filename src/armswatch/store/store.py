"""The store: articles, their sources, extracted events and skipped inputs.

``Store`` takes and returns the records of ``armswatch.model``; the tables
behind it are in ``schema.py``. Each write method runs in one transaction of
its own, so an interrupted run leaves the database as it was before that
call (or before that batch, for ``add_articles``).

Identity and content (``add_article``): a document is stored once however
often it was found, and a ``doc_id`` (an id, URL or path) seen again with a
different text is a new *revision* of that document, never a duplicate.

- Same ``doc_id`` as a stored document: when the text is one this document
  already held (same ``content_hash`` as any of its revisions) or a near
  duplicate of its latest text, only the new sources are added. Otherwise
  the article becomes the document's next revision: the previous text is
  kept in ``document_revisions``, the document's events (and their deal
  links) are removed and it is marked for extraction again, so the next
  extract and link runs re-derive its events and deals.
- New ``doc_id``: a duplicate of a stored document when it has the same
  ``content_hash`` (SHA-256 of title and text, digits and punctuation
  included) or the same ``claim_key`` (the sequence of claim words: numbers,
  negations, cues, parties, weapons) and a ``simhash`` at most
  ``NEAR_DUPLICATE_BITS`` bits away; its sources are added to that document.
  Otherwise it is a new document.

Near-duplicate candidates are looked up by claim key (indexed) and the four
16-bit simhash bands: two hashes at most 3 bits apart share at least one band
exactly. A ``content_hash`` or ``claim_key`` of ``""`` and a ``simhash`` of
``0`` (the defaults of ``Article``) mean "not computed" and match nothing.
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

from armswatch.escape import storable
from armswatch.model import (
    Article,
    Event,
    EventType,
    Evidence,
    Modality,
    Revision,
    Skipped,
    Value,
)
from armswatch.store.engine import make_engine, resolve_url, upgrade, writer
from armswatch.store.queries import EventQuery, event_statement
from armswatch.store.schema import (
    DealEventRow,
    DealRow,
    DocumentRevisionRow,
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


#: What ``Store.store_articles`` did with one article.
NEW, REVISED, DUPLICATE = "new", "revised", "duplicate"


@dataclass(slots=True, frozen=True)
class Added:
    """The outcome of storing one article: under which doc_id, and how.

    ``status`` is ``"new"`` (a new document), ``"revised"`` (a new revision
    of the document with this doc_id) or ``"duplicate"`` (a text already
    stored: only its sources were added). ``revision`` is the document's
    latest revision after the call.
    """

    doc_id: str
    status: str
    revision: int

    @property
    def is_new(self) -> bool:
        """True when new text was stored (a new document or a new revision)."""
        return self.status != DUPLICATE


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


def same_claims_candidates(simhash: int, claim_key: str) -> Select:
    """SELECT (id, simhash) of the documents with this claim key sharing a simhash band."""
    return near_duplicate_candidates(simhash).where(DocumentRow.claim_key == claim_key)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(storable(item), None)
    return list(seen)


def _article_sources(article: Article) -> list[str]:
    """Where an article was found: its sources, else its URL."""
    sources = _unique(article.sources)
    if not sources and article.url:
        sources = [storable(article.url)]
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
        claim_key=row.claim_key or "",
        revision=row.revision,
    )


def _to_revision(row: DocumentRevisionRow, latest: int, with_text: str | None = None) -> Revision:
    return Revision(
        revision=row.revision,
        source=row.source,
        title=row.title,
        published=row.published,
        content_hash=row.content_hash,
        ingested_at=row.ingested_at,
        latest=row.revision == latest,
        text=with_text,
    )


def _first_source(session: Session, document_pk: int) -> str | None:
    return session.scalar(
        select(SourceRow.source)
        .where(SourceRow.document_id == document_pk)
        .order_by(SourceRow.id)
        .limit(1)
    )


def _only_revision(session: Session, row: DocumentRow) -> Revision:
    """The revision of a document never revised, from its own row."""
    return Revision(
        revision=row.revision,
        source=_first_source(session, row.id),
        title=row.title,
        published=row.published,
        content_hash=row.content_hash,
        ingested_at=row.ingested_at,
        latest=True,
    )


def _delete_events(session: Session, document_pk: int) -> None:
    """Remove a document's events with their evidence and deal links (bulk, in the caller's transaction)."""
    old = select(EventRow.id).where(EventRow.document_id == document_pk)
    nosync = {"synchronize_session": False}
    session.execute(
        delete(DealEventRow).where(DealEventRow.event_id.in_(old)), execution_options=nosync
    )
    session.execute(
        delete(EvidenceRow).where(EvidenceRow.event_id.in_(old)), execution_options=nosync
    )
    session.execute(
        delete(EventRow).where(EventRow.document_id == document_pk), execution_options=nosync
    )


def _set_content(row: DocumentRow, article: Article) -> None:
    """Make ``article``'s text and fingerprints the document row's."""
    b0, b1, b2, b3 = simhash_bands(article.simhash)
    row.text = article.text
    row.content_hash = article.content_hash or None
    row.claim_key = article.claim_key or None
    row.simhash = to_signed64(article.simhash)
    row.simhash_b0, row.simhash_b1, row.simhash_b2, row.simhash_b3 = b0, b1, b2, b3


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
        year_inferred=bool(row.year_inferred),
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
        year_inferred=bool(event.year_inferred) and event.year is not None,
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


# SQLite's default limit of bound parameters is 999 (older builds); stay under it.
_LOOKUP_CHUNK = 500


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start : start + _LOOKUP_CHUNK]


class _BatchLookup:
    """What the store holds that some article of a batch could match, read in three queries.

    The stored doc_ids, content hashes and same-claim-key simhashes among the
    batch's own, plus those of the rows added since (``add``). ``surely_new``
    is True only when ``Store._add`` would find no stored document for the
    article: no same doc_id, no same content hash, no same claim key with a
    simhash sharing a band and at most ``NEAR_DUPLICATE_BITS`` bits away.
    """

    def __init__(self, session: Session, articles: Sequence[Article]) -> None:
        doc_ids = list({storable(a.doc_id) for a in articles})
        hashes = list({a.content_hash for a in articles if a.content_hash})
        keys = list({a.claim_key for a in articles if a.claim_key})
        self.doc_ids: set[str] = set()
        self.hashes: set[str] = set()
        self.simhashes: dict[str, list[int]] = {}
        for chunk in _chunks(doc_ids):
            self.doc_ids.update(session.scalars(select(DocumentRow.doc_id).where(DocumentRow.doc_id.in_(chunk))))
        for chunk in _chunks(hashes):
            self.hashes.update(
                session.scalars(select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(chunk)))
            )
        for chunk in _chunks(keys):
            found = session.execute(
                select(DocumentRow.claim_key, DocumentRow.simhash)
                .where(DocumentRow.claim_key.in_(chunk))
                .where(DocumentRow.simhash != 0)
            )
            for key, simhash in found:
                self.simhashes.setdefault(key, []).append(to_unsigned64(simhash))

    def add(self, row: DocumentRow) -> None:
        """Count a row added to the session since the lookups."""
        self.doc_ids.add(row.doc_id)
        if row.content_hash:
            self.hashes.add(row.content_hash)
        if row.claim_key and row.simhash != 0:
            self.simhashes.setdefault(row.claim_key, []).append(to_unsigned64(row.simhash))

    def surely_new(self, article: Article) -> bool:
        if storable(article.doc_id) in self.doc_ids:
            return False
        if article.content_hash and article.content_hash in self.hashes:
            return False
        if not article.simhash & _MASK64 or not article.claim_key:
            return True
        bands = simhash_bands(article.simhash)
        for stored in self.simhashes.get(article.claim_key, ()):
            shares_band = any(a == b for a, b in zip(bands, simhash_bands(stored)))
            if shares_band and hamming64(stored, article.simhash) <= NEAR_DUPLICATE_BITS:
                return False
        return True


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
        """Store ``article`` (see the module docstring); return (doc_id, is_new).

        ``is_new`` is True when new text was stored: a new document, or a new
        revision of the document with the same doc_id (whose events are then
        to be extracted again). A duplicate returns the doc_id of the stored
        document it duplicates, with False.
        """
        with self.session() as session:
            added = self._add(session, article)
        return added.doc_id, added.is_new

    def add_articles(
        self, articles: Iterable[Article], batch_size: int = 200
    ) -> list[tuple[str, bool]]:
        """``add_article`` for each article, in one transaction per ``batch_size`` articles.

        Articles in the same batch deduplicate against each other too.
        Returns one (doc_id, is_new) per article, in order.
        """
        return [(a.doc_id, a.is_new) for a in self.store_articles(articles, batch_size)]

    def store_articles(self, articles: Iterable[Article], batch_size: int = 200) -> list[Added]:
        """Like ``add_articles``, with what happened to each article (``Added``)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        results: list[Added] = []
        batch: list[Article] = []

        def flush() -> None:
            with self.session() as session:
                results.extend(self._add_batch(session, batch))
            batch.clear()

        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return results

    def _add_batch(self, session: Session, articles: Sequence[Article]) -> list[Added]:
        """``_add`` for each article in order, with three lookups per batch instead of three per article.

        An article that the batch's lookups show to be new (its doc_id, content
        hash and near-duplicate candidates are neither stored nor earlier in
        the batch) is added without any query of its own, and the new rows are
        inserted together when the session flushes (executemany). Any other
        article (a rerun, a duplicate, a revision) goes through ``_add`` as
        before, so the stored rows and their order are the same either way;
        its writes can change what the lookups found, so they are made again
        for the rest of the batch.
        """
        out: list[Added] = []
        known: _BatchLookup | None = None
        for i, article in enumerate(articles):
            if known is None:
                known = _BatchLookup(session, articles[i:])
            if known.surely_new(article):
                row = self._new_row(article)
                session.add(row)
                known.add(row)
                out.append(Added(row.doc_id, NEW, 1))
            else:
                out.append(self._add(session, article))
                known = None
        return out

    @staticmethod
    def _new_row(article: Article) -> DocumentRow:
        """The row of a new document (sources included), not yet added to a session."""
        sources = _article_sources(article)
        url = storable(article.url) if article.url else None
        row = DocumentRow(
            doc_id=storable(article.doc_id),
            title=article.title,
            published=article.published,
            publisher=article.publisher,
            syndicated_from=article.syndicated_from,
            revision=1,
            ingested_at=utcnow(),
        )
        _set_content(row, article)
        row.sources = [SourceRow(source=s, url=url, revision=1) for s in sources]
        # No revision row yet: a document's first revision is its own row
        # until a second one comes (one insert less per new document).
        return row

    def _add(self, session: Session, article: Article) -> Added:
        doc_id = storable(article.doc_id)
        sources = _article_sources(article)
        url = storable(article.url) if article.url else None
        existing = session.scalars(
            select(DocumentRow).where(DocumentRow.doc_id == doc_id)
        ).one_or_none()
        if existing is not None:
            if self._holds(session, existing, article):
                self._add_sources(session, existing, sources, url)
                self._fill_blanks(existing, article)
                return Added(existing.doc_id, DUPLICATE, existing.revision)
            self._revise(session, existing, article, sources, url)
            return Added(existing.doc_id, REVISED, existing.revision)
        duplicate = self._find_duplicate(session, article)
        if duplicate is not None:
            self._add_sources(session, duplicate, sources, url)
            self._fill_blanks(duplicate, article)
            return Added(duplicate.doc_id, DUPLICATE, duplicate.revision)

        row = self._new_row(article)
        session.add(row)
        session.flush()
        return Added(row.doc_id, NEW, 1)

    @staticmethod
    def _revision_row(article: Article, number: int, sources: list[str], now) -> DocumentRevisionRow:
        return DocumentRevisionRow(
            revision=number,
            source=sources[0] if sources else None,
            title=article.title,
            published=article.published,
            content_hash=article.content_hash or None,
            ingested_at=now,
        )

    @staticmethod
    def _holds(session: Session, row: DocumentRow, article: Article) -> bool:
        """Whether ``article``'s text is one this document holds or held (or a near duplicate of its latest)."""
        if not article.content_hash:
            return row.text == article.text
        if row.content_hash == article.content_hash:
            return True
        earlier = session.scalar(
            select(DocumentRevisionRow.id)
            .where(
                DocumentRevisionRow.document_id == row.id,
                DocumentRevisionRow.content_hash == article.content_hash,
            )
            .limit(1)
        )
        if earlier is not None:
            return True  # a rerun over an older capture: nothing new
        return (
            bool(article.claim_key)
            and row.claim_key == article.claim_key
            and bool(article.simhash & _MASK64)
            and row.simhash != 0
            and hamming64(row.simhash, article.simhash) <= NEAR_DUPLICATE_BITS
        )

    def _revise(
        self, session: Session, row: DocumentRow, article: Article, sources: list[str], url: str | None
    ) -> None:
        """Make ``article`` the next revision of ``row``, keeping the previous text."""
        current = session.scalars(
            select(DocumentRevisionRow).where(
                DocumentRevisionRow.document_id == row.id,
                DocumentRevisionRow.revision == row.revision,
            )
        ).one_or_none()
        if current is None:  # the first revision: written down now that a second one comes
            current = DocumentRevisionRow(
                document_id=row.id,
                revision=row.revision,
                source=_first_source(session, row.id),
                title=row.title,
                published=row.published,
                content_hash=row.content_hash,
                ingested_at=row.ingested_at,
            )
            session.add(current)
        current.text = row.text
        _delete_events(session, row.id)
        row.revision += 1
        _set_content(row, article)
        for name in ("title", "published", "publisher", "syndicated_from"):
            if getattr(article, name) is not None:
                setattr(row, name, getattr(article, name))
        # ingested_at stays the first ingest: the linker takes a document
        # ingested before its last run and extracted after it as a sign that
        # deals may have lost events, and re-plans them.
        row.extracted_at = None
        row.extractor_version = None
        revision = self._revision_row(article, row.revision, sources, utcnow())
        revision.document_id = row.id
        session.add(revision)
        self._add_sources(session, row, sources, url)
        session.flush()

    @staticmethod
    def _find_duplicate(session: Session, article: Article) -> DocumentRow | None:
        """The stored document ``article`` (under a new doc_id) duplicates, if any.

        Same content hash; else the same claim key with the nearest simhash
        within ``NEAR_DUPLICATE_BITS`` (ties: the oldest document).
        """
        if article.content_hash:
            same = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.content_hash == article.content_hash)
                .order_by(DocumentRow.id)
                .limit(1)
            ).first()
            if same is not None:
                return same
        if not article.simhash & _MASK64 or not article.claim_key:
            return None
        candidates = session.execute(
            same_claims_candidates(article.simhash, article.claim_key)
        ).all()
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
                session.add(
                    SourceRow(document_id=document.id, source=source, url=url, revision=document.revision)
                )
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

    def revisions(self, doc_id: str) -> list[Revision]:
        """Every revision of a document, oldest first, without texts ([] for an unknown doc_id)."""
        with self._read() as session:
            document = session.scalars(
                select(DocumentRow).where(DocumentRow.doc_id == doc_id)
            ).one_or_none()
            if document is None:
                return []
            rows = session.scalars(
                select(DocumentRevisionRow)
                .where(DocumentRevisionRow.document_id == document.id)
                .order_by(DocumentRevisionRow.revision)
            ).all()
            if not rows:
                return [_only_revision(session, document)]
            return [_to_revision(r, document.revision) for r in rows]

    def get_revision(self, doc_id: str, revision: int) -> Revision | None:
        """One revision of a document with its text (the latest's is the document's), or None."""
        with self._read() as session:
            document = session.scalars(
                select(DocumentRow).where(DocumentRow.doc_id == doc_id)
            ).one_or_none()
            if document is None:
                return None
            row = session.scalars(
                select(DocumentRevisionRow).where(
                    DocumentRevisionRow.document_id == document.id,
                    DocumentRevisionRow.revision == revision,
                )
            ).one_or_none()
            if row is None:
                if revision != document.revision:
                    return None
                only = _only_revision(session, document)
                only.text = document.text
                return only
            text = document.text if revision == document.revision else row.text
            return _to_revision(row, document.revision, with_text=text)

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
            _delete_events(session, document.id)
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


def open_store(url: str | None = None, **engine_options) -> Store:
    """Open (creating and migrating as needed) the store at ``url``.

    ``url`` is None (``$ARMSWATCH_DB``, else ``armswatch.db`` in the current
    directory), a file path (an SQLite database), or an SQLAlchemy URL such
    as ``sqlite:///data/armswatch.db`` or
    ``postgresql+psycopg://user:pw@host/db``. ``engine_options`` go to
    ``make_engine`` (``pool_size``, ``pool_timeout``, ``busy_timeout``).
    """
    return Store(make_engine(resolve_url(url), **engine_options))


__all__ = [
    "DUPLICATE",
    "NEAR_DUPLICATE_BITS",
    "NEW",
    "REVISED",
    "Added",
    "Store",
    "StoreStats",
    "UnknownDocument",
    "UnknownEvent",
    "event_from_row",
    "hamming64",
    "near_duplicate_candidates",
    "open_store",
    "same_claims_candidates",
    "simhash_bands",
    "to_signed64",
    "to_unsigned64",
]
