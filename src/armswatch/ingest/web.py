"""Article pages and RSS/Atom feeds read from the web (``http://`` and ``https://``).

``read_url`` fetches one address with a :class:`~armswatch.ingest.fetch.Fetcher`.
An HTML page becomes one RawDocument (cleaned later like a saved page); a
feed (known by its content type or its root element) gives one RawDocument
per item: an item whose full text is in the feed (``content:encoded``,
``atom:content``) needs no fetch, the others have their link fetched, several
at a time within the fetcher's per-host limits.

A URL already stored is not fetched again unless the fetcher was made with
``refresh``. Validators (ETag, Last-Modified) are remembered only once what
was fetched has been handed on, and a feed's only after its last item: a run
stopped halfway fetches the feed in full next time, so no item is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from armswatch.ingest.decode import (
    charset_from_content_type,
    decode_markup,
    decode_text,
)
from armswatch.ingest.feed import SNIFF_BYTES, has_markup, is_feed_bytes
from armswatch.ingest.fetch import Fetcher
from armswatch.model import Fetched, RawDocument, Skipped

__all__ = ["read_url"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml")
ALREADY_STORED = "already stored; not fetched again (--refresh fetches it)"


def _media_type(fetched: Fetched) -> str:
    return fetched.content_type.split(";", 1)[0].strip().lower()


def _is_feed(fetched: Fetched) -> bool:
    if is_feed_bytes(fetched.body[:SNIFF_BYTES]):
        return True
    return _media_type(fetched) in _FEED_TYPES[:3]


def _page(fetched: Fetched, doc_id: str, source: str, **meta: Any) -> RawDocument | Skipped:
    """A fetched page as a RawDocument: HTML, or plain text; anything else is skipped."""
    media = _media_type(fetched)
    charset = charset_from_content_type(fetched.content_type)
    if media in _HTML_TYPES or (not media and fetched.body.lstrip()[:1] == b"<"):
        markup = decode_markup(fetched.body, declared=charset)
        if markup is None:
            return Skipped(source=source, reason="binary body, not HTML")
        return RawDocument(doc_id=doc_id, source=source, body=markup, is_html=True,
                           url=fetched.final_url, fetched_at=fetched.fetched_at, **meta)
    if media == "text/plain":
        text = decode_text(fetched.body)
        if text is None:
            return Skipped(source=source, reason="binary body, not text")
        return RawDocument(doc_id=doc_id, source=source, body=text, url=fetched.final_url,
                           fetched_at=fetched.fetched_at, **meta)
    return Skipped(source=source, reason=f"not HTML (content type {media or 'missing'})")


def read_url(url: str, fetcher: Fetcher) -> Iterator[RawDocument | Skipped]:
    """The documents at one web address: a page, or every item of a feed."""
    if not fetcher.refresh and fetcher.state.stored(url):
        yield Skipped(source=url, reason=ALREADY_STORED)
        return
    fetched = fetcher.fetch(url)
    if isinstance(fetched, Skipped):
        yield fetched
        return
    if fetched.not_modified:
        return  # 304: nothing new since the last fetch
    if _is_feed(fetched):
        yield from _feed(fetched, fetcher)
    else:
        yield _page(fetched, doc_id=url, source=url)
    fetcher.state.remember(fetched)


@dataclass(slots=True)
class _Item:
    """One feed item: a document ready, a link to fetch, or a skip."""

    document: RawDocument | Skipped | None = None
    link: str | None = None
    meta: dict[str, Any] | None = None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _full_text(entry: Any) -> str | None:
    for part in entry.get("content") or []:
        value = part.get("value")
        if isinstance(value, str) and value.strip():
            return value
    return None


def _plan(fetched: Fetched, fetcher: Fetcher) -> list[_Item] | Skipped:
    """What to do with each item of a fetched feed (in feed order)."""
    source = fetched.url
    try:
        parsed = feedparser.parse(fetched.body)
    except Exception as exc:  # feedparser is lenient, but a crash must not stop a run
        return Skipped(source=source, reason=f"unreadable feed: {exc}")
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        return Skipped(source=source, reason=f"unreadable feed: {problem}" if problem else "feed has no items")
    publisher = _text(parsed.get("feed", {}).get("title"))
    items: list[_Item] = []
    for index, entry in enumerate(entries, start=1):
        link = _text(entry.get("link"))
        meta = {"title": _text(entry.get("title")),
                "published": _text(entry.get("published") or entry.get("updated")),
                "publisher": publisher}
        body = _full_text(entry)
        if body is None and link is None:
            body = _text(entry.get("summary"))
        if body is not None:
            items.append(_Item(document=RawDocument(
                doc_id=_text(entry.get("id")) or link or f"{source}#{index}",
                source=f"{source}#{index}", body=body, is_html=has_markup(body),
                url=link, fetched_at=fetched.fetched_at, **meta)))
        elif link is None:
            items.append(_Item(document=Skipped(source=source, record=str(index),
                                                reason="feed item has no content and no link")))
        elif not fetcher.refresh and fetcher.state.stored(link):
            items.append(_Item())  # stored already: nothing to do, nothing to say
        else:
            items.append(_Item(link=link, meta=meta))
    return items


def _feed(fetched: Fetched, fetcher: Fetcher) -> Iterator[RawDocument | Skipped]:
    plan = _plan(fetched, fetcher)
    if isinstance(plan, Skipped):
        yield plan
        return
    results = fetcher.fetch_many(item.link for item in plan if item.link)
    try:
        for item in plan:
            if item.document is not None:
                yield item.document
            elif item.link is not None:
                page = next(results)
                if isinstance(page, Skipped):
                    yield page
                    continue
                if page.not_modified:
                    continue
                yield _page(page, doc_id=item.link, source=item.link, **(item.meta or {}))
                fetcher.state.remember(page)
    finally:
        results.close()
