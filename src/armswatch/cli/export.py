"""``armswatch export``: events or deals as jsonl, csv or parquet, a SIPRI-style register, CAMEO rows."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from armswatch.cli.common import db_option, open_for_reading



@contextmanager
def atomic_output(path: str) -> Iterator[str]:
    """A file name to write instead of ``path``, moved onto it only when everything was written.

    An export that fails half-way (a full disk, a lost database connection)
    leaves ``path`` as it was, never a truncated file that looks complete.
    A device or a pipe (``/dev/stdout``, a FIFO) is written directly.
    """
    target = Path(path)
    if target.exists() and not target.is_file():
        yield path
        return
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        yield str(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)



@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "sipri", "cameo"]),
    default="jsonl",
    show_default=True,
    help="sipri: SIPRI-register-style CSV of deals; cameo: CAMEO-coded events, TSV in GDELT-like columns.",
)
@click.option("--what", type=click.Choice(["events", "deals"]), default="events", show_default=True,
              help="For jsonl, csv and parquet.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.option("--notes", is_flag=True, help="sipri: begin with a notes block ending in 'Data generated: ...'.")
@click.option("--encoding", type=click.Choice(["utf-8", "latin-1"]), default="utf-8", show_default=True,
              help="sipri: the file's encoding (SIPRI's own exports are Latin-1).")
@click.option("--all-deals", is_flag=True, help="sipri: also deals that never reached an order or a delivery.")
def export_cmd(db: str | None, fmt: str, what: str, output: str | None, notes: bool, encoding: str,
               all_deals: bool) -> None:
    """Export events or deals (jsonl, csv, parquet), a SIPRI-style register, or CAMEO rows."""
    from armswatch.export import export_cameo, export_deals, export_events, export_sipri_register

    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise click.UsageError("Parquet is binary: give -o FILE or redirect standard output")
    with open_for_reading(db) as store, (atomic_output(output) if output is not None else _no_file()) as part:
        latin1 = fmt == "sipri" and encoding == "latin-1"
        if output is not None:
            target: Any = part
        elif fmt == "parquet":
            target = click.get_binary_stream("stdout")
        elif latin1:
            target = io.TextIOWrapper(click.get_binary_stream("stdout"), encoding="latin-1", newline="",
                                      write_through=True)
        else:
            target = click.get_text_stream("stdout")
        if fmt == "sipri":
            n, label = export_sipri_register(store, target, include_unrecorded=all_deals, notes=notes,
                                             latin1=latin1), "deals"
        elif fmt == "cameo":
            n, label = export_cameo(store, target), "events"
        elif what == "deals":
            n, label = export_deals(store, fmt, target), "deals"
        else:
            n, label = export_events(store, fmt, target), "events"
        if output is None:
            target.flush()
            if latin1:
                target.detach()  # leave standard output open
    click.echo(f"{n} {label} exported" + (f" to {output}" if output else ""), err=True)


@contextmanager
def _no_file() -> Iterator[None]:
    yield None



COMMANDS = (export_cmd,)
