"""Saved web pages: ``.html`` and ``.htm`` files (cleaned later by clean.html)."""

from __future__ import annotations

from collections.abc import Iterator

from armswatch.ingest.decode import decode_markup
from armswatch.ingest.files import read_bytes
from armswatch.model import RawDocument, Skipped

EXTENSIONS: tuple[str, ...] = (".html", ".htm", ".xhtml")


def read_html(path: str) -> Iterator[RawDocument | Skipped]:
    """One RawDocument(is_html=True) for an HTML file, decoded per its charset."""
    data = read_bytes(path)
    if isinstance(data, Skipped):
        yield data
        return
    markup = decode_markup(data)
    if markup is None:
        yield Skipped(source=path, reason="binary file, not HTML")
        return
    yield RawDocument(doc_id=path, source=path, body=markup, is_html=True)
