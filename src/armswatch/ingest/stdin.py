"""Standard input (``-``): text, HTML, a feed, JSON or JSONL, told apart by its first bytes.

The whole input is read (up to ``MAX_DOCUMENT_BYTES``; a corpus that large
belongs in a file). A lone document is named ``stdin:`` and the first 16
hex digits of its SHA-256, so that the same text piped twice is one
document and two different texts are two.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator
from typing import IO

from armswatch.ingest.decode import decode_markup, decode_text
from armswatch.ingest.feed import feed_documents, is_feed_bytes
from armswatch.ingest.files import MAX_DOCUMENT_BYTES
from armswatch.ingest.jsonl import read_jsonl_stream
from armswatch.ingest.shapes import FieldMap, json_documents
from armswatch.model import RawDocument, Skipped

__all__ = ["SOURCE", "read_stdin", "sniff"]

SOURCE = "-"

_HTML_START = re.compile(rb"^<(?:!doctype\s+html|html|head|body|article|div|p|h[1-6]|meta|title|section)\b", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """``jsonl``, ``json``, ``feed``, ``html`` or ``text``, from the first bytes."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:65536]
    if head[:1] == b"{":
        first = head.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
        return "json"
    if head[:1] == b"[":
        return "json"
    if head[:1] == b"<":
        if is_feed_bytes(head):
            return "feed"
        if _HTML_START.match(head) or head.startswith(b"<?xml"):
            return "html"
    return "text"


def read_stdin(fields: FieldMap | None = None, stream: IO[bytes] | None = None) -> Iterator[RawDocument | Skipped]:
    """The documents on standard input (or ``stream``), by what it holds."""
    handle = stream if stream is not None else sys.stdin.buffer
    data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        yield Skipped(source=SOURCE, reason=f"standard input larger than {MAX_DOCUMENT_BYTES} bytes; save it to a file")
        return
    if not data.strip():
        yield Skipped(source=SOURCE, reason="standard input is empty")
        return
    kind = sniff(data)
    if kind == "jsonl":
        yield from read_jsonl_stream(io.BytesIO(data), SOURCE, fields=fields)
        return
    if kind == "json":
        yield from json_documents(data, SOURCE, fields)
        return
    if kind == "feed":
        yield from feed_documents(data, SOURCE)
        return
    doc_id = "stdin:" + hashlib.sha256(data).hexdigest()[:16]
    if kind == "html":
        markup = decode_markup(data)
        if markup is None:
            yield Skipped(source=SOURCE, reason="binary input, not HTML")
            return
        yield RawDocument(doc_id=doc_id, source=SOURCE, body=markup, is_html=True)
        return
    text = decode_text(data)
    if text is None:
        yield Skipped(source=SOURCE, reason="binary input, not text")
        return
    yield RawDocument(doc_id=doc_id, source=SOURCE, body=text)
