"""``--format table|json|jsonl|csv`` and ``--limit`` for every listing command, and their rendering.

Machine-readable output (json, jsonl, csv) is complete unless ``--limit`` is given; a table
shows at most ``TABLE_ROWS`` rows by default and says so ("showing 200 of 2,351").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

import click

FORMATS = ("table", "json", "jsonl", "csv")
TABLE_ROWS = 200


def format_option(default: str = "table", extra: Sequence[str] = (), help: str | None = None):
    """The ``--format`` option (any case): table, json, jsonl, csv, and ``extra`` choices."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([*FORMATS, *extra], case_sensitive=False),
        default=default,
        show_default=True,
        help=help or "table for reading; json, jsonl or csv for programs (every row unless --limit).",
    )


def limit_option(what: str = "rows"):
    """``--limit N``: at most N rows; default every row, except a table (the first TABLE_ROWS)."""
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=None,
        help=f"At most N {what} (default: all of them; a table shows the first {TABLE_ROWS}).",
    )


def cut(rows: list[Any], fmt: str, limit: int | None) -> tuple[list[Any], str | None]:
    """The rows to print and, for a table cut at TABLE_ROWS, the line that says so."""
    if limit is not None or fmt != "table" or len(rows) <= TABLE_ROWS:
        return rows, None
    return rows[:TABLE_ROWS], (f"(showing {TABLE_ROWS:,} of {len(rows):,}; --limit N or --format jsonl for more)")


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def records_text(records: list[dict[str, Any]], fmt: str) -> str:
    """``records`` as one JSON array (json), one object a line (jsonl) or CSV with a header."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2, default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in records)
    columns: dict[str, None] = {}
    for r in records:
        columns.update(dict.fromkeys(r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return out.getvalue().rstrip("\n")


def emit(
    records: Callable[[], list[dict[str, Any]]], fmt: str, table: Callable[[], str], note: str | None = None
) -> None:
    """Print a table (with the truncation ``note`` under it) or the records in ``fmt``."""
    fmt = fmt.lower()
    if fmt == "table":
        click.echo(table())
        if note:
            click.echo(note)
        return
    text = records_text(records(), fmt)
    if text:
        click.echo(text)
