"""The data behind every API route and web page, as response models.

Routes in ``api/routes.py`` return these models as JSON; the pages in
``armswatch.web`` render the very same models as HTML. Everything here only
reads through the store (or, for the two write calls, through the library's
jobs); every query is an SQLAlchemy expression with bound parameters.

Deal linking (``armswatch.link``) is optional: when it is missing, deal
routes say "deal linking not available", and dyads and timelines are built
from the events alone.
"""

from __future__ import annotations

import csv
import hashlib
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from functools import lru_cache
from importlib import resources
from threading import Lock
from types import ModuleType
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from armswatch.api import schemas as S
from armswatch.model import EventType
from armswatch.provenance import public_source
from armswatch.store import EventQuery, Store
from armswatch.store.queries import event_statement
from armswatch.store.schema import DealEventRow, DealRow, DocumentRow, EventRow
from armswatch.store.store import event_from_row  # public converter of stored rows

LINKING_UNAVAILABLE = "deal linking not available"

_LINK_FUNCTIONS = ("link_store", "list_deals", "get_deal", "dyad_timeline", "embargo_in_force", "dyads")


class LinkingUnavailable(RuntimeError):
    """``armswatch.link`` is not installed (or lacks the function needed)."""

    def __init__(self, name: str = "") -> None:
        super().__init__(LINKING_UNAVAILABLE + (f" ({name} missing)" if name else ""))


def link_function(name: str):
    """``armswatch.link.<name>``, or None when deal linking is not available."""
    try:
        import armswatch.link as link  # noqa: PLC0415
    except ImportError:
        return None
    return getattr(link, name, None) if isinstance(link, ModuleType) else None


def linking_available() -> bool:
    return all(link_function(n) is not None for n in ("list_deals", "get_deal", "dyads", "dyad_timeline"))


def _need(name: str):
    fn = link_function(name)
    if fn is None:
        raise LinkingUnavailable(name)
    return fn


@contextmanager
def _read(store: Store) -> Iterator[Session]:
    with Session(store.engine) as session, session.begin():
        yield session


# -- parties --------------------------------------------------------------------


@lru_cache(maxsize=1)
def party_names() -> dict[str, str]:
    """Party code -> a readable name (the first ``country`` or ``body`` alias of parties.csv)."""
    names: dict[str, str] = {}
    try:
        text = resources.files("armswatch").joinpath("data/parties.csv").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return names
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(lines):
        code, kind, alias = row.get("code"), row.get("kind"), row.get("alias")
        if code and alias and kind in ("country", "body", "nsa") and code not in names:
            names[code] = alias
    return names


def party_name(code: str | None) -> str | None:
    if not code:
        return None
    if code.startswith("NSA:"):
        return code[4:]
    return party_names().get(code)


# -- events ---------------------------------------------------------------------


@dataclass(slots=True)
class EventFilters:
    """The filters of the events, search and export routes."""

    party: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    type: str | None = None
    weapon: str | None = None
    category: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    modality: str | None = None
    contested: bool | None = None
    doc_id: str | None = None
    q: str | None = None

    def query(self) -> EventQuery:
        return EventQuery(
            party=self.party or None,
            supplier=self.supplier or None,
            recipient=self.recipient or None,
            type=self.type or None,
            weapon=self.weapon or None,
            category=self.category or None,
            year_from=self.year_from,
            year_to=self.year_to,
            modality=self.modality or None,
            doc_id=self.doc_id or None,
            text=self.q or None,
        )

    def active(self) -> dict[str, Any]:
        """The filters that are set, for links and for showing them."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def _contested_event_ids() -> Select:
    return (
        select(DealEventRow.event_id)
        .join(DealRow, DealRow.id == DealEventRow.deal_id)
        .where(DealRow.contested.is_(True))
    )


def _event_select(filters: EventFilters) -> Select:
    stmt = event_statement(filters.query())
    if filters.contested is True:
        stmt = stmt.where(EventRow.id.in_(_contested_event_ids()))
    elif filters.contested is False:
        stmt = stmt.where(EventRow.id.not_in(_contested_event_ids()))
    return stmt


def _doc_meta(session: Session, doc_ids: set[str]) -> dict[str, tuple[str | None, dt.date | None]]:
    if not doc_ids:
        return {}
    rows = session.execute(
        select(DocumentRow.doc_id, DocumentRow.title, DocumentRow.published).where(
            DocumentRow.doc_id.in_(sorted(doc_ids))
        )
    )
    return {d: (t, p) for d, t, p in rows}


def _events_out(session: Session, stmt: Select) -> list[S.EventOut]:
    rows = [(row.id, event_from_row(row, evidence, doc_id)) for row, evidence, doc_id in session.execute(stmt)]
    meta = _doc_meta(session, {e.doc_id for _, e in rows})
    return [S.from_event(i, e, *meta.get(e.doc_id, (None, None))) for i, e in rows]


def _count(session: Session, stmt: Select) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def events_page(store: Store, filters: EventFilters, limit: int, offset: int) -> S.EventPage:
    stmt = _event_select(filters)
    with _read(store) as session:
        total = _count(session, stmt)
        items = _events_out(session, stmt.limit(limit).offset(offset))
    return S.EventPage(total=total, limit=limit, offset=offset, items=items)


def get_event(store: Store, event_id: int) -> S.EventOut | None:
    stmt = event_statement(EventQuery()).where(EventRow.id == event_id)
    with _read(store) as session:
        found = _events_out(session, stmt)
    return found[0] if found else None


def iter_events(store: Store, filters: EventFilters, chunk: int = 500) -> Iterator[S.EventOut]:
    """Every matching event, fetched ``chunk`` at a time (for exports)."""
    base = _event_select(filters)
    last = 0
    while True:
        with _read(store) as session:
            items = _events_out(session, base.where(EventRow.id > last).limit(chunk))
        if not items:
            return
        yield from items
        last = items[-1].id


EXPORT_COLUMNS = (
    "id", "doc_id", "type", "supplier", "recipient", "weapon", "weapon_family", "category",
    "quantity", "quantity_qualifier", "value_amount", "value_currency", "year", "year_end",
    "modality", "attribution", "evidence", "evidence_start", "evidence_end", "title", "published",
)


def export_jsonl(store: Store, filters: EventFilters) -> Iterator[str]:
    for e in iter_events(store, filters):
        yield json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n"


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralise it (as the CLI's exports do).
    from armswatch.export.tables import formula_safe  # noqa: PLC0415

    return formula_safe(value)


def export_csv(store: Store, filters: EventFilters) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    for e in iter_events(store, filters):
        writer.writerow(
            [
                _csv_safe(v)
                for v in (
                    e.id, e.doc_id, e.type, e.supplier, e.recipient, e.weapon, e.weapon_family,
                    e.category, e.quantity, e.quantity_qualifier,
                    e.value.amount if e.value else None, e.value.currency if e.value else None,
                    e.year, e.year_end, e.modality, e.attribution,
                    e.evidence.text if e.evidence else None,
                    e.evidence.start if e.evidence else None,
                    e.evidence.end if e.evidence else None,
                    e.title, e.published.isoformat() if e.published else None,
                )
            ]
        )
        if buf.tell() > 64 * 1024:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# -- documents ------------------------------------------------------------------


def _documents(session: Session, stmt: Select) -> list[S.DocumentSummary]:
    rows = session.execute(stmt).all()
    ids = [r[0] for r in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.execute(
                select(EventRow.document_id, func.count())
                .where(EventRow.document_id.in_(ids))
                .group_by(EventRow.document_id)
            ).all()
        )
    return [
        S.DocumentSummary(doc_id=d, title=t, published=p, publisher=pub, n_events=counts.get(pk, 0))
        for pk, d, t, p, pub in rows
    ]


def _document_select(q: str | None) -> Select:
    stmt = select(
        DocumentRow.id, DocumentRow.doc_id, DocumentRow.title, DocumentRow.published, DocumentRow.publisher
    )
    if q:
        stmt = stmt.where(func.lower(DocumentRow.title).contains(q.lower(), autoescape=True))
    return stmt.order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id.desc())


def documents_page(store: Store, limit: int, offset: int, q: str | None = None) -> S.DocumentPage:
    stmt = _document_select(q)
    with _read(store) as session:
        total = _count(session, stmt)
        items = _documents(session, stmt.limit(limit).offset(offset))
    return S.DocumentPage(total=total, limit=limit, offset=offset, items=items)


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[S.Segment]:
    """Cut ``text`` at every span boundary; each piece lists the span ids covering it.

    ``spans`` are (event id, start, end) with 0 <= start < end <= len(text).
    """
    cuts = {0, len(text)}
    for _, start, end in spans:
        cuts.update((start, end))
    points = sorted(cuts)
    out: list[S.Segment] = []
    for a, b in zip(points, points[1:]):
        if a == b:
            continue
        ids = sorted(i for i, s, e in spans if s <= a and b <= e)
        if out and not ids and not out[-1].event_ids:
            out[-1].end = b
            continue
        out.append(S.Segment(start=a, end=b, event_ids=ids))
    return out


def place_evidence(text: str, ev: S.EvidenceOut | None) -> tuple[int, int] | None:
    """Where an evidence sits in ``text``: its offsets when they point at its text, else where the text is found."""
    if ev is None or not ev.text:
        return None
    if 0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.text:
        return ev.start, ev.end
    found = text.find(ev.text)
    if found >= 0:
        return found, found + len(ev.text)
    if 0 <= ev.start < ev.end <= len(text):
        return ev.start, ev.end
    return None


def get_document(store: Store, doc_id: str) -> S.DocumentOut | None:
    article = store.get_article(doc_id)
    if article is None:
        return None
    events = events_page(store, EventFilters(doc_id=doc_id), limit=10_000, offset=0).items
    spans: list[tuple[int, int, int]] = []
    unplaced: list[int] = []
    for e in events:
        where = place_evidence(article.text, e.evidence)
        if where is None:
            unplaced.append(e.id)
        else:
            spans.append((e.id, *where))
    return S.DocumentOut(
        doc_id=article.doc_id,
        title=article.title,
        published=article.published,
        publisher=article.publisher,
        syndicated_from=article.syndicated_from,
        url=article.url,
        sources=[s for s in (public_source(x) for x in article.sources) if s],
        text=article.text,
        events=events,
        segments=segments(article.text, spans),
        unplaced_event_ids=unplaced,
        revision=article.revision,
        revisions=[S.RevisionOut(**asdict(r, dict_factory=_without_text)) for r in store.revisions(doc_id)],
    )


def _without_text(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A revision's fields without its text, its source cut to what may be shown."""
    return {k: (public_source(v) if k == "source" else v) for k, v in pairs if k != "text"}


# -- stats and overview -------------------------------------------------------------


def get_stats(store: Store) -> S.StatsOut:
    base = store.stats()
    with _read(store) as session:
        by_type = dict(session.execute(select(EventRow.type, func.count()).group_by(EventRow.type)).all())
        per_year = session.execute(
            select(EventRow.year, EventRow.type, func.count())
            .where(EventRow.year.is_not(None))
            .group_by(EventRow.year, EventRow.type)
        ).all()
        undated = session.scalar(select(func.count()).select_from(EventRow).where(EventRow.year.is_(None))) or 0
    years: dict[int, dict[str, int]] = defaultdict(dict)
    for year, etype, n in per_year:
        years[year][etype] = n
    return S.StatsOut(
        documents=base.documents,
        sources=base.sources,
        events=base.events,
        skips=base.skips,
        deals=base.deals,
        linking_available=linking_available(),
        by_type={t.value: by_type.get(t.value, 0) for t in EventType},
        by_year=[S.YearCount(year=y, total=sum(c.values()), by_type=c) for y, c in sorted(years.items())],
        undated=undated,
    )


def latest_events(store: Store, limit: int = 12) -> list[S.EventOut]:
    stmt = event_statement(EventQuery()).order_by(None).order_by(
        DocumentRow.published.desc().nulls_last(), EventRow.id.desc()
    )
    with _read(store) as session:
        return _events_out(session, stmt.limit(limit))


def get_overview(store: Store) -> S.OverviewOut:
    contested: list[S.DealSummary] = []
    if linking_available():
        contested = deals_page(store, contested=True, limit=20, offset=0).items
    return S.OverviewOut(stats=get_stats(store), latest_events=latest_events(store), contested_deals=contested)


# -- deals ------------------------------------------------------------------------


def deals_page(store: Store, *, limit: int, offset: int, **filters: Any) -> S.DealPage:
    """One page of deal summaries: one query, whatever the deals hold (``link.deal_summaries``)."""
    fn = link_function("deal_summaries")
    if fn is None or not linking_available():
        return S.DealPage(limit=limit, offset=offset, linking_available=False, items=[])
    clean = {k: v for k, v in filters.items() if v not in (None, "")}
    deals = fn(store, limit=limit, offset=offset, **clean)
    return S.DealPage(
        limit=limit, offset=offset, linking_available=True, items=[S.from_deal_summary(d) for d in deals]
    )


def get_deal(store: Store, deal_id: int) -> S.DealOut | None:
    deal = _need("get_deal")(store, deal_id)
    if deal is None:
        return None
    out = S.from_deal(deal)
    _credit_claims(store, out.claims)
    return out


def _credit_claims(store: Store, claims: list[S.ClaimOut]) -> None:
    """Fill in each claim's outlet and title from its document (one query for all)."""
    doc_ids = sorted({c.doc_id for c in claims})
    if not doc_ids:
        return
    with _read(store) as session:
        meta = {
            d: (p, t)
            for d, p, t in session.execute(
                select(DocumentRow.doc_id, DocumentRow.publisher, DocumentRow.title).where(
                    DocumentRow.doc_id.in_(doc_ids)
                )
            )
        }
    for c in claims:
        c.outlet, c.title = meta.get(c.doc_id, (None, None))


def run_link(store: Store) -> S.LinkOut:
    summary = _need("link_store")(store)
    data: dict[str, Any]
    if is_dataclass(summary) and not isinstance(summary, type):
        data = asdict(summary)
    elif isinstance(summary, dict):
        data = dict(summary)
    elif hasattr(summary, "_asdict"):
        data = summary._asdict()
    else:
        data = {"result": summary}
    return S.LinkOut(linked=True, summary={str(k): S.scalar(v) for k, v in data.items()})


# -- dyads, timelines, network ---------------------------------------------------------


def _dyads_from_events(store: Store) -> list[tuple[str, str, int, int]]:
    with _read(store) as session:
        rows = session.execute(
            select(EventRow.supplier, EventRow.recipient, func.count())
            .where(and_(EventRow.supplier.is_not(None), EventRow.recipient.is_not(None)))
            .group_by(EventRow.supplier, EventRow.recipient)
        ).all()
    return [(s, r, n, 0) for s, r, n in rows]


def dyad_list(store: Store) -> S.DyadList:
    fn = link_function("dyads")
    raw = fn(store) if fn is not None else _dyads_from_events(store)
    items = [S.DyadOut(supplier=s, recipient=r, n_events=ne, n_deals=nd) for s, r, ne, nd in raw]
    items.sort(key=lambda d: (-d.n_events, -d.n_deals, d.supplier, d.recipient))
    return S.DyadList(linking_available=fn is not None, items=items)


def _event_sort_key(e: S.EventOut) -> tuple:
    return (e.year is None, e.year or 0, e.published or dt.date.min, e.id)


def get_timeline(store: Store, supplier: str, recipient: str) -> S.DyadTimelineOut:
    fn = link_function("dyad_timeline")
    events = events_page(
        store, EventFilters(supplier=supplier, recipient=recipient), limit=10_000, offset=0
    ).items
    if fn is None:
        events.sort(key=_event_sort_key)
        return S.DyadTimelineOut(
            supplier=supplier, recipient=recipient, linking_available=False,
            events=events, deals=[], embargo_periods=[],
        )
    tl = fn(store, supplier, recipient)
    order = {eid: n for n, (eid, _) in enumerate(tl.events)}
    by_id = {e.id: e for e in events}
    # The linker's order (oldest first); events it does not list keep theirs after.
    ordered = sorted(by_id.values(), key=lambda e: (order.get(e.id, len(order)), _event_sort_key(e)))
    for eid, ev in tl.events:
        if eid not in by_id:
            ordered.append(S.from_event(eid, ev))
    return S.DyadTimelineOut(
        supplier=supplier,
        recipient=recipient,
        linking_available=True,
        events=ordered,
        deals=[S.from_deal_summary(d) for d in tl.deals],
        embargo_periods=[S.from_embargo(p) for p in tl.embargo_periods],
    )


def get_network(store: Store, max_nodes: int = 40) -> S.NetworkOut:
    dyads = dyad_list(store)
    degree: Counter[str] = Counter()
    out_n: Counter[str] = Counter()
    in_n: Counter[str] = Counter()
    for d in dyads.items:
        degree[d.supplier] += d.n_events
        degree[d.recipient] += d.n_events
        out_n[d.supplier] += d.n_events
        in_n[d.recipient] += d.n_events
    keep = {p for p, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    nodes = [
        S.NodeOut(party=p, name=party_name(p), n_events=degree[p], as_supplier=out_n[p], as_recipient=in_n[p])
        for p in sorted(keep)
    ]
    edges = [d for d in dyads.items if d.supplier in keep and d.recipient in keep]
    return S.NetworkOut(
        linking_available=dyads.linking_available, nodes=nodes, edges=edges, truncated=len(keep) < len(degree)
    )


# -- search -------------------------------------------------------------------------


def search(store: Store, filters: EventFilters, limit: int, offset: int) -> S.SearchOut:
    page = events_page(store, filters, limit, offset)
    documents: list[S.DocumentSummary] = []
    if filters.q:
        with _read(store) as session:
            documents = _documents(session, _document_select(filters.q).limit(50))
    return S.SearchOut(
        q=filters.q, total=page.total, limit=limit, offset=offset, events=page.items, documents=documents
    )


# -- writes ---------------------------------------------------------------------------

_extractor_lock = Lock()
_extractor: Any = None


def extractor():
    """One Extractor per process, loaded on first use."""
    global _extractor
    with _extractor_lock:
        if _extractor is None:
            from armswatch.extract.pipeline import Extractor  # noqa: PLC0415

            _extractor = Extractor()
        return _extractor


def set_extractor(extractor_instance) -> None:
    """Use an already loaded Extractor for posted articles (saves loading the model again)."""
    global _extractor
    with _extractor_lock:
        _extractor = extractor_instance


def store_posted(store: Store, article: S.ArticleIn) -> S.IngestOut:
    """Clean and store one posted article (as one line of a .jsonl corpus); its events are not extracted here."""
    from armswatch.clean import clean_document  # noqa: PLC0415
    from armswatch.ingest.jsonl import parse_line  # noqa: PLC0415
    from armswatch.model import Skipped  # noqa: PLC0415

    line = json.dumps(article.model_dump(exclude_none=True), ensure_ascii=False).encode("utf-8")
    raw = parse_line(line, "api", 1)
    if isinstance(raw, Skipped):
        return S.IngestOut(doc_id=None, is_new=False, events=0, skipped=raw.reason)
    if not article.id:
        raw.doc_id = "api-" + hashlib.sha256(line).hexdigest()[:16]
    raw.source = "api:" + (article.url or raw.doc_id)
    cleaned = clean_document(raw)
    if isinstance(cleaned, Skipped):
        store.record_skip(cleaned)
        return S.IngestOut(doc_id=None, is_new=False, events=0, skipped=cleaned.reason)
    doc_id, is_new = store.add_article(cleaned)
    n = 0 if is_new else len(store.events(EventQuery(doc_id=doc_id)))
    return S.IngestOut(doc_id=doc_id, is_new=is_new, events=n)


def extract_posted(ex, store: Store, stored: S.IngestOut) -> S.IngestOut:
    """Extract and store the events of a document ``store_posted`` stored, with extractor ``ex``.

    Past the extractor's time budget the document stays stored without
    events; the skip is recorded and returned in ``not_extracted``.
    """
    from armswatch.extract.pipeline import OverBudget  # noqa: PLC0415

    article = store.get_article(stored.doc_id) if stored.doc_id else None
    if article is None:
        return stored
    try:
        events = ex.extract(article)
    except OverBudget as exc:
        store.record_skip(exc.skipped)
        return stored.model_copy(update={"events": 0, "not_extracted": exc.skipped.reason})
    store.replace_events(article.doc_id, events, extractor_version=ex.version)
    return stored.model_copy(update={"events": len(events)})


def ingest_article(store: Store, article: S.ArticleIn, extract: bool = True, pool=None) -> S.IngestOut:
    """Clean and store one posted article, then extract its events (in this thread, through ``pool``)."""
    from armswatch.api.extraction import ExtractionPool  # noqa: PLC0415

    stored = store_posted(store, article)
    if not (extract and stored.is_new):
        return stored
    return (pool or ExtractionPool()).call(extract_posted, store, stored)


async def ingest_article_async(store: Store, article: S.ArticleIn, pool, extract: bool = True) -> S.IngestOut:
    """``ingest_article`` for the event loop: storing in a request thread, extraction through ``pool``'s threads."""
    from starlette.concurrency import run_in_threadpool  # noqa: PLC0415

    stored = await run_in_threadpool(store_posted, store, article)
    if not (extract and stored.is_new):
        return stored
    return await pool.run(extract_posted, store, stored)


__all__ = [
    "EventFilters",
    "LINKING_UNAVAILABLE",
    "LinkingUnavailable",
    "get_deal",
    "get_document",
    "get_network",
    "get_overview",
    "get_stats",
    "get_timeline",
    "ingest_article",
    "ingest_article_async",
    "linking_available",
    "party_name",
    "run_link",
    "search",
]
