"""Extraction of posted articles, off the event loop and without a lock other requests wait on.

Parsing a posted article takes from milliseconds to the extractor's time
budget. It runs in threads of its own, at most ``WORKERS`` at a time (each
with its own Extractor: a spaCy pipeline is not shared between threads), and
a request waiting for a turn waits in the event loop, holding no request
thread and no database connection. Reads and the storing of other posts go on
meanwhile.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread

#: How many posted articles are extracted at once (``$ARMSWATCH_EXTRACT_WORKERS``, default 2: a
#: long article leaves a turn for the next); each loads a model (~100 MB) when first needed.
WORKERS = max(1, int(os.environ.get("ARMSWATCH_EXTRACT_WORKERS", "2") or 2))

T = TypeVar("T")


class ExtractionPool:
    """At most ``size`` Extractors, each used by one thread at a time."""

    def __init__(self, size: int = WORKERS, factory: Callable[[], Any] | None = None) -> None:
        self.size = size
        self.factory = factory
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._made = 0
        self._lock = threading.Lock()
        self._turns = threading.BoundedSemaphore(size)
        self._limiter: anyio.CapacityLimiter | None = None

    def _make(self):
        if self.factory is not None:
            return self.factory()
        from armswatch.api import service

        with self._lock:
            first = self._made == 0
            self._made += 1
        if first:
            return service.extractor()
        from armswatch.extract.pipeline import Extractor

        return Extractor()

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(extractor, *args)`` in this thread, with an extractor no other thread is using."""
        with self._turns:
            try:
                ex = self._idle.get_nowait()
            except queue.Empty:
                ex = self._make()
            try:
                return fn(ex, *args)
            finally:
                self._idle.put(ex)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``call`` in an extraction thread; the caller waits for its turn without holding a thread."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.size)
        return await anyio.to_thread.run_sync(self.call, fn, *args, limiter=self._limiter)


__all__ = ["WORKERS", "ExtractionPool"]
