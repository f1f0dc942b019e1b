"""Corpus shapes: records with named fields, read from JSONL, JSON arrays, CSV and TSV.

A *field map* says which keys of a record hold an article's parts. The
defaults (``DEFAULT_FIELDS``) recognise the names data sets use; a key is
matched exactly first, then ignoring case. ``--field published=my_col``
(``parse_field_overrides``) makes one part come from one named key only.
A record with no text is skipped with the keys it has, so that the right
``--field`` can be given.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from armswatch.escape import storable
from armswatch.ingest.files import read_bytes
from armswatch.model import RawDocument, Skipped

__all__ = [
    "CSV_EXTENSIONS",
    "DEFAULT_FIELDS",
    "FIELD_PARTS",
    "JSON_EXTENSIONS",
    "field_map",
    "parse_field_overrides",
    "read_csv",
    "read_json",
    "record_document",
]

#: The parts of an article and the keys that hold each, in order of preference.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article"),
    "html": ("html",),
    "title": ("title", "headline"),
    "published": ("published", "date", "pubDate", "published_at", "date_publish", "datetime"),
    "url": ("url", "link"),
    "id": ("id",),
    "publisher": ("publisher", "outlet", "sitename"),
    "source": ("source",),
}
FIELD_PARTS: tuple[str, ...] = tuple(DEFAULT_FIELDS)

JSON_EXTENSIONS: tuple[str, ...] = (".json",)
CSV_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv")

FieldMap = Mapping[str, tuple[str, ...]]

#: Marks a doc_id taken from a JSON number: ``"id": 1`` gives ``json:1``,
#: ``"id": "1"`` gives ``1``; the two are different documents.
ID_PREFIX = "json:"

# CSV cells can be whole articles: Python's default limit is 128 KiB.
csv.field_size_limit(32 * 1024 * 1024)


def parse_field_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """``["published=my_col", ...]`` to ``{"published": "my_col"}``; ValueError names a bad pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        part, sep, key = pair.partition("=")
        part, key = part.strip(), key.strip()
        if not sep or not key:
            raise ValueError(f"--field {pair!r}: expected PART=KEY, e.g. published=my_date")
        if part not in DEFAULT_FIELDS:
            raise ValueError(f"--field {pair!r}: unknown part {part!r} (one of {', '.join(FIELD_PARTS)})")
        out[part] = key
    return out


def field_map(overrides: Mapping[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The default field map with each overridden part taken from its one named key."""
    fields = dict(DEFAULT_FIELDS)
    for part, key in (overrides or {}).items():
        fields[part] = (key,)
    return fields


def _lookup(obj: Mapping[str, Any], keys: tuple[str, ...], folded: dict[str, str]) -> Any:
    for key in keys:
        if key in obj:
            return obj[key]
    for key in keys:
        real = folded.get(key.casefold())
        if real is not None:
            return obj[real]
    return None


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


def _doc_id(value: Any) -> str | None:
    """The doc_id of a record's ``id`` field, distinct for distinct JSON values.

    Strings are used as written (one starting with ``json:`` gets its JSON
    quoting, so it never equals a number's id); numbers become ``json:`` and
    their JSON text. Null, booleans, arrays, objects and blank strings are no
    id: the record is named by its position.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return ID_PREFIX + json.dumps(value)
    if not isinstance(value, str) or not value.strip():
        return None
    # Lone surrogates are written out, not replaced: two ids differing only
    # there stay two documents.
    text = storable(value)
    return ID_PREFIX + json.dumps(text, ensure_ascii=False) if text.startswith(ID_PREFIX) else text


def _looks_like_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _keys_seen(obj: Mapping[str, Any], limit: int = 12) -> str:
    keys = [storable(str(k)) for k in obj]
    shown = ", ".join(keys[:limit]) + (f", ... ({len(keys)} keys)" if len(keys) > limit else "")
    return shown or "none"


def no_text_reason(keys: str) -> str:
    """The reason of a record (or header) without a text field, naming the keys it has."""
    return (f"no text or html field (keys seen: {keys}); "
            "name the text's key with --field text=KEY")


def record_document(obj: Mapping[str, Any], path: str, record: str,
                    fields: FieldMap | None = None) -> RawDocument | Skipped:
    """One record (a JSON object or a CSV row) to a RawDocument, or a Skipped saying why not."""
    fields = fields or DEFAULT_FIELDS
    folded = {str(k).casefold(): k for k in obj}

    def get(part: str) -> Any:
        return _lookup(obj, fields[part], folded)

    text = _clean_str(get("text"))
    html = _clean_str(get("html"))
    if text is None and html is None:
        return Skipped(source=path, record=record, reason=no_text_reason(_keys_seen(obj)))
    doc_id = _doc_id(get("id")) or f"{path}#{record}"
    url = _clean_str(get("url"))
    publisher = _clean_str(get("publisher"))
    source_field = _clean_str(get("source"))
    # "source" is a URL in some corpora and an outlet name in others.
    if source_field:
        if _looks_like_url(source_field):
            url = url or source_field
        else:
            publisher = publisher or source_field
    return RawDocument(
        doc_id=doc_id,
        source=f"{path}#{record}",
        body=text if text is not None else html,  # type: ignore[arg-type]
        is_html=text is None,
        title=_clean_str(get("title")),
        published=_clean_str(get("published")),
        publisher=publisher,
        url=url,
    )


def _decode(data: bytes) -> str:
    for codec in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_json(path: str, fields: FieldMap | None = None) -> Iterator[RawDocument | Skipped]:
    """A ``.json`` corpus: an array of article objects (or one object), record = position from 1."""
    data = read_bytes(path)
    if isinstance(data, Skipped):
        yield data
        return
    yield from json_documents(data, path, fields)


def json_documents(data: bytes, path: str, fields: FieldMap | None = None) -> Iterator[RawDocument | Skipped]:
    """The records of a JSON text (an array of objects, or one object)."""
    try:
        obj = json.loads(_decode(data))
    except (ValueError, RecursionError) as exc:
        yield Skipped(source=path, reason=f"invalid JSON: {exc}")
        return
    if isinstance(obj, dict):
        # One article, or a wrapper such as {"articles": [...]}.
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        obj = lists[0] if len(lists) == 1 and not any(
            k in obj for part in ("text", "html") for k in DEFAULT_FIELDS[part]) else [obj]
    if not isinstance(obj, list):
        yield Skipped(source=path, reason=f"JSON is a {type(obj).__name__}, not an array of article objects")
        return
    if not obj:
        yield Skipped(source=path, reason="no records (empty array)")
        return
    for index, item in enumerate(obj, start=1):
        if not isinstance(item, dict):
            yield Skipped(source=path, record=str(index), reason="array item is not a JSON object")
            continue
        yield record_document(item, path, str(index), fields)


def read_csv(path: str, fields: FieldMap | None = None) -> Iterator[RawDocument | Skipped]:
    """A ``.csv`` or ``.tsv`` corpus with a header row; record = data row number from 1.

    A header without a text column gives one Skipped naming the columns.
    """
    data = read_bytes(path)
    if isinstance(data, Skipped):
        yield data
        return
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    yield from csv_documents(data, path, delimiter, fields)


def csv_documents(data: bytes, path: str, delimiter: str = ",",
                  fields: FieldMap | None = None) -> Iterator[RawDocument | Skipped]:
    """The rows of a CSV/TSV text with a header as documents."""
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        yield Skipped(source=path, reason=f"unreadable CSV: {exc}")
        return
    if not header:
        yield Skipped(source=path, reason="no header row")
        return
    fields = fields or DEFAULT_FIELDS
    folded = {h.casefold() for h in header if h}
    if not any(k in header or k.casefold() in folded for part in ("text", "html") for k in fields[part]):
        yield Skipped(source=path, reason=no_text_reason(_keys_seen(dict.fromkeys(h for h in header if h))))
        return
    rows = 0
    try:
        for index, row in enumerate(reader, start=1):
            rows += 1
            clean = {k: v for k, v in row.items() if isinstance(k, str)}
            yield record_document(clean, path, str(index), fields)
    except csv.Error as exc:
        yield Skipped(source=path, record=str(rows + 1), reason=f"unreadable CSV row: {exc}")
        return
    if rows == 0:
        yield Skipped(source=path, reason="no records (header only)")
