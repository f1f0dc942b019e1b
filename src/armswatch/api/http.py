"""HTTP plumbing of the app: HEAD on every GET route, ETag and Cache-Control, the Host allow-list.

- ``HeadAsGet``: a ``HEAD`` request is answered as the ``GET`` it mirrors,
  with the same status and headers (Content-Length included) and no body.
- ``ConditionalGet``: a complete ``200`` answer to a ``GET`` gets a strong
  ``ETag`` (a hash of its body) and ``Cache-Control``; a request whose
  ``If-None-Match`` names that tag gets ``304`` and no body. Pages and the API
  are ``no-cache`` (kept, but checked again each time: the store changes with
  every ingest); the static files may be kept an hour. Streamed answers
  (exports) are passed through untouched.
- ``allowed_hosts``: the names a ``Host`` header may carry (Starlette's
  ``TrustedHostMiddleware`` refuses the others with 400), so a page of another
  site whose DNS name is rebound to 127.0.0.1 cannot read the API. The
  default is the loopback names; ``$ARMSWATCH_ALLOWED_HOSTS`` (comma-separated)
  or ``serve --allow-host`` add more.
"""

from __future__ import annotations

import hashlib
import os

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HOSTS_ENV = "ARMSWATCH_ALLOWED_HOSTS"
#: Host names every app accepts. ``testserver`` is the name Starlette's test client
#: sends; no DNS name resolves to it, so it opens nothing to rebinding.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]", "testserver")
#: Largest answer given an ETag (bigger ones are streamed through as they come).
MAX_TAGGED = 4 * 1024 * 1024
PAGE_CACHE = "no-cache"
STATIC_CACHE = "public, max-age=3600"


def allowed_hosts(extra: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """Loopback names, then ``$ARMSWATCH_ALLOWED_HOSTS``, then ``extra`` ("*" allows any)."""
    names = list(LOOPBACK_HOSTS)
    names += [h.strip() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip()]
    names += [h.strip() for h in extra or () if h.strip()]
    return list(dict.fromkeys(names))


class HeadAsGet:
    """ASGI middleware: ``HEAD`` runs the ``GET`` route and sends its headers without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)


class ConditionalGet:
    """ASGI middleware: ETag, Cache-Control and 304 for complete ``200`` answers to ``GET``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")
        wanted = {
            t.strip() for name, value in scope.get("headers", []) if name == b"if-none-match"
            for t in value.decode("latin-1").split(",")
        }
        start: Message | None = None
        held: list[bytes] = []
        size = 0
        passing = False

        async def tagged(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    passing = True
                    await send(message)
                else:
                    start = message
                return
            body = message.get("body", b"")
            more = message.get("more_body", False)
            held.append(body)
            size += len(body)
            if more and size > MAX_TAGGED:
                passing = True
                assert start is not None
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(held), "more_body": True})
                return
            if more:
                return
            assert start is not None
            content = b"".join(held)
            headers = MutableHeaders(scope=start)
            etag = '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
            headers["ETag"] = etag
            headers.setdefault("Cache-Control", STATIC_CACHE if static else PAGE_CACHE)
            if etag in wanted or "*" in wanted:
                for name in ("content-length", "content-type"):
                    if name in headers:
                        del headers[name]
                start["status"] = 304
                await send(start)
                await send({"type": "http.response.body", "body": b""})
                return
            await send(start)
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, tagged)
