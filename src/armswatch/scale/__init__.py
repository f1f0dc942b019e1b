"""Running the extractor on a Dask cluster: many cores, one machine or many.

    from armswatch.scale import extract_distributed, ingest_distributed

    for event in extract_distributed(["corpus.jsonl"], workers=4):   # LocalCluster, 4 processes
        ...
    summary = ingest_distributed(store, ["crawl.warc.gz"], address="tcp://10.0.0.5:8786")

The client reads the inputs (files, folders, JSONL, WARC, feeds) in the same
order as the single-process jobs, and cuts the documents into shards of
``shard_size``. Each worker cleans and extracts whole shards with an
Extractor it loads once and keeps (``_worker_extractor``). Results come back
in input order, so the events equal those of ``armswatch.jobs.extract_paths``
document for document. Only a bounded number of shards is in flight, so
memory stays flat however large the corpus.

Workers of a remote scheduler need armswatch (same version) installed; they
receive the documents' text from the client and need no access to its files.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from armswatch.ingest import read_inputs
from armswatch.model import Article, Event, RawDocument, Skipped

if TYPE_CHECKING:
    from distributed import Client

    from armswatch.store import Store

SkipHandler = Callable[[Skipped], None]

DEFAULT_SHARD_SIZE = 100

__all__ = ["DEFAULT_SHARD_SIZE", "DistributedSummary", "cluster_client", "extract_distributed", "ingest_distributed",
           "map_documents"]


# -- worker side ----------------------------------------------------------------

_EXTRACTORS: dict[tuple, object] = {}


def _worker_extractor(options: tuple = ()):
    """The Extractor of this worker process, loaded on first use and then kept."""
    ex = _EXTRACTORS.get(options)
    if ex is None:
        from armswatch.extract.pipeline import Extractor

        ex = _EXTRACTORS[options] = Extractor(**dict(options))
    return ex


# What a shard gives back for each of its documents, in order: a Skipped, or
# (doc_id, events), or (Article, events) when the articles are wanted; then
# events is a Skipped for a document over the extractor's time budget.
Outcome = Skipped | tuple[str | Article, list[Event] | Skipped]


def process_shard(docs: list[RawDocument], options: tuple = (), with_articles: bool = False) -> list[Outcome]:
    """Clean and extract one shard (runs on a worker)."""
    from armswatch.clean import clean_document

    extractor = _worker_extractor(options)
    outcomes: list[Outcome | None] = [None] * len(docs)
    articles: list[tuple[int, Article]] = []
    for i, raw in enumerate(docs):
        cleaned = clean_document(raw)
        if isinstance(cleaned, Skipped):
            outcomes[i] = cleaned
        else:
            articles.append((i, cleaned))
    found = extractor.extract_many(a for _, a in articles)
    for (i, _), (article, events) in zip(articles, found):
        if with_articles:
            outcomes[i] = (article, events)  # events may be a Skipped: over the time budget, stored without events
        else:
            outcomes[i] = events if isinstance(events, Skipped) else (article.doc_id, events)
    return outcomes  # type: ignore[return-value]


def _warm(options: tuple = ()) -> str:
    _worker_extractor(options)
    return "ok"


# -- client side ----------------------------------------------------------------


@contextmanager
def cluster_client(workers: int | None = None, address: str | None = None) -> Iterator["Client"]:
    """A Dask client: of the scheduler at ``address``, or of a new LocalCluster of ``workers`` processes.

    Local workers get one thread each (spaCy and the rules are CPU-bound
    Python) and the cluster is shut down on exit.
    """
    import dask
    from distributed import Client, LocalCluster

    if address:
        client = Client(address)
        try:
            yield client
        finally:
            client.close()
        return
    if not workers or workers < 1:
        raise ValueError("give workers >= 1 or a scheduler address")
    # No dashboard (its fixed port clashes between clusters) and no statistical
    # profiler in the workers: its history of stack samples grows by ~5 KB per
    # document processed, for an hour. Nannies pass this config to their workers.
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _shards(inputs: Iterable[str], size: int, on_skip: SkipHandler | None,
            canonical: bool = True) -> Iterator[list[RawDocument]]:
    shard: list[RawDocument] = []
    for item in read_inputs(inputs, canonical):
        if isinstance(item, Skipped):
            if on_skip:
                on_skip(item)
            continue
        shard.append(item)
        if len(shard) >= size:
            yield shard
            shard = []
    if shard:
        yield shard


def map_documents(client: "Client", inputs: Iterable[str], *, on_skip: SkipHandler | None = None,
                  shard_size: int = DEFAULT_SHARD_SIZE, with_articles: bool = False,
                  extractor_options: dict | None = None, in_flight: int | None = None,
                  canonical: bool = True) -> Iterator[Outcome]:
    """Every document's outcome, in input order, computed on ``client``'s workers.

    Skipped inputs go to ``on_skip`` (read errors as the client meets them,
    cleaning rejections in document order) and are also yielded. File paths
    are real paths unless ``canonical`` is false (``read_inputs``).
    """
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    options = tuple(sorted((extractor_options or {}).items()))
    if in_flight is None:
        in_flight = 2 * max(1, sum(client.nthreads().values())) + 1
    pending: deque = deque()

    def drain_one() -> Iterator[Outcome]:
        for outcome in pending.popleft().result():
            if isinstance(outcome, Skipped) and on_skip:
                on_skip(outcome)
            yield outcome

    try:
        for shard in _shards(inputs, shard_size, on_skip, canonical):
            # Scattered, the documents go to a worker without passing through the
            # scheduler, which would otherwise keep a copy of every task's arguments.
            (data,) = client.scatter([shard], hash=False)  # one key for the shard, not one per document
            pending.append(client.submit(process_shard, data, options, with_articles, pure=False))
            del data
            while len(pending) >= in_flight:
                yield from drain_one()
        while pending:
            yield from drain_one()
    finally:
        if pending:
            try:
                client.cancel(list(pending))
            except Exception:  # the cluster may already be gone when an abandoned run is collected
                pass


def extract_distributed(inputs: Iterable[str], *, workers: int | None = None, address: str | None = None,
                        on_skip: SkipHandler | None = None, shard_size: int = DEFAULT_SHARD_SIZE,
                        client: "Client | None" = None, extractor_options: dict | None = None) -> Iterator[Event]:
    """The events of every document under ``inputs``, extracted on a Dask cluster.

    The cluster is ``client`` if given, else the scheduler at ``address``, else
    a LocalCluster of ``workers`` processes started (and stopped) here. The
    events and their order equal ``armswatch.jobs.extract_paths``.
    """
    if client is not None:
        yield from _events(client, inputs, on_skip, shard_size, extractor_options)
        return
    with cluster_client(workers, address) as c:
        yield from _events(c, inputs, on_skip, shard_size, extractor_options)


def _events(client, inputs, on_skip, shard_size, extractor_options) -> Iterator[Event]:
    # canonical=False: file doc_ids are paths as given, as without a cluster.
    for outcome in map_documents(client, inputs, on_skip=on_skip, shard_size=shard_size,
                                 extractor_options=extractor_options, canonical=False):
        if not isinstance(outcome, Skipped):
            yield from outcome[1]


@dataclass(slots=True)
class DistributedSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    events: int = 0
    doc_ids: list[str] = field(default_factory=list)


def ingest_distributed(store: "Store", inputs: Iterable[str], *, workers: int | None = None,
                       address: str | None = None, on_skip: SkipHandler | None = None,
                       shard_size: int = DEFAULT_SHARD_SIZE, client: "Client | None" = None,
                       extractor_options: dict | None = None, batch_size: int = 200) -> DistributedSummary:
    """Clean, extract (on the cluster) and store every document under ``inputs``.

    The store is written by this process only: articles in batches through
    ``Store.add_articles`` (so deduplication works as in ``armswatch ingest``),
    then each new article's events with ``Store.replace_events``. A duplicate
    of a stored document adds its sources and keeps the stored document's
    events. Skipped inputs are recorded in the store.
    """
    from armswatch.extract.pipeline import EXTRACTOR_VERSION

    summary = DistributedSummary()

    def skip(s: Skipped) -> None:
        summary.skipped += 1
        store.record_skip(s)
        if on_skip:
            on_skip(s)

    def run(c) -> None:
        batch: list[tuple[Article, list[Event] | Skipped]] = []
        seen: set[str] = set()

        def flush() -> None:
            results = store.add_articles([a for a, _ in batch], batch_size=len(batch))
            for (_article, events), (doc_id, is_new) in zip(batch, results):
                if is_new:
                    summary.new += 1
                    if isinstance(events, Skipped):
                        skip(events)  # stored, not marked as extracted: `armswatch extract` retries it
                    else:
                        store.replace_events(doc_id, events, extractor_version=EXTRACTOR_VERSION)
                        summary.events += len(events)
                else:
                    summary.duplicates += 1
                if doc_id not in seen:
                    seen.add(doc_id)
                    summary.doc_ids.append(doc_id)
            batch.clear()

        for outcome in map_documents(c, inputs, on_skip=skip, shard_size=shard_size, with_articles=True,
                                     extractor_options=extractor_options):
            if isinstance(outcome, Skipped):
                continue
            summary.read += 1
            batch.append(outcome)  # type: ignore[arg-type]
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()

    if client is not None:
        run(client)
    else:
        with cluster_client(workers, address) as c:
            run(c)
    return summary
