"""The web application: the JSON API under ``/api`` and the HTML pages, one FastAPI app.

    from armswatch.api.app import create_app
    app = create_app("armswatch.db", token="s3cret")   # uvicorn.run(app)

- Reads are open; writes (``POST /api/documents``, ``POST /api/link``) need
  ``Authorization: Bearer <token>``, the token coming from the ``token``
  argument or ``$ARMSWATCH_API_TOKEN``. Without a token, writes are disabled.
- Request bodies over ``max_body`` bytes are refused with 413.
- Every response carries ``X-Content-Type-Options: nosniff``,
  ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer`` and a
  Content-Security-Policy allowing only the app's own origin. No CORS headers
  are ever sent.
- ``HEAD`` works on every ``GET`` route; answers over 1 KiB are gzipped
  for clients that accept it; complete answers carry an ``ETag`` and
  ``Cache-Control`` (``armswatch.api.http``); a ``Host`` header naming
  another server is refused with 400 (DNS rebinding).
- The OpenAPI schema is at ``/openapi.json``; there is no Swagger page (it
  would load its scripts from a CDN).
- A read answer is kept and served again while the database is unchanged
  (``armswatch.api.cache``; SQLite only).
- Requests run in at most ``workers`` threads, each reading through its own
  connection of a pool of that size. When no connection frees up within
  ``pool_timeout`` seconds, or the database is locked or unreachable, the
  answer is 503 with ``Retry-After``, never a 500 after a long wait. An
  unexpected error is a 500 that still carries the safe headers.
"""

from __future__ import annotations

import json
import logging
import os
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armswatch.api import routes, service
from armswatch.api import sipri as sipri_api
from armswatch.api.cache import ReadCache, sqlite_version
from armswatch.api.http import ConditionalGet, HeadAsGet, allowed_hosts

TOKEN_ENV = "ARMSWATCH_API_TOKEN"
#: Default largest request body, in bytes.
MAX_BODY_BYTES = 2 * 1024 * 1024
#: Default number of request threads (anyio's default), and so of pooled connections.
WORKERS = 40
#: Seconds a request waits for a free database connection before a 503.
POOL_TIMEOUT = 5.0
#: What a 503 asks the client to wait, in seconds.
RETRY_AFTER = "2"
BUSY = "the database is busy; retry shortly"

log = logging.getLogger("armswatch.api")


def check_token(token: str | None) -> str | None:
    """``token`` if it can be sent in an Authorization header, else ValueError.

    HTTP headers carry bytes that servers read as Latin-1, so a token with
    other characters (or spaces, which end it) could never match.
    """
    if token is None or token == "":
        return None
    if not all("!" <= ch <= "~" for ch in token):
        raise ValueError("the API token must consist of printable ASCII characters without spaces "
                         "(an HTTP header cannot carry others, so such a token could never match)")
    return token

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CSP,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Errors nobody handled would reach Starlette's outermost handler,
            # which answers without these headers: answer here instead.
            log.exception("internal error on %s", scope.get("path", "?"))
            if started:
                raise
            body = json.dumps({"detail": "internal server error"}).encode()
            await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


class BodyLimit:
    """ASGI middleware: refuses request bodies larger than ``limit`` bytes with 413.

    A declared Content-Length over the limit is refused before anything is
    read; a body without one (chunked) is counted as it arrives.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, send: Send, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                declared = value
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await self._refuse(send, 400, "invalid Content-Length")
                return
            if length > self.limit:
                await self._refuse(send, 413, f"request body larger than {self.limit} bytes")
                return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await self._refuse(send, 413, str(exc.detail))


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path == "/openapi.json" or path.startswith("/static"))


def _database_busy(exc: Exception) -> bool:
    """Whether a database error is one a retry can cure: a lock, a lost or refused connection."""
    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        text = str(exc.orig if exc.orig is not None else exc).lower()
        return any(w in text for w in ("locked", "busy", "connection", "server closed", "terminat", "timeout"))
    return False


def create_app(
    db: str | None = None,
    token: str | None = None,
    *,
    max_body: int = MAX_BODY_BYTES,
    web: bool = True,
    workers: int = WORKERS,
    pool_timeout: float = POOL_TIMEOUT,
    pool_size: int | None = None,
    cache: bool = True,
    allow_hosts: list[str] | tuple[str, ...] | None = None,
) -> FastAPI:
    """The armswatch app over the store at ``db`` (see ``armswatch.store.open_store``).

    ``token`` (else ``$ARMSWATCH_API_TOKEN``) enables the write routes
    (ValueError if it is not printable ASCII, see ``check_token``);
    ``web=False`` serves the JSON API only. ``workers`` request threads share
    a pool of ``pool_size`` connections (default: one per thread, plus room
    for posted articles being extracted), waiting at most ``pool_timeout``
    seconds for one. With ``cache``, read answers of an SQLite store are
    served again while the database is unchanged (``armswatch.api.cache``).
    Requests must name the server by a loopback name or one of
    ``allow_hosts`` (``armswatch.api.http.allowed_hosts``; "*" allows any).
    """
    from armswatch.api import extraction  # noqa: PLC0415
    from armswatch.store import open_store  # noqa: PLC0415

    token = check_token(token if token is not None else (os.environ.get(TOKEN_ENV) or None))
    if workers < 1:
        raise ValueError("workers must be at least 1")
    size = pool_size or workers + extraction.WORKERS + 2
    # A write waiting on another process's lock gives up before a client's 10 s
    # timeout would, and the answer is a 503 to retry.
    store = open_store(db, pool_size=size, pool_timeout=pool_timeout, busy_timeout=8)
    # Articles posted for extraction recognise the imported SIPRI register's designations too.
    from armswatch.sipri.overlay import apply_overlay  # noqa: PLC0415

    apply_overlay(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Sync routes run in anyio's worker threads: as many as the pool has connections for.
        anyio.to_thread.current_default_thread_limiter().total_tokens = workers
        yield
        store.close()

    app = FastAPI(
        title="armswatch",
        version=_version(),
        summary="Arms-transfer events extracted from news, with their evidence.",
        description=(
            "Read routes are open. Write routes need `Authorization: Bearer <token>` "
            f"(the server's `{TOKEN_ENV}`). List routes page with `limit` (at most "
            f"{routes.MAX_LIMIT}) and `offset`."
        ),
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token
    app.state.extraction = extraction.ExtractionPool()
    app.include_router(routes.router)
    app.include_router(sipri_api.router)

    async def busy(request: Request, exc: Exception):
        if not _database_busy(exc):
            raise exc
        headers = {"Retry-After": RETRY_AFTER}
        if web and _wants_html(request):
            from armswatch.web.views import error_page  # noqa: PLC0415

            page = error_page(request, 503, BUSY)
            page.headers.update(headers)
            return page
        return JSONResponse({"detail": BUSY}, status_code=503, headers=headers)

    app.add_exception_handler(PoolTimeout, busy)
    app.add_exception_handler(OperationalError, busy)
    app.add_exception_handler(DBAPIError, busy)

    @app.exception_handler(service.LinkingUnavailable)
    async def no_linking(request: Request, exc: service.LinkingUnavailable):
        if web and _wants_html(request):
            from armswatch.web.views import error_page  # noqa: PLC0415

            return error_page(request, 503, service.LINKING_UNAVAILABLE)
        return JSONResponse({"detail": service.LINKING_UNAVAILABLE}, status_code=503)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if web and _wants_html(request):
            from armswatch.web.views import error_page  # noqa: PLC0415

            return error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        if web and _wants_html(request):
            from armswatch.web.views import error_page  # noqa: PLC0415

            problems = "; ".join(
                f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors()
            )
            return error_page(request, 422, f"invalid request: {problems}")
        return JSONResponse({"detail": _jsonable(exc.errors())}, status_code=422)

    if web:
        from armswatch.web import views  # noqa: PLC0415

        views.install(app)

    if cache:
        version = sqlite_version(store.engine.url.database) if store.engine.dialect.name == "sqlite" else None
        app.add_middleware(ReadCache, version=version)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(ConditionalGet)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(HeadAsGet)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(allow_hosts))
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """``create_app()`` over ``$ARMSWATCH_DB`` with ``$ARMSWATCH_API_TOKEN`` (for ``serve --workers``)."""
    return create_app()


def _safe_text(value) -> str:
    # Lone surrogates and the like cannot be sent as JSON; the client gets "?" instead.
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _jsonable(errors) -> list:
    """Validation errors without the offending input: echoing it back could fail to encode (NaN, lone surrogates)."""
    return [
        {"loc": [_safe_text(p) if isinstance(p, str) else p for p in e.get("loc", ())],
         "msg": _safe_text(e.get("msg", "")), "type": _safe_text(e.get("type", ""))}
        for e in errors
    ]


def _version() -> str:
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version("armswatch")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "0"
