"""Where a document came from, as it may be shown to anyone: never a path on the server.

A stored source is a URL, ``api:…`` (posted to the API), or a path as the
ingest was given it, possibly ``path#record``. The pages and the open API show
``public_source(source)``: a web URL unchanged, any other source cut down to
its file name (with the record), so no directory of the server's disk leaks.

    >>> public_source("/srv/data/corpus/x.jsonl#104")
    'x.jsonl#104'
    >>> public_source("https://example.org/news/1")
    'https://example.org/news/1'
"""

from __future__ import annotations

import re

__all__ = ["public_source"]

_WEB = re.compile(r"^(https?://|api:)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\\/]")


def public_source(source: str | None) -> str | None:
    """``source`` safe to publish: a web URL or ``api:`` id as stored, else the file name and record.

    ``file:`` URLs and Windows paths count as paths. An empty result (a
    source that was only a directory) becomes None.
    """
    if source is None:
        return None
    text = source.strip()
    if _WEB.match(text):
        return text
    path, sep, record = text.partition("#")
    name = _SEPARATORS.split(path)[-1]
    if _SEPARATORS.search(record):
        # A record id with slashes (a WARC record's URL) is kept only when it is a web URL.
        record = record if _WEB.match(record) else _SEPARATORS.split(record)[-1]
    out = name + (sep + record if record else "")
    return out or None
