"""The JSON API under ``/api``: thin routes over ``armswatch.api.service``."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator

from armswatch.api import schemas as S
from armswatch.api import service
from armswatch.lookup import UnknownValue, resolve_party, resolve_status
from armswatch.model import EventType, Modality
from armswatch.store import Store

#: Largest page a list route returns; larger ``limit`` values are rejected (422).
MAX_LIMIT = 200
#: Largest ``offset`` accepted (deeper pages: narrow the filters instead).
MAX_OFFSET = 1_000_000
#: Largest database id accepted in a path (SQLite integers are 64-bit).
MAX_ID = 2**62
MIN_YEAR, MAX_YEAR = 0, 9999

router = APIRouter(prefix="/api")

def _looked_up(resolve):
    """A validator running ``resolve`` (armswatch.lookup); its UnknownValue becomes a 422 naming the parameter."""
    def check(value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return resolve(value)
        except UnknownValue as e:
            raise ValueError(str(e)) from None
    return AfterValidator(check)


Party = Annotated[str | None, Query(max_length=64, description="Party: a code (ISO3, UN, EU, NSA:<name>) or any "
                                     "name or alias in any case (pak, Pakistan, Islamabad)."), _looked_up(resolve_party)]
Status = Annotated[str | None, Query(max_length=32, description="Deal status, any case: offered, requested, "
                                     "negotiating, agreed, delivered, rejected, cancelled, unconfirmed."),
                   _looked_up(resolve_status)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Year = Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)]
Text = Annotated[str | None, Query(max_length=200)]

NOT_FOUND = {404: {"model": S.ErrorOut, "description": "Not found"}}
NO_LINKING = {503: {"model": S.ErrorOut, "description": service.LINKING_UNAVAILABLE}}
WRITE = {
    401: {"model": S.ErrorOut, "description": "No bearer token given"},
    403: {"model": S.ErrorOut, "description": "Wrong token, or writes disabled (no token configured)"},
    413: {"model": S.ErrorOut, "description": "Request body too large"},
}


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def event_filters(
    party: Party = None,
    supplier: Party = None,
    recipient: Party = None,
    type: Annotated[EventType | None, Query(description="Event type.")] = None,
    weapon: Annotated[str | None, Query(max_length=100, description="Designation or family, substring.")] = None,
    category: Annotated[S.Category | None, Query()] = None,  # type: ignore[valid-type]
    year_from: Year = None,
    year_to: Year = None,
    modality: Annotated[Modality | None, Query()] = None,
    contested: Annotated[bool | None, Query(description="Only events of contested (true) or uncontested (false) deals.")] = None,
) -> service.EventFilters:
    return service.EventFilters(
        party=party,
        supplier=supplier,
        recipient=recipient,
        type=type.value if type else None,
        weapon=weapon,
        category=category.value if category else None,
        year_from=year_from,
        year_to=year_to,
        modality=modality.value if modality else None,
        contested=contested,
    )


Filters = Annotated[service.EventFilters, Depends(event_filters)]


def require_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <token>`` matching the configured token."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "writes are disabled: no API token is configured (ARMSWATCH_API_TOKEN)")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "bearer token required", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, "wrong token")


# -- read ----------------------------------------------------------------------------


@router.get("/stats", response_model=S.StatsOut, tags=["overview"])
def stats(store: StoreDep) -> S.StatsOut:
    """Row counts, events by type and by year."""
    return service.get_stats(store)


@router.get("/overview", response_model=S.OverviewOut, tags=["overview"])
def overview(store: StoreDep) -> S.OverviewOut:
    """What the overview page shows: counts, latest events, contested deals."""
    return service.get_overview(store)


@router.get("/documents", response_model=S.DocumentPage, tags=["documents"])
def documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0, q: Text = None) -> S.DocumentPage:
    """Stored documents, newest first; ``q`` filters on the title."""
    return service.documents_page(store, limit, offset, q)


@router.get("/documents/{doc_id:path}", response_model=S.DocumentOut, responses=NOT_FOUND, tags=["documents"])
def document(store: StoreDep, doc_id: Annotated[str, Path(max_length=1000)]) -> S.DocumentOut:
    """One document: cleaned text, events, and the text cut into evidence segments."""
    found = service.get_document(store, doc_id)
    if found is None:
        raise HTTPException(404, "no such document")
    return found


@router.post(
    "/documents",
    response_model=S.IngestOut,
    status_code=201,
    responses={**WRITE, 200: {"model": S.IngestOut, "description": "Already stored"},
               422: {"description": "Invalid article"}},
    dependencies=[Depends(require_token)],
    tags=["write"],
)
async def post_document(
    request: Request,
    store: StoreDep,
    article: S.ArticleIn,
    response: Response,
    extract: Annotated[bool, Query(description="Extract the article's events right away.")] = True,
) -> S.IngestOut:
    """Ingest one article (the fields of a .jsonl corpus line: id, title, text or html, published, url).

    Extraction runs in threads of its own, so a long article does not hold up
    other requests; past the time budget the article is stored without events
    (``not_extracted`` says why).
    """
    if not (article.text and article.text.strip()) and not (article.html and article.html.strip()):
        raise HTTPException(422, "the article needs a non-empty text or html")
    result = await service.ingest_article_async(store, article, request.app.state.extraction, extract=extract)
    if result.skipped:
        raise HTTPException(422, f"article not stored: {result.skipped}")
    if not result.is_new:
        response.status_code = 200
    return result


@router.get("/events", response_model=S.EventPage, tags=["events"])
def events(store: StoreDep, filters: Filters, limit: Limit = 50, offset: Offset = 0) -> S.EventPage:
    """Events matching every filter given, by id."""
    return service.events_page(store, filters, limit, offset)


@router.get("/events/{event_id}", response_model=S.EventOut, responses=NOT_FOUND, tags=["events"])
def event(store: StoreDep, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> S.EventOut:
    found = service.get_event(store, event_id)
    if found is None:
        raise HTTPException(404, "no such event")
    return found


@router.get("/deals", response_model=S.DealPage, tags=["deals"])
def deals(
    store: StoreDep,
    party: Party = None,
    supplier: Party = None,
    recipient: Party = None,
    status: Status = None,
    contested: bool | None = None,
    weapon: Annotated[str | None, Query(max_length=100)] = None,
    year_from: Year = None,
    year_to: Year = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> S.DealPage:
    """Deals assembled by the linker (empty, with ``linking_available: false``, without it)."""
    return service.deals_page(
        store, party=party, supplier=supplier, recipient=recipient, status=status, contested=contested,
        weapon=weapon, year_from=year_from, year_to=year_to, limit=limit, offset=offset,
    )


@router.get("/deals/{deal_id}", response_model=S.DealOut, responses={**NOT_FOUND, **NO_LINKING}, tags=["deals"])
def deal(store: StoreDep, deal_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> S.DealOut:
    """One deal: lifecycle stages, every claim with its source, conflicts."""
    found = service.get_deal(store, deal_id)
    if found is None:
        raise HTTPException(404, "no such deal")
    return found


@router.get("/dyads", response_model=S.DyadList, tags=["dyads"])
def dyads(store: StoreDep) -> S.DyadList:
    """Every supplier → recipient pair with its event and deal counts."""
    return service.dyad_list(store)


@router.get(
    "/dyads/{supplier}/{recipient}", response_model=S.DyadTimelineOut, responses=NOT_FOUND, tags=["dyads"]
)
def dyad(
    store: StoreDep,
    supplier: Annotated[str, Path(max_length=64)],
    recipient: Annotated[str, Path(max_length=64)],
) -> S.DyadTimelineOut:
    """The timeline of one supplier → recipient pair: events, deals, embargo periods."""
    found = service.get_timeline(store, supplier, recipient)
    if not (found.events or found.deals or found.embargo_periods):
        raise HTTPException(404, "nothing reported between these parties")
    return found


@router.get("/network", response_model=S.NetworkOut, tags=["dyads"])
def network(store: StoreDep, max_nodes: Annotated[int, Query(ge=2, le=200)] = 40) -> S.NetworkOut:
    """Parties (nodes) and supplier → recipient pairs (edges) for the network page."""
    return service.get_network(store, max_nodes)


@router.get("/search", response_model=S.SearchOut, tags=["events"])
def search(
    store: StoreDep, filters: Filters, q: Text = None, limit: Limit = 50, offset: Offset = 0
) -> S.SearchOut:
    """Full text (case-insensitive substring) over evidence and titles, with the event filters."""
    filters.q = q.strip() if q and q.strip() else None
    return service.search(store, filters, limit, offset)


_EXPORT_DOC = "All events matching the filters (no paging), streamed."


@router.get(
    "/export/events.jsonl",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": _EXPORT_DOC}},
    tags=["exports"],
)
def export_jsonl(store: StoreDep, filters: Filters, q: Text = None) -> StreamingResponse:
    """Events as JSON lines, one event per line."""
    filters.q = q.strip() if q and q.strip() else None
    return StreamingResponse(
        service.export_jsonl(store, filters),
        media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="armswatch-events.jsonl"'},
    )


@router.get(
    "/export/events.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": _EXPORT_DOC}},
    tags=["exports"],
)
def export_csv(store: StoreDep, filters: Filters, q: Text = None) -> StreamingResponse:
    """Events as CSV with a header row."""
    filters.q = q.strip() if q and q.strip() else None
    return StreamingResponse(
        service.export_csv(store, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="armswatch-events.csv"'},
    )


# -- write ------------------------------------------------------------------------------


@router.post(
    "/link",
    response_model=S.LinkOut,
    responses={**WRITE, **NO_LINKING},
    dependencies=[Depends(require_token)],
    tags=["write"],
)
def link(store: StoreDep) -> S.LinkOut:
    """Run deal linking over the stored events (and attach deals to an imported SIPRI register)."""
    out = service.run_link(store)
    from armswatch.sipri.reference import refresh_links  # noqa: PLC0415

    refresh_links(store)
    return out
