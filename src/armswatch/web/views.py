"""The HTML pages: each renders the same model its ``/api`` route returns as JSON.

| page | JSON |
|---|---|
| ``/`` | ``/api/overview`` |
| ``/network`` | ``/api/network`` |
| ``/dyad/{supplier}/{recipient}`` | ``/api/dyads/{supplier}/{recipient}`` |
| ``/deals``, ``/deal/{id}`` | ``/api/deals``, ``/api/deals/{id}`` |
| ``/documents``, ``/document/{doc_id}`` | ``/api/documents``, ``/api/documents/{doc_id}`` |
| ``/search?q=`` | ``/api/search?q=`` |
| ``/sipri`` | ``/api/sipri`` |
| (the SIPRI section of ``/deal/{id}``) | ``/api/deals/{id}/sipri`` |

Templates are Jinja2 with autoescaping on; article text reaches a page only
through ``highlight()`` (segments escaped one by one) or as an escaped
template variable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from armswatch.api import routes, service
from armswatch.api import sipri as sipri_api
from armswatch.api import schemas as S
from armswatch.lookup import UnknownValue, resolve_party, resolve_status
from armswatch.model import CATEGORIES, EventType, Modality
from armswatch.web import svg

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 50

# -- URLs -------------------------------------------------------------------------------------


def seg(value: object) -> str:
    """One URL path segment (every reserved character quoted, '/' too)."""
    return quote(str(value), safe="")


def dyad_url(supplier: str, recipient: str) -> str:
    return f"/dyad/{seg(supplier)}/{seg(recipient)}"


def deal_url(deal_id: int | None) -> str:
    return f"/deal/{deal_id}" if deal_id is not None else "/deals"


def doc_url(doc_id: str, event_id: int | None = None) -> str:
    return f"/document/{seg(doc_id)}" + (f"#ev-{event_id}" if event_id is not None else "")


def search_url(**params: Any) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return "/search" + ("?" + urlencode(clean) if clean else "")


def page_url(path: str, params: dict[str, Any], offset: int) -> str:
    """``path`` with ``params`` and another ``offset`` (never below 0)."""
    query = {k: v for k, v in params.items() if k != "offset" and v not in (None, "")}
    if offset > 0:
        query["offset"] = offset
    return path + ("?" + urlencode(query) if query else "")


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (never a javascript: or data: URL)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


# -- formatting ---------------------------------------------------------------------------------

QUALIFIER_MARK = {"about": "~", "at-least": "≥", "at-most": "≤"}


def fmt_quantity(quantity: int | None, qualifier: str | None = None) -> str:
    if quantity is None:
        return ""
    return QUALIFIER_MARK.get(qualifier or "", "") + f"{quantity:,}"


def fmt_years(year: int | None, year_end: int | None = None, inferred: bool = False) -> str:
    """"2014", "2014–2016", or "≈2016 (publication year)" when no year was written."""
    if year is None:
        return ""
    if inferred:
        return f"≈{year} (publication year)"
    return f"{year}–{year_end}" if year_end and year_end != year else str(year)


def fmt_value(value: S.ValueOut | None) -> str:
    if value is None:
        return ""
    amount = value.amount
    for div, suffix in ((1_000_000_000, "bn"), (1_000_000, "m")):
        if abs(amount) >= div:
            return f"{value.currency} {amount / div:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"{value.currency} {amount:,}"


def party_label(code: str | None) -> str:
    if not code:
        return "?"
    name = service.party_name(code)
    return f"{code} ({name})" if name and name != code else code


def highlight_text(text: str, needle: str | None) -> Markup:
    """``text`` escaped, with case-insensitive occurrences of ``needle`` in <mark>."""
    if not needle:
        return escape(text)
    out: list[Markup] = []
    pos = 0
    for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
        out.append(escape(text[pos : m.start()]))
        out.append(Markup("<mark class=\"hit\">") + escape(m.group(0)) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def highlight(doc: S.DocumentOut) -> Markup:
    """The document text with each event's evidence in <mark>, built by escaping each segment."""
    types = {e.id: e.type for e in doc.events}
    started: set[int] = set()
    out: list[Markup] = []
    for s in doc.segments:
        piece = escape(doc.text[s.start : s.end])
        if not s.event_ids:
            out.append(piece)
            continue
        anchors = Markup("").join(
            Markup('<span class="anchor" id="ev-%s"></span>') % i for i in s.event_ids if i not in started
        )
        started.update(s.event_ids)
        label = "; ".join(f"#{i} {svg.type_label(types.get(i, ''))}" for i in s.event_ids)
        first = types.get(s.event_ids[0], "")
        out.append(
            Markup('<mark class="ev t-%s%s" data-events="%s" title="%s">')
            % (first, " multi" if len(s.event_ids) > 1 else "", " ".join(map(str, s.event_ids)), label)
            + anchors
            + piece
            + Markup("</mark>")
        )
    return Markup("").join(out)


# -- templates --------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        dyad_url=dyad_url, deal_url=deal_url, page_url=page_url, doc_url=doc_url, search_url=search_url, safe_href=safe_href,
        fmt_quantity=fmt_quantity, fmt_years=fmt_years, fmt_value=fmt_value, party_label=party_label,
        party_name=service.party_name, type_label=svg.type_label, seg=seg, TYPES=svg.TYPE_ORDER,
        MODALITIES=svg.MODALITIES, CATEGORIES=CATEGORIES, LINKING_UNAVAILABLE=service.LINKING_UNAVAILABLE,
        highlight_text=highlight_text, embargo_label=embargo_label,
    )
    return env



def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("json_url", None)
    context.setdefault("title", "armswatch")
    context.setdefault("q", "")
    html = ENV.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=f"{status} – armswatch", status_code=status,
                  detail=detail)


# -- lenient form parsing --------------------------------------------------------------------------

_TEXT_LIMITS = {"party": 64, "supplier": 64, "recipient": 64, "weapon": 100, "q": 200, "status": 32}


def _form(request: Request) -> dict[str, str]:
    """Query parameters with empty ones dropped (HTML forms send every field)."""
    return {k: v.strip() for k, v in request.query_params.items() if v.strip()}


def _int(params: dict[str, str], name: str, lo: int, hi: int) -> int | None:
    if name not in params:
        return None
    try:
        value = int(params[name])
    except ValueError:
        raise HTTPException(422, f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise HTTPException(422, f"{name} must be between {lo} and {hi}")
    return value


def _choice(params: dict[str, str], name: str, choices) -> str | None:
    if name not in params:
        return None
    if params[name] not in choices:
        raise HTTPException(422, f"{name} must be one of: {', '.join(choices)}")
    return params[name]


def _bool(params: dict[str, str], name: str) -> bool | None:
    value = params.get(name, "").lower()
    if not value or value == "any":
        return None
    if value in ("true", "yes", "1"):
        return True
    if value in ("false", "no", "0"):
        return False
    raise HTTPException(422, f"{name} must be true or false")


def _text(params: dict[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is not None and len(value) > _TEXT_LIMITS.get(name, 200):
        raise HTTPException(422, f"{name} is too long")
    return value


def _looked_up(params: dict[str, str], name: str, resolve) -> str | None:
    """A form value through armswatch.lookup: "pakistan" finds PAK; an unknown one says what was meant."""
    value = _text(params, name)
    if value is None:
        return None
    try:
        return resolve(value)
    except UnknownValue as e:
        raise HTTPException(422, f"{name}: {e}") from None


def form_filters(params: dict[str, str]) -> service.EventFilters:
    return service.EventFilters(
        party=_looked_up(params, "party", resolve_party),
        supplier=_looked_up(params, "supplier", resolve_party),
        recipient=_looked_up(params, "recipient", resolve_party),
        type=_choice(params, "type", [t.value for t in EventType]),
        weapon=_text(params, "weapon"),
        category=_choice(params, "category", list(CATEGORIES)),
        year_from=_int(params, "year_from", routes.MIN_YEAR, routes.MAX_YEAR),
        year_to=_int(params, "year_to", routes.MIN_YEAR, routes.MAX_YEAR),
        modality=_choice(params, "modality", [m.value for m in Modality]),
        contested=_bool(params, "contested"),
        q=_text(params, "q"),
    )


def _offset(params: dict[str, str]) -> int:
    return _int(params, "offset", 0, routes.MAX_OFFSET) or 0


# -- points for the timeline ------------------------------------------------------------------------


def event_label(e: S.EventOut) -> str:
    bits = [svg.type_label(e.type), fmt_years(e.year, e.year_end, e.year_inferred) or "no year"]
    if e.weapon or e.weapon_family:
        bits.append(e.weapon or e.weapon_family or "")
    if e.quantity is not None:
        bits.append(f"× {fmt_quantity(e.quantity, e.quantity_qualifier)}")
    bits.append(e.modality)
    return " · ".join(bits)


def event_points(events: list[S.EventOut]) -> list[svg.Point]:
    return [
        svg.Point(key=f"ev-{e.id}", type=e.type, year=e.year, year_end=e.year_end, modality=e.modality,
                  label=event_label(e), href=f"#ev-{e.id}", inferred=e.year_inferred)
        for e in events
    ]


def embargo_label(p: S.EmbargoPeriodOut) -> str:
    since = f"since {p.since}" if p.since is not None else "start not reported"
    if p.until is not None:
        until = f"lifted {p.until}"
    elif p.lifted_event_id is not None:
        until = "lifted, year not reported"
    else:
        until = "not reported lifted"
    return f"Embargo in force: {since}; {until}"


def embargo_bands(periods: list[S.EmbargoPeriodOut]) -> list[svg.Band]:
    """Shaded spans for the periods with at least one known end (others are listed, not drawn)."""
    return [
        svg.Band(since=p.since, until=p.until, label=embargo_label(p))
        for p in periods
        if p.since is not None or p.until is not None
    ]


ENV = _environment()


# -- routes ----------------------------------------------------------------------------------------


class SafeStaticFiles(StaticFiles):
    """``StaticFiles`` that answers 404 for a path holding a NUL or another control character.

    No file of ours has one in its name, and the operating system refuses a
    NUL in a path with an error that would otherwise become a 500.
    """

    def get_path(self, scope) -> str:
        path = super().get_path(scope)
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
            raise HTTPException(404, "not found")
        return path


def install(app: FastAPI) -> None:
    """Add the HTML pages and ``/static`` to ``app``."""
    app.mount("/static", SafeStaticFiles(directory=str(HERE / "static")), name="static")

    def store(request: Request):
        return request.app.state.store

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request):
        data = service.get_overview(store(request))
        charts = {
            "types": svg.type_bars(data.stats.by_type, title="Events by type",
                                   href=lambda t: search_url(type=t)),
            "years": svg.year_bars(((y.year, y.by_type) for y in data.stats.by_year), title="Events by year",
                                   href=lambda y: search_url(year_from=y, year_to=y)),
        }
        return render(request, "overview.html", data=data, charts=charts, json_url="/api/overview",
                      title="Overview – armswatch")

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request):
        data = service.get_network(store(request))
        nodes = [
            svg.Node(party=n.party, weight=n.n_events, href=search_url(party=n.party),
                     label=f"{party_label(n.party)}: {n.as_supplier} events as supplier, {n.as_recipient} as recipient")
            for n in data.nodes
        ]
        edges = [
            svg.Edge(supplier=d.supplier, recipient=d.recipient, weight=d.n_events,
                     href=dyad_url(d.supplier, d.recipient),
                     label=f"{d.supplier} → {d.recipient}: {d.n_events} events, {d.n_deals} deals")
            for d in data.edges
        ]
        chart = svg.network(nodes, edges, title="Supplier → recipient network")
        return render(request, "network.html", data=data, chart=chart, json_url="/api/network",
                      title="Network – armswatch")

    @app.get("/dyad/{supplier}/{recipient}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, supplier: str, recipient: str):
        if len(supplier) > 64 or len(recipient) > 64:
            raise HTTPException(404, "no such dyad")
        data = service.get_timeline(store(request), supplier, recipient)
        if not (data.events or data.deals or data.embargo_periods):
            raise HTTPException(404, f"nothing reported between {supplier} and {recipient}")
        bands = embargo_bands(data.embargo_periods)
        chart = svg.timeline(event_points(data.events), bands,
                             title=f"Events {supplier} → {recipient} by year and type")
        types = [t for t in svg.TYPE_ORDER if any(e.type == t for e in data.events)]
        modalities = [m for m in svg.MODALITIES if any(e.modality == m for e in data.events)]
        return render(request, "dyad.html", data=data, chart=chart, types=types, modalities=modalities,
                      n_bands=len(bands),
                      json_url=f"/api/dyads/{seg(supplier)}/{seg(recipient)}",
                      title=f"{supplier} → {recipient} – armswatch")

    @app.get("/deals", response_class=HTMLResponse, include_in_schema=False)
    def deals_page(request: Request):
        params = _form(request)
        offset = _offset(params)
        filters = {
            "party": _looked_up(params, "party", resolve_party), "status": _looked_up(params, "status", resolve_status),
            "contested": _bool(params, "contested"), "weapon": _text(params, "weapon"),
        }
        data = service.deals_page(store(request), limit=PAGE_SIZE, offset=offset, **filters)
        shown = {k: v for k, v in filters.items() if v is not None}
        return render(request, "deals.html", data=data, filters=shown, params=params,
                      json_url="/api/deals" + ("?" + urlencode(shown) if shown else ""), title="Deals – armswatch")

    @app.get("/deal/{deal_id}", response_class=HTMLResponse, include_in_schema=False)
    def deal_page(request: Request, deal_id: str):
        if not deal_id.isdigit() or not 1 <= int(deal_id) <= routes.MAX_ID:
            raise HTTPException(404, "no such deal")
        data = service.get_deal(store(request), int(deal_id))
        if data is None:
            raise HTTPException(404, "no such deal")
        points = [
            svg.Point(key=f"claim-{c.event_id}", type=c.type, year=c.year, year_end=None, modality=c.modality,
                      label=(f"{svg.type_label(c.type)} · {fmt_years(c.year, None, c.year_inferred) or 'no year'}"
                             f" · {c.modality} · {c.outlet or c.source or c.doc_id}"),
                      href=f"#claim-{c.event_id}", inferred=c.year_inferred)
            for c in data.claims
        ]
        chart = svg.timeline(points, title=f"Claims about deal {data.id} by year and stage")
        main = [s for s in data.stages if s.type not in ("REJECTION", "CANCELLATION")]
        ends = [s for s in data.stages if s.type in ("REJECTION", "CANCELLATION")]
        modalities = [m for m in svg.MODALITIES if any(c.modality == m for c in data.claims)]
        register = sipri_api.deal_orders(store(request), int(deal_id))
        return render(request, "deal.html", data=data, chart=chart, main_stages=main, end_stages=ends,
                      modalities=modalities, sipri=register, json_url=f"/api/deals/{data.id}",
                      title=f"Deal {data.id}: {data.supplier} → {data.recipient} {data.weapon_family or ''} – armswatch")

    @app.get("/sipri", response_class=HTMLResponse, include_in_schema=False)
    def sipri_page(request: Request):
        params = _form(request)
        offset = _offset(params)
        data = sipri_api.overview(store(request), PAGE_SIZE, offset)
        more = offset + PAGE_SIZE < max(data.n_not_in_sipri, data.n_differing)
        return render(request, "sipri.html", data=data, params=params,
                      prev_url=page_url("/sipri", params, offset - PAGE_SIZE) if offset else None,
                      next_url=page_url("/sipri", params, offset + PAGE_SIZE) if more else None,
                      json_url="/api/sipri" + (f"?offset={offset}" if offset else ""),
                      title="New since SIPRI – armswatch")

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request):
        params = _form(request)
        offset = _offset(params)
        q = _text(params, "q")
        data = service.documents_page(store(request), PAGE_SIZE, offset, q)
        return render(request, "documents.html", data=data, doc_q=q or "",
                      json_url="/api/documents" + ("?" + urlencode({"q": q}) if q else ""),
                      title="Documents – armswatch")

    @app.get("/document/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        if len(doc_id) > 1000:
            raise HTTPException(404, "no such document")
        data = service.get_document(store(request), doc_id)
        if data is None:
            raise HTTPException(404, "no such document")
        return render(request, "document.html", data=data, body=highlight(data),
                      json_url=f"/api/documents/{seg(doc_id)}",
                      title=f"{data.title or data.doc_id} – armswatch")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request):
        params = _form(request)
        filters = form_filters(params)
        offset = _offset(params)
        data = service.search(store(request), filters, PAGE_SIZE, offset)
        active = filters.active()
        api_params = urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in active.items()})
        return render(
            request, "search.html", data=data, filters=active, params=params, q=filters.q or "",
            api_query=api_params, json_url="/api/search" + ("?" + api_params if api_params else ""),
            prev_url=page_url("/search", params, offset - PAGE_SIZE) if offset else None,
            next_url=page_url("/search", params, offset + PAGE_SIZE) if offset + PAGE_SIZE < data.total else None,
            title=(f"Search: {filters.q} – armswatch" if filters.q else "Search – armswatch"),
        )
