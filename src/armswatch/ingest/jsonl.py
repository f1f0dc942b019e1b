"""JSON-lines corpora (``.jsonl``, ``.jsonl.gz``): one article object per line.

Keys are read through a field map (``armswatch.ingest.shapes``): ``id``,
``title``, ``text`` or ``html``, ``published`` (or ``date``, ``pubDate`` ...),
``url`` (or ``source``), ``publisher``; ``--field`` overrides a part. An ``id`` keeps its JSON type:
``1`` and ``"1"`` are two documents (``json:1`` and ``1``). Lines are read
one at a time, so a corpus of any size is streamed; a bad line is reported
and skipped.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO

from armswatch.ingest.files import MAX_DOCUMENT_BYTES, describe_os_error
from armswatch.ingest.shapes import ID_PREFIX, FieldMap, record_document
from armswatch.model import RawDocument, Skipped

__all__ = ["EXTENSIONS", "ID_PREFIX", "parse_line", "read_jsonl", "read_jsonl_stream"]

EXTENSIONS: tuple[str, ...] = (".jsonl", ".jsonl.gz")

_READ_CHUNK = 1024 * 1024


def read_jsonl(path: str, fields: FieldMap | None = None) -> Iterator[RawDocument | Skipped]:
    """Stream a (possibly gzipped) JSONL corpus: a RawDocument per good line,
    a Skipped(record=line number) per bad one, and one Skipped if the file
    ends in a corrupt or truncated gzip stream."""
    try:
        handle: IO[bytes] = (
            gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")
        )
    except OSError as exc:
        yield Skipped(source=path, reason=f"cannot read: {describe_os_error(exc)}")
        return
    with handle:
        yield from read_jsonl_stream(handle, path, fields=fields)


def read_jsonl_stream(
    stream: IO[bytes], path: str, max_line_bytes: int = MAX_DOCUMENT_BYTES,
    fields: FieldMap | None = None,
) -> Iterator[RawDocument | Skipped]:
    """The line parser behind :func:`read_jsonl`, over any binary stream.

    ``path`` is used for doc_id fallbacks and in Skipped records.
    """
    lineno = 0
    records = 0  # lines that gave a document or a skip
    while True:
        try:
            line = stream.readline(max_line_bytes + 1)
            oversized = len(line) > max_line_bytes and not line.endswith(b"\n")
            if oversized:
                _discard_rest_of_line(stream)
        except (OSError, EOFError, zlib.error) as exc:
            # gzip raises EOFError on a truncated member and BadGzipFile (an
            # OSError) on garbage; what was read before stays valid.
            yield Skipped(
                source=path,
                reason=f"corrupt or truncated after line {lineno}: {exc}",
            )
            return
        if not line:
            if records == 0:
                # An empty corpus is said to be empty, not passed over in silence.
                yield Skipped(source=path, reason="no records (empty or blank lines only)")
            return
        lineno += 1
        if oversized:
            records += 1
            yield Skipped(source=path, record=str(lineno), reason="line too long")
            continue
        if not line.strip():
            continue
        records += 1
        yield parse_line(line, path, lineno, fields)


def _discard_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(_READ_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _decode_line(line: bytes, lineno: int) -> str:
    # JSON is UTF-8 by definition, but hand-made corpora are often cp1252.
    codec = "utf-8-sig" if lineno == 1 else "utf-8"
    for candidate in (codec, "cp1252"):
        try:
            return line.decode(candidate)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


def parse_line(line: bytes, path: str, lineno: int,
               fields: FieldMap | None = None) -> RawDocument | Skipped:
    """One JSONL line to a RawDocument, or a Skipped saying what is wrong."""
    record = str(lineno)
    try:
        obj = json.loads(_decode_line(line, lineno))
    except (ValueError, RecursionError) as exc:
        return Skipped(source=path, record=record, reason=f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Skipped(source=path, record=record, reason="line is not a JSON object")
    return record_document(obj, path, record, fields)
