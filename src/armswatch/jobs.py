"""The main jobs, as library calls: ingest into a store, extract, run both.

The CLI, API and UI call these; they hold no logic of their own.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from armswatch.clean import clean_document
from armswatch.extract.pipeline import Extractor
from armswatch.ingest import options, read_inputs
from armswatch.ingest.fetch import Fetcher
from armswatch.model import Article, Event, RawDocument, Skipped
from armswatch.store import Store
from armswatch.store.engine import checkpoint
from armswatch.store.fetches import StoreFetchState
from armswatch.store.store import REVISED, Added

SkipHandler = Callable[[Skipped], None]


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did: documents read, new, revised (a new text under a
    stored doc_id), duplicates (already stored), skipped; the doc_ids touched."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    revised: int = 0
    doc_ids: list[str] = field(default_factory=list)


def iter_articles(paths: Iterable[str], on_skip: SkipHandler | None = None,
                  report_dates: bool = False, canonical: bool = True,
                  fetcher: Fetcher | None = None) -> Iterator[Article]:
    """Read and clean every document under ``paths``; unusable ones go to ``on_skip``.

    File paths are real paths, or as given without ``canonical`` (see ``read_inputs``).
    With ``report_dates``, a document whose publication date cannot be read
    is still yielded, and a Skipped naming the date goes to ``on_skip``.
    """
    for item in read_inputs(paths, canonical, fetcher=fetcher):
        if isinstance(item, Skipped):
            if on_skip:
                on_skip(item)
            continue
        cleaned = clean_document(item)
        if isinstance(cleaned, Skipped):
            if on_skip:
                on_skip(cleaned)
            continue
        if report_dates and on_skip and cleaned.published is None and item.published and item.published.strip():
            # The article is kept; only its date is dropped, and that is said.
            on_skip(Skipped(source=item.source, reason=f"publication date {item.published.strip()[:60]!r} "
                                                       "not understood; stored without a date"))
        yield cleaned


def ingest(store: Store, paths: Iterable[str], on_skip: SkipHandler | None = None,
           progress: Callable[[int], None] | None = None, batch_size: int = 200,
           on_revision: Callable[[Added], None] | None = None,
           stop: Callable[[], bool] | None = None) -> IngestSummary:
    """Clean and store every document under ``paths``; a rerun adds nothing.

    A document whose doc_id is stored with another text becomes its next
    revision (see ``Store.store_articles``) and is passed to ``on_revision``.
    URLs are fetched with the store's fetch state (conditional GET; stored
    URLs not fetched again unless ``ingest.options`` says refresh). When
    ``stop()`` turns true, reading ends before the next document and what
    was read is stored.
    """
    summary = IngestSummary()
    settings = options.current()
    fetcher = Fetcher(settings.policy, StoreFetchState(store), refresh=settings.refresh)

    def skip(s: Skipped) -> None:
        summary.skipped += 1
        store.record_skip(s)
        if on_skip:
            on_skip(s)

    def counted(articles: Iterator[Article]) -> Iterator[Article]:
        for a in articles:
            if stop is not None and stop():
                return
            if summary.read and summary.read % batch_size == 0:
                # The previous batch is committed by now: keep the WAL from
                # growing without bound while readers are busy.
                checkpoint(store.engine)
            summary.read += 1
            if progress:
                progress(1)
            yield a

    listed: set[str] = set()
    with fetcher:
        added_all = store.store_articles(counted(iter_articles(paths, skip, report_dates=True, fetcher=fetcher)),
                                         batch_size=batch_size)
    for added in added_all:
        doc_id = added.doc_id
        if added.status == REVISED:
            summary.revised += 1
            if on_revision:
                on_revision(added)
        elif added.is_new:
            summary.new += 1
        else:
            summary.duplicates += 1
        if doc_id not in listed:  # a set: a list lookup per document is quadratic
            listed.add(doc_id)
            summary.doc_ids.append(doc_id)
    return summary


def extract_stored(store: Store, extractor: Extractor, progress: Callable[[int], None] | None = None,
                   force: bool = False, on_skip: SkipHandler | None = None,
                   stop: Callable[[], bool] | None = None) -> int:
    """Extract events for every stored document not yet extracted by this extractor version.

    A document over the extractor's time budget keeps its previous state (not
    marked as extracted, so a rerun with a larger budget takes it up); its
    skip is recorded once and passed to ``on_skip``.
    """
    version = extractor.version if not force else extractor.version + "+forced"
    # Lazily, a page at a time: holding every stored text in memory would
    # make a corpus run's memory grow with the corpus.
    articles = store.documents_needing_extraction(version)
    if stop is not None:
        # Between documents: what is left stays "needing extraction" for the next run.
        articles = itertools.takewhile(lambda _a: not stop(), articles)
    n = 0
    for article, events in extractor.extract_many(articles):
        if isinstance(events, Skipped):
            store.record_skip(events)
            if on_skip:
                on_skip(events)
            if progress:
                progress(1)
            continue
        store.replace_events(article.doc_id, events, extractor_version=extractor.version)
        n += len(events)
        if progress:
            progress(1)
    return n


def extract_paths(paths: Iterable[str], extractor: Extractor, on_skip: SkipHandler | None = None) -> Iterator[Event]:
    """Events of every document under ``paths``, without touching a store.

    doc_ids of files are their paths as given (the contract of EVENTS.md section 5).
    """
    for _, events in extractor.extract_many(iter_articles(paths, on_skip, canonical=False)):
        if isinstance(events, Skipped):
            if on_skip:
                on_skip(events)
            continue
        yield from events


_default_extractor: Extractor | None = None


def extract_text(text: str, published: str | dt.date | None = None, title: str | None = None, *,
                 doc_id: str = "text", extractor: Extractor | None = None) -> list[Event]:
    """The events of one text, cleaned as an ingested document would be; no database.

    ``published`` (a date or a date string) dates undated claims the way an article's
    publication date does. The first call loads the NLP model (a few seconds); pass an
    ``Extractor`` to choose its options, or reuse it across calls. A text the cleaner would
    drop (too short, not English) is still read as given. ``OverBudget`` past the time budget.
    """
    global _default_extractor
    if extractor is None:
        if _default_extractor is None:
            _default_extractor = Extractor()
        extractor = _default_extractor
    when = published.isoformat() if isinstance(published, dt.date) else published
    raw = RawDocument(doc_id=doc_id, source=doc_id, body=text, title=title, published=when)
    cleaned = clean_document(raw)
    if not isinstance(cleaned, Article):
        from armswatch.clean.metadata import parse_date

        cleaned = Article(doc_id=doc_id, text=text, title=title,
                          published=published if isinstance(published, dt.date) else parse_date(published))
    return extractor.extract(cleaned)
