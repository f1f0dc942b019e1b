"""Events and deals as JSONL, CSV or Parquet.

``out`` is a file path, or an open file: a text file for JSONL and CSV, a
binary file for Parquet. Each function returns how many rows it wrote.

- JSONL: one JSON object per line. Events: the contract of EVENTS.md
  section 5 plus ``id``, ``weapon_family``, ``published``, ``source``,
  ``deal_id``, ``deal_key``. Deals: every deal field, its claims oldest first
  and its conflicts.
- CSV: one row per event (``EVENT_SCHEMA`` columns) or deal (``DEAL_SCHEMA``
  columns; lists joined with ``"; "``), with a header line.
- Parquet: the same columns with the explicit Arrow schemas of ``records.py``.

Every CSV and TSV text cell that a spreadsheet would run as a formula (it
starts with ``= + - @``, a tab or a carriage return: a title such as
``=HYPERLINK(...)`` taken from an article) is written with a leading ``'``,
as the API's CSV export does. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.export.records import (
    DEAL_SCHEMA,
    EVENT_SCHEMA,
    deal_document,
    deal_record,
    event_contract,
    iter_event_records,
)
from armswatch.store import Store

#: The formats of ``export_events`` and ``export_deals``.
TABLE_FORMATS = ("jsonl", "csv", "parquet")

Out = str | os.PathLike | IO[Any]

#: Rows per Parquet row group.
BATCH_ROWS = 5000


class ExportError(ValueError):
    """An export cannot be made as asked (unknown format, wrong kind of file)."""


@contextmanager
def open_out(out: Out, *, binary: bool) -> Iterator[IO[Any]]:
    """The file to write to: ``out`` itself when already open, else ``out`` opened (and closed after)."""
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    if binary:
        with open(out, "wb") as handle:  # type: ignore[arg-type]
            yield handle
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:  # type: ignore[arg-type]
            yield handle


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """``value``, or for a text a spreadsheet would evaluate, the text after a ``'`` (shown, never run)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return formula_safe("; ".join(str(v) for v in value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return formula_safe(value)


def write_jsonl(objects: Iterable[dict[str, Any]], out: Out) -> int:
    n = 0
    with open_out(out, binary=False) as handle:
        for obj in objects:
            handle.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], columns: list[str], out: Out, *, delimiter: str = ",") -> int:
    n = 0
    with open_out(out, binary=False) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([_csv_cell(record.get(c)) for c in columns])
            n += 1
    return n


def write_parquet(records: Iterable[dict[str, Any]], schema: pa.Schema, out: Out) -> int:
    """Write records with exactly ``schema`` (an empty file still has the schema)."""
    n = 0
    names = schema.names
    with open_out(out, binary=True) as handle:
        if isinstance(handle, io.TextIOBase):
            raise ExportError("Parquet needs a binary file")
        with pq.ParquetWriter(handle, schema) as writer:
            batch: list[dict[str, Any]] = []

            def flush() -> None:
                if batch:
                    rows = [{k: r.get(k) for k in names} for r in batch]
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    batch.clear()

            for record in records:
                batch.append(record)
                n += 1
                if len(batch) >= BATCH_ROWS:
                    flush()
            flush()
            if n == 0:
                writer.write_table(schema.empty_table())
    return n


def _check(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in TABLE_FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(TABLE_FORMATS)}")
    return fmt


def export_events(store: Store, fmt: str, out: Out) -> int:
    """Write every stored event (by id) as ``fmt`` (jsonl, csv, parquet) to ``out``; the row count."""
    fmt = _check(fmt)
    records = iter_event_records(store)
    if fmt == "jsonl":
        return write_jsonl((event_contract(r) for r in records), out)
    if fmt == "csv":
        return write_csv(records, EVENT_SCHEMA.names, out)
    return write_parquet(records, EVENT_SCHEMA, out)


def export_deals(store: Store, fmt: str, out: Out) -> int:
    """Write every deal (by id) as ``fmt`` (jsonl, csv, parquet) to ``out``; the row count."""
    from armswatch.link import list_deals

    fmt = _check(fmt)
    deals = list_deals(store, limit=None)
    if fmt == "jsonl":
        return write_jsonl((deal_document(d) for d in deals), out)
    if fmt == "csv":
        return write_csv((deal_record(d) for d in deals), DEAL_SCHEMA.names, out)
    return write_parquet((deal_record(d) for d in deals), DEAL_SCHEMA, out)


__all__ = [
    "BATCH_ROWS",
    "ExportError",
    "FORMULA_STARTS",
    "formula_safe",
    "TABLE_FORMATS",
    "export_deals",
    "export_events",
    "open_out",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]
