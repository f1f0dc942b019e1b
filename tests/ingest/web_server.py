"""A small HTTP server on 127.0.0.1 for the fetching tests (no network beyond loopback).

Tests put routes on it: ``server.route(path, body, status=..., headers=...,
delay=...)``. A route with ``etag`` or ``last_modified`` answers 304 to a
matching conditional request. Every request is logged (path and headers),
so tests can say what was fetched and what was not.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class TestServer:
    """The server and its routes; ``url(path)`` is the address of a path on it."""

    __test__ = False

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.active = 0
        self.max_active: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: str | bytes, **kw) -> str:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **kw)
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        return self.route(path, b"", status=status, headers={"Location": target})

    def paths(self) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self.lock:
            self.hits.append(Hit(path, dict(handler.headers.items()), time.monotonic()))
            self.active += 1
            self.max_active["all"] = max(self.max_active.get("all", 0), self.active)
        try:
            route = self.routes.get(path)
            if route is None:
                self._send(handler, 404, b"not here", "text/plain", {})
                return
            if route.delay:
                time.sleep(route.delay)
            inm = handler.headers.get("If-None-Match")
            ims = handler.headers.get("If-Modified-Since")
            if (route.etag and inm == route.etag) or (route.last_modified and not route.etag and ims == route.last_modified):
                self._send(handler, 304, b"", None, self._validators(route))
                return
            headers = {**route.headers, **self._validators(route)}
            body = route.body
            if route.gzip and "gzip" in (handler.headers.get("Accept-Encoding") or ""):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(handler, route.status, body, route.content_type, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.active -= 1

    @staticmethod
    def _validators(route: Route) -> dict[str, str]:
        out = {}
        if route.etag:
            out["ETag"] = route.etag
        if route.last_modified:
            out["Last-Modified"] = route.last_modified
        return out

    @staticmethod
    def _send(handler, status, body, content_type, headers) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for k, v in headers.items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def article_html(title: str, paragraphs: list[str], published: str = "2024-05-06") -> str:
    """An article page in our own words."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{published}T09:00:00Z">'
            f'<meta property="og:site_name" content="Loopback Defence Daily"></head>'
            f"<body><nav>Home | World | Defence</nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright Loopback Defence Daily</footer></body></html>")


def rss(items: list[dict[str, str]], title: str = "Loopback Wire") -> str:
    """An RSS 2.0 feed; an item with ``content`` carries its full text."""
    parts = []
    for it in items:
        content = f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>" if it.get("content") else ""
        parts.append(f"<item><title>{it['title']}</title><link>{it['link']}</link>"
                     f"<guid>{it.get('guid', it['link'])}</guid>"
                     f"<pubDate>{it.get('date', 'Mon, 06 May 2024 09:00:00 GMT')}</pubDate>"
                     f"<description>{it.get('summary', 'A short teaser.')}</description>{content}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>http://127.0.0.1/</link><description>test feed</description>"
            + "".join(parts) + "</channel></rss>")
