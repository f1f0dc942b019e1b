"""Plain-text articles: ``.txt``, ``.md`` and files without an extension."""

from __future__ import annotations

from collections.abc import Iterator

from armswatch.ingest.decode import decode_text
from armswatch.ingest.files import read_bytes
from armswatch.model import RawDocument, Skipped

EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".text", ".markdown")


def read_text(path: str) -> Iterator[RawDocument | Skipped]:
    """One RawDocument for a text file (doc_id and source are the path as given).

    Binary files and undecodable content give a Skipped instead.
    """
    data = read_bytes(path)
    if isinstance(data, Skipped):
        yield data
        return
    text = decode_text(data)
    if text is None:
        yield Skipped(source=path, reason="binary file, not text")
        return
    yield RawDocument(doc_id=path, source=path, body=text)
