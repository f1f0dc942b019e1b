"""A cache of whole read answers, valid exactly as long as the database is unchanged.

Two hundred analysts on the overview and the deal list ask the same few
pages over and over; between two writes the answer cannot change. So the
answer to a ``GET`` is kept with the database's version and served again
while the version is the same. The version of an SQLite store is the size
and modification time of its database and write-ahead-log files: every
commit (from this process or any other) writes the log, so it moves with
every change. Other databases have no such cheap signal and are not cached.

Only small, complete ``200`` answers of the pages and the JSON API are kept
(no exports, no static files), at most ``MAX_ENTRIES`` of them. While one
request computes an answer, the others asking for the same one wait for it
and are given it, even when a commit landed meanwhile (as if they had come a
moment earlier): otherwise, during an ingest that commits every second or
two, every change would start a stampede of identical queries. A client
asking again after that answer gets a newer one, so what one client sees
never goes back in time.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from threading import Lock

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Answers kept (least recently used dropped first).
MAX_ENTRIES = 512
#: Largest answer kept, in bytes.
MAX_BODY = 1024 * 1024
#: Seconds an answer is served at most, whatever the version says: file times
#: are only as fine as the kernel's clock tick, so in the rare case that a commit
#: rewrites the log in place within the same tick, staleness is still bounded.
MAX_AGE = 2.0
_SKIP_PREFIXES = ("/api/export", "/static")

Version = tuple[int, ...]


def sqlite_version(database: str | None) -> Callable[[], Version | None] | None:
    """A function giving the current version of the SQLite file ``database``, or None if it cannot be watched."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    files = (Path(database), Path(f"{database}-wal"))

    def version() -> Version | None:
        out: list[int] = []
        for f in files:
            try:
                st = os.stat(f)
            except FileNotFoundError:
                out += [-1, -1]
                continue
            except OSError:
                return None
            out += [st.st_size, st.st_mtime_ns]
        return tuple(out)

    return version


class ReadCache:
    """ASGI middleware: serves a kept ``GET`` answer while ``version()`` is unchanged."""

    def __init__(self, app: ASGIApp, version: Callable[[], Version | None] | None) -> None:
        self.app = app
        self.version = version
        self.entries: OrderedDict[tuple[str, bytes], tuple[Version, float, list[Message]]] = OrderedDict()
        self.lock = Lock()
        self.pending: dict[tuple[str, bytes], _Flight] = {}
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (self.version is None or scope["type"] != "http" or scope.get("method") != "GET"
                or path.startswith(_SKIP_PREFIXES)):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""))
        messages = self._lookup(key, version)
        flight = self.pending.get(key)
        if messages is None and flight is not None:
            await flight.done.wait()  # the same answer is being computed: take it when done
            messages = flight.messages
        if messages is not None:
            for message in messages:
                await send(dict(message))
            return
        self.misses += 1
        flight = _Flight()
        self.pending.setdefault(key, flight)
        try:
            flight.messages = await self._fill(scope, receive, send, key, version)
        finally:
            if self.pending.get(key) is flight:
                del self.pending[key]
            flight.done.set()

    def _lookup(self, key, version: Version | None) -> list[Message] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] != version or time.monotonic() - found[1] >= MAX_AGE:
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return found[2]

    async def _fill(self, scope: Scope, receive: Receive, send: Send, key, version: Version) -> list[Message] | None:
        """Compute the answer, sending it on; keep it when it can be kept (and return it, else None)."""
        started = time.monotonic()
        kept: list[Message] = []
        keep = True
        size = 0

        async def capture(message: Message) -> None:
            nonlocal keep, size
            if keep:
                if message["type"] == "http.response.start":
                    keep = message["status"] == 200
                elif message["type"] == "http.response.body":
                    size += len(message.get("body", b""))
                    keep = size <= MAX_BODY
                if keep:
                    kept.append({**message, "headers": list(message.get("headers", []))}
                                if message["type"] == "http.response.start" else dict(message))
            await send(message)

        await self.app(scope, receive, capture)
        complete = kept and kept[-1]["type"] == "http.response.body" and not kept[-1].get("more_body", False)
        if not (keep and complete):
            return None
        with self.lock:
            self.entries[key] = (version, started, kept)
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)
        return kept


class _Flight:
    """An answer being computed: waiters wait on ``done``, then take ``messages`` (None: not keepable)."""

    __slots__ = ("done", "messages")

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.messages: list[Message] | None = None


__all__ = ["MAX_AGE", "MAX_BODY", "MAX_ENTRIES", "ReadCache", "sqlite_version"]
