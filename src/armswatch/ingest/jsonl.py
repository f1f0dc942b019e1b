"""JSON-lines corpora (``.jsonl``, ``.jsonl.gz``): one article object per line.

Recognised keys: ``id``, ``title``, ``text`` or ``html``, ``published``,
``url`` (or ``source``), ``publisher``. An ``id`` keeps its JSON type:
``1`` and ``"1"`` are two documents (``json:1`` and ``1``). Lines are read
one at a time, so a corpus of any size is streamed; a bad line is reported
and skipped.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from armswatch.escape import storable
from armswatch.ingest.files import MAX_DOCUMENT_BYTES, describe_os_error
from armswatch.model import RawDocument, Skipped

EXTENSIONS: tuple[str, ...] = (".jsonl", ".jsonl.gz")

_READ_CHUNK = 1024 * 1024


def read_jsonl(path: str) -> Iterator[RawDocument | Skipped]:
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
        yield from read_jsonl_stream(handle, path)


def read_jsonl_stream(
    stream: IO[bytes], path: str, max_line_bytes: int = MAX_DOCUMENT_BYTES
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
        yield parse_line(line, path, lineno)


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


def _clean_str(value: Any) -> str | None:
    """A usable string field: strings and numbers, lone surrogates replaced."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    # json.loads accepts "\ud800"; such strings cannot be written as UTF-8 later.
    value = value.encode("utf-8", errors="replace").decode("utf-8")
    return value if value.strip() else None


#: Marks a doc_id taken from a JSON number: ``"id": 1`` gives ``json:1``,
#: ``"id": "1"`` gives ``1``; the two are different documents.
ID_PREFIX = "json:"


def _doc_id(value: Any) -> str | None:
    """The doc_id of a record's ``id`` field, distinct for distinct JSON values.

    Strings are used as written (one starting with ``json:`` gets its JSON
    quoting, so it never equals a number's id); numbers become ``json:`` and
    their JSON text. Null, booleans, arrays, objects and blank strings are no
    id: the record is named by its line.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return ID_PREFIX + json.dumps(value)
    if not isinstance(value, str) or not value.strip():
        return None
    # Lone surrogates ("\ud800" in hand-made JSON) are written out, not
    # replaced: two ids differing only there stay two documents.
    text = storable(value)
    return ID_PREFIX + json.dumps(text, ensure_ascii=False) if text.startswith(ID_PREFIX) else text


def _looks_like_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def parse_line(line: bytes, path: str, lineno: int) -> RawDocument | Skipped:
    """One JSONL line to a RawDocument, or a Skipped saying what is wrong."""
    record = str(lineno)
    try:
        obj = json.loads(_decode_line(line, lineno))
    except (ValueError, RecursionError) as exc:
        return Skipped(source=path, record=record, reason=f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Skipped(source=path, record=record, reason="line is not a JSON object")
    text = _clean_str(obj.get("text"))
    html = _clean_str(obj.get("html"))
    if text is None and html is None:
        return Skipped(source=path, record=record, reason="no text or html field")
    doc_id = _doc_id(obj.get("id")) or f"{path}#{lineno}"
    url = _clean_str(obj.get("url"))
    publisher = _clean_str(obj.get("publisher"))
    source_field = _clean_str(obj.get("source"))
    # "source" is a URL in some corpora and an outlet name in others.
    if source_field:
        if _looks_like_url(source_field):
            url = url or source_field
        else:
            publisher = publisher or source_field
    return RawDocument(
        doc_id=doc_id,
        source=f"{path}#{lineno}",
        body=text if text is not None else html,  # type: ignore[arg-type]
        is_html=text is None,
        title=_clean_str(obj.get("title")),
        published=_clean_str(obj.get("published")),
        publisher=publisher,
        url=url,
    )
