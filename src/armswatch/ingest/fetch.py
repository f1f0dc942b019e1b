"""Fetching pages and feeds over HTTP(S) with httpx, politely and within bounds.

``Fetcher.fetch`` gets one URL and returns a :class:`~armswatch.model.Fetched`
or a :class:`~armswatch.model.Skipped` saying why not; it never raises for a
network or server failure. The bounds (``FetchPolicy``): a timeout per
request, a byte cap on the (decoded) body, a bounded number of redirects, a
``User-Agent`` that names armswatch, ``robots.txt`` honoured on every hop, at
most ``per_host`` requests at once to one host and ``delay`` seconds between
the starts of two requests to it, gzip accepted. Conditional GET: the
validators (ETag, Last-Modified) of a URL come from a :class:`FetchState`
and an unchanged page answers 304, which is returned as
``Fetched(not_modified=True)`` with no body.

``fetch_many`` fetches several URLs on a small thread pool and yields the
results in the order given; closing its iterator early cancels what has not
started.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol, Self
from urllib.parse import urljoin, urlsplit

import httpx

from armswatch import __version__
from armswatch.model import Fetched, Skipped

__all__ = [
    "FetchPolicy",
    "FetchState",
    "Fetcher",
    "MemoryFetchState",
    "host_of",
    "is_url",
]

USER_AGENT = f"armswatch/{__version__} (arms-transfer news reader; honours robots.txt)"

_REDIRECTS = {301, 302, 303, 307, 308}


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` address (what ingest fetches)."""
    return value[:8].lower().startswith(("http://", "https://"))


def host_of(url: str) -> str:
    """The host name of a URL, without a leading ``www.`` (an outlet's fallback name)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


@dataclass(slots=True)
class FetchPolicy:
    """The bounds of every request a Fetcher makes."""

    timeout: float = 20.0
    max_bytes: int = 4 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    per_host: int = 2
    delay: float = 0.5
    workers: int = 8
    robots: bool = True

    @classmethod
    def from_env(cls) -> FetchPolicy:
        """The defaults, with ``$ARMSWATCH_FETCH_TIMEOUT``, ``_MAX_BYTES``, ``_PER_HOST`` and ``_DELAY`` applied."""
        policy = cls()
        for name, kind in (("timeout", float), ("max_bytes", int), ("per_host", int), ("delay", float)):
            raw = os.environ.get(f"ARMSWATCH_FETCH_{name.upper()}", "").strip()
            if raw:
                try:
                    value = kind(raw)
                except ValueError:
                    raise ValueError(f"$ARMSWATCH_FETCH_{name.upper()}: not a number: {raw!r}") from None
                if value < 0 or (value == 0 and name != "delay"):
                    raise ValueError(f"$ARMSWATCH_FETCH_{name.upper()}: out of range: {raw!r}")
                setattr(policy, name, value)
        return policy


class FetchState(Protocol):
    """What a Fetcher remembers between runs: validators per URL, and which URLs are stored."""

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) last seen for ``url``; (None, None) if never fetched."""
        ...

    def remember(self, fetched: Fetched) -> None:
        """Keep the validators and fetch time of a successful fetch."""
        ...

    def stored(self, url: str) -> bool:
        """True when a document fetched from ``url`` is already stored."""
        ...


@dataclass
class MemoryFetchState:
    """A FetchState in memory (for runs without a store, and tests)."""

    seen: dict[str, Fetched] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """Validators of the last fetch of ``url`` in this process."""
        f = self.seen.get(url)
        return (f.etag, f.last_modified) if f else (None, None)

    def remember(self, fetched: Fetched) -> None:
        """Keep ``fetched`` (without its body) as the last fetch of its URL."""
        self.seen[fetched.url] = Fetched(
            url=fetched.url, final_url=fetched.final_url, status=fetched.status,
            content_type=fetched.content_type, body=b"", etag=fetched.etag,
            last_modified=fetched.last_modified, fetched_at=fetched.fetched_at,
        )

    def stored(self, url: str) -> bool:
        """True when ``url`` was marked stored in this process."""
        return url in self.urls


class _Host:
    """Per-host limits: a semaphore for concurrency and the next allowed start time."""

    def __init__(self, per_host: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, per_host))
        self.lock = threading.Lock()
        self.next_start = 0.0


class _Failure(Exception):
    """A fetch that failed, with the reason for the Skipped."""


class Fetcher:
    """One HTTP client with the policy's bounds, shared by every fetch of a run."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        state: FetchState | None = None,
        *,
        refresh: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy.from_env()
        self.state: FetchState = state if state is not None else MemoryFetchState()
        self.refresh = refresh
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
            trust_env=False,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._robots_lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt included

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests ----------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(self.policy.per_host)
            return host

    def _send(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """One GET within the host's limits; the body read up to the byte cap."""
        host = self._host(url)
        with host.slots:
            with host.lock:
                now = time.monotonic()
                wait = host.next_start - now
                host.next_start = max(now, host.next_start) + self.policy.delay
            if wait > 0:
                time.sleep(wait)
            self.requests += 1
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    return response, self._read_capped(response)
            except httpx.TimeoutException:
                raise _Failure(f"timed out (limit {self.policy.timeout:g}s)") from None
            except httpx.HTTPError as exc:
                raise _Failure(f"cannot fetch: {_describe(exc)}") from None

    def _read_capped(self, response: httpx.Response) -> bytes:
        if response.status_code in _REDIRECTS or response.status_code >= 300:
            return b""
        cap = self.policy.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.strip().isdigit() and int(declared) > cap:
            raise _Failure(f"larger than the size limit ({int(declared):,} bytes declared, limit {cap:,})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise _Failure(f"larger than the size limit ({cap:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _allowed(self, url: str) -> bool:
        """robots.txt's answer for ``url`` (fetched once per origin, then cached)."""
        if not self.policy.robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            with self._robots_lock:
                self._robots[origin] = rules
        if isinstance(rules, str):
            return rules == "allow"
        return rules.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        try:
            response, body = self._send(origin + "/robots.txt", {})
        except _Failure as exc:
            if "timed out" in str(exc) or "cannot fetch" in str(exc):
                raise
            return "allow"  # a robots.txt over the cap is no rule set
        status = response.status_code
        if status in _REDIRECTS or 400 <= status < 500:
            return "allow"  # RFC 9309: no robots.txt (4xx) allows everything
        if status >= 500:
            return "disallow"  # RFC 9309: an unreachable robots.txt disallows everything
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    def fetch(self, url: str, conditional: bool = True) -> Fetched | Skipped:
        """GET ``url`` within the policy; a Skipped (one line of reason) on any failure.

        With ``conditional``, the stored validators are sent and a 304 gives
        ``Fetched(not_modified=True)``. Validators are *not* remembered here:
        the caller calls ``state.remember`` once what was fetched is stored.
        """
        try:
            return self._fetch(url, conditional)
        except _Failure as exc:
            return Skipped(source=url, reason=str(exc))
        except Exception as exc:  # a bug here must not end a run
            return Skipped(source=url, reason=f"fetch failed: {exc!r}")

    def _fetch(self, url: str, conditional: bool) -> Fetched:
        etag, modified = self.state.validators(url) if conditional else (None, None)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            if not is_url(current):
                raise _Failure(f"redirected to a non-HTTP address: {current[:200]}")
            if not self._allowed(current):
                raise _Failure("disallowed by robots.txt")
            response, body = self._send(current, headers)
            status = response.status_code
            if status in _REDIRECTS:
                target = response.headers.get("Location")
                if not target:
                    raise _Failure(f"HTTP {status} without a Location")
                current = urljoin(current, target)
                continue
            if status == 304:
                return Fetched(url=url, final_url=current, status=304, content_type="", body=b"",
                               etag=etag, last_modified=modified, fetched_at=_now(), not_modified=True)
            if status >= 400:
                raise _Failure(f"HTTP {status} {response.reason_phrase}".rstrip())
            if status != 200:
                raise _Failure(f"HTTP {status}: not a page")
            return Fetched(
                url=url,
                final_url=current,
                status=status,
                content_type=response.headers.get("Content-Type", ""),
                body=body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                fetched_at=_now(),
            )
        raise _Failure(f"too many redirects (more than {self.policy.max_redirects})")

    def fetch_many(self, urls: Iterable[str],
                   conditional: bool = True) -> Generator[Fetched | Skipped, None, None]:
        """``fetch`` for each URL on a thread pool, results in the order of ``urls``.

        At most ``policy.workers`` fetches are in flight; the per-host limits
        apply across them. Stopping the iteration cancels the fetches not yet
        started and waits for those running (each bounded by the timeout).
        """
        window = max(1, self.policy.workers)
        pending: deque[Future[Fetched | Skipped]] = deque()
        pool = ThreadPoolExecutor(max_workers=window, thread_name_prefix="armswatch-fetch")
        try:
            it = iter(urls)
            for url in it:
                pending.append(pool.submit(self.fetch, url, conditional))
                if len(pending) >= window:
                    break
            while pending:
                result = pending.popleft().result()
                for url in it:
                    pending.append(pool.submit(self.fetch, url, conditional))
                    break
                yield result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _describe(exc: httpx.HTTPError) -> str:
    """A short reason for a transport failure (DNS, refused connection ...)."""
    text = str(exc).strip() or exc.__class__.__name__
    return " ".join(text.split())[:200]
