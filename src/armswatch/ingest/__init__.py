"""Readers: files, folders, corpora, feeds, web archives, URLs and stdin to RawDocuments.

``read_inputs`` is the one entry point. An ``http(s)://`` input is fetched
(``ingest.web``), ``-`` is standard input (``ingest.stdin``), anything else
is a file or folder. It streams: folders are walked lazily,
corpora and archives are read record by record, and nothing raises for bad
input: every problem becomes a :class:`~armswatch.model.Skipped`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from armswatch.escape import path_text, storable
from armswatch.ingest import feed, html, jsonl, options, shapes, text, warc
from armswatch.ingest.fetch import Fetcher, is_url
from armswatch.ingest.files import walk
from armswatch.ingest.shapes import FieldMap, field_map
from armswatch.ingest.stdin import read_stdin
from armswatch.ingest.web import read_url
from armswatch.model import RawDocument, Skipped

__all__ = ["read_inputs", "reader_for"]

Reader = Callable[[str], Iterator[RawDocument | Skipped]]

# Longest suffixes first so ".jsonl.gz" is not taken for an unknown ".gz".
_BY_SUFFIX: list[tuple[str, Reader]] = sorted(
    [
        *((ext, jsonl.read_jsonl) for ext in jsonl.EXTENSIONS),
        *((ext, shapes.read_json) for ext in shapes.JSON_EXTENSIONS),
        *((ext, shapes.read_csv) for ext in shapes.CSV_EXTENSIONS),
        *((ext, warc.read_warc) for ext in warc.EXTENSIONS),
        *((ext, feed.read_feed) for ext in feed.EXTENSIONS),
        *((ext, html.read_html) for ext in html.EXTENSIONS),
        *((ext, text.read_text) for ext in text.EXTENSIONS),
    ],
    key=lambda pair: -len(pair[0]),
)
# Readers of records with named fields: they take the run's field map.
_SHAPED: tuple[Reader, ...] = (jsonl.read_jsonl, shapes.read_json, shapes.read_csv)


def _not_a_feed(path: str) -> Iterator[Skipped]:
    yield Skipped(source=path, reason="XML file is not an RSS/Atom feed")


def _unsupported(path: str) -> Iterator[Skipped]:
    yield Skipped(source=path, reason="unsupported file type")


def reader_for(path: str) -> Reader:
    """The reader function for one file, chosen by its name (and, for
    ``.xml``, by its root element)."""
    name = os.path.basename(path).lower()
    for suffix, reader in _BY_SUFFIX:
        if name.endswith(suffix):
            return reader
    if name.endswith(".xml"):
        return feed.read_feed if feed.is_feed_file(path) else _not_a_feed
    # A leading dot is a hidden file's name, not an extension.
    if "." not in name.lstrip("."):
        return text.read_text
    return _unsupported


def _renamed(value: str, path: str, name: str) -> str:
    """``value`` (a source or doc_id) with the real path at its start written as ``name``."""
    if value.startswith(path):
        return name + value[len(path):]
    return storable(value)


def _named(items: Iterator[RawDocument | Skipped], path: str) -> Iterator[RawDocument | Skipped]:
    """A reader's output with the file's path as storable text (``path_text``).

    Readers name what they read after the path they open; a name with
    undecodable bytes or control characters is escaped here, once for all
    readers, so that it can be stored and printed.
    """
    name = path_text(path)
    for item in items:
        if name != path:
            item.source = _renamed(item.source, path, name)
            if isinstance(item, RawDocument):
                item.doc_id = _renamed(item.doc_id, path, name)
            elif item.record:
                item.record = storable(item.record)
        yield item


def read_inputs(paths: Iterable[str], canonical: bool = True, *, fields: FieldMap | None = None,
                fetcher: Fetcher | None = None) -> Iterator[RawDocument | Skipped]:
    """Every document in the given files, folders, URLs and ``-``, in a deterministic order.

    Folders are walked recursively in sorted order; paths are real paths
    unless ``canonical`` is false (then as given), and hidden entries are
    reported, not read (see ``ingest.files.walk``). Unreadable, missing,
    binary or unsupported inputs give Skipped records, and so does every
    URL that cannot be fetched. ``fields`` is the field map of corpora
    (default: ``options.current()``'s overrides on ``shapes.DEFAULT_FIELDS``);
    URLs are fetched with ``fetcher`` (default: one made for this call, with
    ``options.current()``'s policy and refresh, closed at the end).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a lone path, not an iterable of characters
    settings = options.current()
    if fields is None:
        fields = field_map(settings.fields)
    own_fetcher: Fetcher | None = None
    try:
        for given in paths:
            try:
                path = os.fspath(given)
            except TypeError:
                yield Skipped(source=storable(repr(given)), reason="not a path")
                continue
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if is_url(path):
                if fetcher is None:
                    fetcher = own_fetcher = Fetcher(settings.policy, refresh=settings.refresh)
                yield from _guarded(read_url(path, fetcher), storable(path))
                continue
            if path == "-":
                yield from _guarded(read_stdin(fields), "-")
                continue
            for item in walk(path, canonical):
                if isinstance(item, Skipped):
                    yield item
                    continue
                reader = reader_for(item)
                found = reader(item, fields=fields) if reader in _SHAPED else reader(item)  # type: ignore[call-arg]
                yield from _guarded(_named(found, item), path_text(item))
    finally:
        if own_fetcher is not None:
            own_fetcher.close()


def _guarded(items: Iterator[RawDocument | Skipped], name: str) -> Iterator[RawDocument | Skipped]:
    """A reader's output; a reader bug becomes one Skipped instead of ending the run."""
    try:
        yield from items
    except Exception as exc:
        yield Skipped(source=name, reason=f"reader failed: {exc!r}")
