"""Web archives (``.warc``, ``.warc.gz``) read record by record with warcio.

Only successful HTML responses are articles; requests, metadata, redirects
and images are passed over silently. A truncated or corrupt archive yields
every complete record before the damage, then one Skipped. (A cut that
leaves only the first few bytes of the next record's header looks like
trailing junk and can pass unreported; no record that was read is lost.)
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from armswatch.ingest.decode import charset_from_content_type, decode_markup
from armswatch.ingest.files import MAX_DOCUMENT_BYTES, describe_os_error
from armswatch.model import RawDocument, Skipped

EXTENSIONS: tuple[str, ...] = (".warc", ".warc.gz")

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN_CHUNK = 64 * 1024


class _CheckedArchiveIterator(ArchiveIterator):
    """ArchiveIterator that remembers whether the last gzip member ended.

    warcio stops quietly when a gzip member is cut short; its decompressor
    is discarded in ``close()``, so the end-of-stream flag is read there.
    """

    gzip_unfinished = False  # a gzip member was open when the input ended
    member_bytes = 0  # bytes decompressed from that last member

    def close(self) -> None:
        """Note whether a gzip member was left unfinished, then close."""
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None) if reader else None
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.gzip_unfinished = True
            self.member_bytes = getattr(reader, "num_block_read", 0)
        super().close()

    def truncated(self, records: int) -> bool:
        """True when the input ended inside a gzip member. An empty file
        also leaves the first decompressor open, but has read nothing."""
        return self.gzip_unfinished and (records > 0 or self.member_bytes > 0)


def _drain(record: Any) -> bool:
    """Read what is left of a record; False when it ends before its length."""
    stream = record.raw_stream
    while stream.read(_DRAIN_CHUNK):
        pass
    return getattr(stream, "limit", 0) <= 0


def _unread_bytes(handle: Any, offset: int) -> int:
    """Bytes of the file after the last complete record (0 if unknown)."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        try:
            size = len(handle.getbuffer())
        except (AttributeError, ValueError):
            return 0
    return max(0, size - offset)


def _has_length(record: Any) -> bool:
    value = record.rec_headers.get_header("Content-Length")
    return value is not None and value.strip().isdigit()


def _html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(_HTML_TYPES)


def read_warc(path: str) -> Iterator[RawDocument | Skipped]:
    """RawDocument(is_html=True) per HTML 200 response, keyed by its target URI.

    ``published`` is the WARC-Date (the crawl time): the cleaner prefers a
    date found in the page itself.
    """
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield Skipped(source=path, reason=f"cannot read: {describe_os_error(exc)}")
        return
    with handle:
        yield from _records(handle, path)


def _records(handle: Any, path: str) -> Iterator[RawDocument | Skipped]:
    count = 0
    archive = _CheckedArchiveIterator(handle)
    try:
        for record in archive:
            count += 1
            if not str(record.format).startswith("warc"):
                # warcio reads any line of five words as an ARC header.
                yield Skipped(source=path, reason=f"not a WARC file (record {count} reads as {record.format})")
                return
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if not _has_length(record):
                # Every WARC record declares its length; without one the
                # header block itself was cut off.
                yield Skipped(source=path, record=uri or str(count), reason="truncated WARC record")
                return
            document = _document(record, path, count, uri) if _html_response(record) else None
            if not _drain(record):
                yield Skipped(source=path, record=uri or str(count), reason="truncated WARC record")
                return
            if document is not None:
                yield document
    except Exception as exc:  # warcio raises many types on damaged input
        yield Skipped(source=path, reason=f"corrupt WARC after {count} records: {_damage(exc)}")
        return
    if archive.truncated(count):
        yield Skipped(source=path, reason=f"truncated gzip after {count} records")
    elif _unread_bytes(handle, archive.offset) > 0:
        # warcio ends quietly when a record's headers are cut short.
        yield Skipped(source=path, reason=f"truncated WARC after {count} records")
    elif count == 0:
        yield Skipped(source=path, reason="no WARC records")


def _damage(exc: Exception) -> str:
    """A reader's words for what warcio raised on a damaged archive."""
    if isinstance(exc, AttributeError):
        # warcio reads a record header cut off after its first line as None.
        return "record header cut short"
    return str(exc) or exc.__class__.__name__


def _document(record: Any, path: str, number: int, uri: str | None) -> RawDocument | Skipped | None:
    payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
    where = uri or str(number)
    if len(payload) > MAX_DOCUMENT_BYTES:
        return Skipped(source=path, record=where, reason="page larger than the size limit")
    charset = charset_from_content_type(record.http_headers.get_header("Content-Type"))
    markup = decode_markup(payload, declared=charset)
    if markup is None:
        return Skipped(source=path, record=where, reason="binary payload, not HTML")
    return RawDocument(
        doc_id=uri or f"{path}#{number}",
        source=f"{path}#{number}",
        body=markup,
        is_html=True,
        published=record.rec_headers.get_header("WARC-Date"),
        url=uri,
    )
