"""RSS and Atom feed files, parsed offline with feedparser.

Each item that carries content becomes one RawDocument. feedparser recovers
what it can from broken XML; only when nothing usable comes out is the whole
file reported as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser

from armswatch.ingest.files import read_bytes
from armswatch.model import RawDocument, Skipped

EXTENSIONS: tuple[str, ...] = (".rss", ".atom")

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?\s*>")
# The root element of a feed, after any XML declaration, comments, doctype
# (with an internal subset in brackets, whose declarations hold ">") and
# processing instructions. feedparser never expands the entities such a
# subset declares: "&name;" stays as written.
_FEED_ROOT = re.compile(
    rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)*<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)\b",
    re.S,
)
#: Bytes of an ``.xml`` file read to find its root element (an internal DTD can be long).
SNIFF_BYTES = 64 * 1024


def is_feed_bytes(head: bytes) -> bool:
    """True when the first bytes of an XML file open an rss, feed or RDF root."""
    head = head.lstrip(b"\xef\xbb\xbf")
    return _FEED_ROOT.match(head) is not None


def is_feed_file(path: str) -> bool:
    """Sniff an ``.xml`` file's root element (reads only its first SNIFF_BYTES bytes)."""
    try:
        with open(path, "rb") as handle:
            return is_feed_bytes(handle.read(SNIFF_BYTES))
    except OSError:
        return False


def has_markup(text: str) -> bool:
    """True when a string contains HTML tags (feeds mix both kinds)."""
    return _MARKUP.search(text) is not None


def _item_body(entry: Any) -> str | None:
    # content:encoded / atom:content hold the full text; summary is a fallback.
    for part in entry.get("content") or []:
        value = part.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary
    return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def read_feed(path: str) -> Iterator[RawDocument | Skipped]:
    """RawDocuments for the items of an RSS/Atom file; Skipped for items
    without content, and for a file from which nothing could be recovered."""
    data = read_bytes(path)
    if isinstance(data, Skipped):
        yield data
        return
    yield from feed_documents(data, path)


def feed_documents(data: bytes, path: str) -> Iterator[RawDocument | Skipped]:
    """The items of a feed's bytes (``path`` names it in doc_ids and skips)."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is lenient, but a crash must not stop a run
        yield Skipped(source=path, reason=f"unreadable feed: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"unreadable feed: {problem}" if problem else "feed has no items"
        yield Skipped(source=path, reason=reason)
        return
    publisher = _text(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries, start=1):
        link = _text(entry.get("link"))
        doc_id = _text(entry.get("id")) or link or f"{path}#{index}"
        body = _item_body(entry)
        if body is None:
            yield Skipped(source=path, record=str(index), reason="feed item has no content")
            continue
        yield RawDocument(
            doc_id=doc_id,
            source=f"{path}#{index}",
            body=body,
            is_html=has_markup(body),
            title=_text(entry.get("title")),
            published=_text(entry.get("published") or entry.get("updated")),
            publisher=publisher,
            url=link,
        )
