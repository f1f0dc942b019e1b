"""Fetching pages and feeds over HTTP, against a loopback server the tests fill themselves."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from web_server import article_html, rss

from armswatch.ingest import read_inputs
from armswatch.ingest.fetch import Fetcher, FetchPolicy, MemoryFetchState
from armswatch.ingest.web import read_url
from armswatch.model import RawDocument, Skipped

FAST = FetchPolicy(timeout=1.0, delay=0.0, max_bytes=1024 * 1024, max_redirects=3)

PARAS = [
    ("Poland signed an agreement on Tuesday to buy 32 F-35 fighter jets from the United States, "
     "the defence ministry in Warsaw said in a statement."),
    "The first aircraft are due to arrive in 2026, officials told reporters after the ceremony.",
]


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _skips(items):
    return [i for i in items if isinstance(i, Skipped)]


def test_page_is_fetched_with_user_agent_and_gzip(web):
    url = web.route("/a.html", article_html("Jets for Poland", PARAS), gzip=True)
    with Fetcher(FAST) as fetcher:
        items = list(read_url(url, fetcher))
    [doc] = _docs(items)
    assert doc.is_html and "F-35" in doc.body and doc.url == url and doc.fetched_at is not None
    hit = next(h for h in web.hits if h.path == "/a.html")
    assert hit.headers["User-Agent"].startswith("armswatch/")
    assert "gzip" in hit.headers["Accept-Encoding"]


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ({"status": 404, "body": "gone"}, r"^HTTP 404"),
        ({"status": 500, "body": "oops"}, r"^HTTP 500"),
        ({"body": b"\x89PNG\r\n\x1a\n" + bytes(100), "content_type": "image/png"}, r"^not HTML \(content type image/png\)"),
        ({"body": "x" * (2 * 1024 * 1024)}, r"^larger than the size limit"),
        ({"body": "late", "delay": 2.5}, r"^timed out"),
    ],
    ids=["404", "500", "not-html", "too-large", "timeout"],
)
def test_every_failure_is_one_skip(web, route, reason):
    body = route.pop("body")
    url = web.route("/x", body, **route)
    t0 = time.monotonic()
    with Fetcher(FAST) as fetcher:
        [skip] = list(read_url(url, fetcher))
    assert isinstance(skip, Skipped) and skip.source == url
    assert re.match(reason, skip.reason), skip.reason
    assert "\n" not in skip.describe()
    assert time.monotonic() - t0 < 5


def test_five_megabyte_page_is_capped_without_reading_it_all(web):
    url = web.route("/big.html", b"<html><body>" + b"a" * (5 * 1024 * 1024) + b"</body></html>")
    with Fetcher(FetchPolicy(timeout=5, delay=0)) as fetcher:  # the default cap: 4 MiB
        [skip] = list(read_url(url, fetcher))
    assert isinstance(skip, Skipped) and skip.reason.startswith("larger than the size limit")


def test_unreachable_host_is_a_skip():
    # A port on loopback nobody listens on (bound then closed).
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with Fetcher(FAST) as fetcher:
        [skip] = list(read_url(f"http://127.0.0.1:{port}/a", fetcher))
    assert isinstance(skip, Skipped) and skip.reason.startswith("cannot fetch")


def test_redirect_chain_is_followed_and_bounded(web):
    final = web.route("/final.html", article_html("Jets", PARAS))
    web.redirect("/r3", final)
    web.redirect("/r2", web.url("/r3"), status=301)
    start = web.redirect("/r1", "/r2")  # a relative Location
    with Fetcher(FAST) as fetcher:
        [doc] = list(read_url(start, fetcher))
    assert isinstance(doc, RawDocument) and doc.doc_id == start and doc.url == final
    for i in range(6):
        web.redirect(f"/loop{i}", f"/loop{i + 1}")
    with Fetcher(FAST) as fetcher:
        [skip] = list(read_url(web.url("/loop0"), fetcher))
    assert isinstance(skip, Skipped) and skip.reason == "too many redirects (more than 3)"


def test_robots_disallow_is_honoured(web):
    web.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    private = web.route("/private/a.html", article_html("Secret", PARAS))
    public = web.route("/public/a.html", article_html("Open", PARAS))
    with Fetcher(FAST) as fetcher:
        items = list(read_inputs([private, public], fetcher=fetcher))
    [skip] = _skips(items)
    assert skip.source == private and skip.reason == "disallowed by robots.txt"
    assert [d.doc_id for d in _docs(items)] == [public]
    assert "/private/a.html" not in web.paths()
    assert web.paths().count("/robots.txt") == 1  # cached per origin


def test_conditional_get_second_fetch_is_304_and_gives_nothing(web):
    url = web.route("/e.html", article_html("Jets", PARAS), etag='"v1"')
    url2 = web.route("/m.html", article_html("Jets again", PARAS), last_modified="Mon, 06 May 2024 09:00:00 GMT")
    state = MemoryFetchState()
    with Fetcher(FAST, state) as fetcher:
        first = list(read_inputs([url, url2], fetcher=fetcher))
        second = list(read_inputs([url, url2], fetcher=fetcher))
    assert len(_docs(first)) == 2 and second == []
    conditional = [h.headers for h in web.hits if h.path in ("/e.html", "/m.html")][2:]
    assert conditional[0]["If-None-Match"] == '"v1"'
    assert conditional[1]["If-Modified-Since"] == "Mon, 06 May 2024 09:00:00 GMT"


def _feed_server(web, n=20, full_text_every=0):
    items = []
    for i in range(1, n + 1):
        link = web.route(f"/news/{i}.html", article_html(f"Story {i}", [f"Item {i}. " + PARAS[0], PARAS[1]]))
        item = {"title": f"Story {i}", "link": link}
        if full_text_every and i % full_text_every == 0:
            item["content"] = f"<p>Item {i} in full. {PARAS[0]}</p>"
        items.append(item)
    return web.route("/feed.xml", rss(items), content_type="application/rss+xml", etag='"feed1"')


def test_feed_with_20_items_fetches_each_link_in_order(web):
    feed = _feed_server(web, 20, full_text_every=5)
    with Fetcher(FAST) as fetcher:
        docs = _docs(read_inputs([feed], fetcher=fetcher))
    assert len(docs) == 20
    assert [d.title for d in docs] == [f"Story {i}" for i in range(1, 21)]
    fetched_items = [p for p in web.paths() if p.startswith("/news/")]
    assert len(fetched_items) == 16  # the 4 items with full text need no fetch
    assert all(d.publisher == "Loopback Wire" for d in docs)


def test_stored_urls_are_not_fetched_again_unless_refresh(web):
    feed = _feed_server(web, 3)
    state = MemoryFetchState()
    with Fetcher(FAST, state) as fetcher:
        list(read_url(feed, fetcher))
    state.urls.update(web.url(f"/news/{i}.html") for i in (1, 2))
    state.seen.clear()  # the feed changed, say: fetched in full again
    web.hits.clear()
    with Fetcher(FAST, state) as fetcher:
        docs = _docs(read_url(feed, fetcher))
    assert [d.title for d in docs] == ["Story 3"]
    with Fetcher(FAST, state, refresh=True) as fetcher:
        [skip] = list(read_url(web.url("/news/1.html"), Fetcher(FAST, state)))
        assert skip.reason.startswith("already stored")
        assert len(_docs(read_url(web.url("/news/1.html"), fetcher))) == 1


def test_per_host_limit_bounds_concurrency_and_spaces_requests(web):
    for i in range(6):
        web.route(f"/s/{i}", article_html("x", PARAS), delay=0.2)
    urls = [web.url(f"/s/{i}") for i in range(6)]
    policy = FetchPolicy(timeout=5, delay=0.05, per_host=2, workers=6, robots=False)
    with Fetcher(policy) as fetcher:
        results = list(fetcher.fetch_many(urls))
    assert all(not isinstance(r, Skipped) for r in results)
    assert [r.url for r in results] == urls
    assert web.max_active["all"] <= 2
    starts = sorted(h.at for h in web.hits)
    assert all(b - a >= 0.04 for a, b in itertools.pairwise(starts))
