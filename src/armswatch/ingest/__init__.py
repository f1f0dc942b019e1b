"""Readers: files, folders, corpora, feeds and web archives to RawDocuments.

``read_inputs`` is the one entry point. It streams: folders are walked lazily,
corpora and archives are read record by record, and nothing raises for bad
input: every problem becomes a :class:`~armswatch.model.Skipped`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from armswatch.escape import path_text, storable
from armswatch.ingest import feed, html, jsonl, text, warc
from armswatch.ingest.files import walk
from armswatch.model import RawDocument, Skipped

__all__ = ["read_inputs", "reader_for"]

Reader = Callable[[str], Iterator[RawDocument | Skipped]]

# Longest suffixes first so ".jsonl.gz" is not taken for an unknown ".gz".
_BY_SUFFIX: list[tuple[str, Reader]] = sorted(
    [
        *((ext, jsonl.read_jsonl) for ext in jsonl.EXTENSIONS),
        *((ext, warc.read_warc) for ext in warc.EXTENSIONS),
        *((ext, feed.read_feed) for ext in feed.EXTENSIONS),
        *((ext, html.read_html) for ext in html.EXTENSIONS),
        *((ext, text.read_text) for ext in text.EXTENSIONS),
    ],
    key=lambda pair: -len(pair[0]),
)


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


def read_inputs(paths: Iterable[str], canonical: bool = True) -> Iterator[RawDocument | Skipped]:
    """Every document in the given files and folders, in a deterministic order.

    Folders are walked recursively in sorted order; paths are real paths
    unless ``canonical`` is false (then as given), and hidden entries are
    reported, not read (see ``ingest.files.walk``). Unreadable, missing,
    binary or unsupported inputs give Skipped records.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a lone path, not an iterable of characters
    for given in paths:
        try:
            path = os.fspath(given)
        except TypeError:
            yield Skipped(source=storable(repr(given)), reason="not a path")
            continue
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        for item in walk(path, canonical):
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                yield from _named(reader_for(item)(item), item)
            except Exception as exc:  # a reader bug must not end the whole run
                yield Skipped(source=path_text(item), reason=f"reader failed: {exc!r}")
