"""``armswatch run``, ``ingest`` and ``extract``: the pipeline commands, a thin shell over ``armswatch.jobs``."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import click

from armswatch.cli.common import DB_HELP, open_db, report_revision, report_skip
from armswatch.cli.render import event_table
from armswatch.model import Event, Skipped
from armswatch.terminal import printable

BUDGET_HELP = ("Seconds of extraction one document may take; past it the document is stored without events and "
               "reported as skipped. 0: no limit. Default: $ARMSWATCH_TIME_BUDGET or 60.")

budget_option = click.option("--time-budget", type=click.FloatRange(min=0), default=None, help=BUDGET_HELP)


def _extractor(time_budget: float | None):
    from armswatch.extract.pipeline import Extractor

    try:
        return Extractor(time_budget=time_budget)
    except ValueError as exc:  # a malformed $ARMSWATCH_TIME_BUDGET
        raise click.ClickException(str(exc)) from None



@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
@budget_option
def run(inputs: tuple[str, ...], db: str | None, time_budget: float | None) -> None:
    """Ingest INPUTS, extract events, link deals, and print the events found."""
    from armswatch.jobs import extract_stored, ingest
    from armswatch.store import EventQuery

    t0 = time.perf_counter()
    with open_db(db) as store:
        summary = ingest(store, inputs, on_skip=report_skip, on_revision=report_revision)
        _overlay(store)
        extractor = _extractor(time_budget)
        extract_stored(store, extractor, on_skip=report_skip)
        _link(store)
        rows = [r for d in summary.doc_ids for r in store.events(EventQuery(doc_id=d))]
        click.echo(event_table(rows))
        _print_deals(store, {(e.supplier, e.recipient) for _, e in rows if e.supplier and e.recipient})
        click.echo(f"\n{summary.read} documents read ({summary.new} new, {summary.revised} revised, "
                   f"{summary.duplicates} already stored, "
                   f"{summary.skipped} skipped); {len(rows)} events; {time.perf_counter() - t0:.1f}s; db: {store.url}", err=True)
    _exit_if_unreadable(inputs, summary)


def _missing_inputs(inputs: tuple[str, ...]) -> list[str]:
    # URLs and "-" (stdin) are no paths: their failures are skips like any record's.
    return [i for i in inputs if i != "-" and "://" not in i[:10] and not os.path.exists(i)]


def _exit_if_unreadable(inputs: tuple[str, ...], summary) -> None:
    """Exit 1 when a named input is not there, or nothing could be read (the rest was processed and stored)."""
    if _missing_inputs(inputs) or (summary.read == 0 and summary.skipped):
        sys.exit(1)


def _print_deals(store, dyads: set[tuple[str, str]]) -> None:
    """The deals the printed events belong to: the story across articles."""
    try:
        from armswatch.cli.deals import deals_table
        from armswatch.link import list_deals
    except ImportError:
        return
    deals = [d for s, r in sorted(dyads) for d in list_deals(store, supplier=s, recipient=r)]
    if deals:
        click.echo("\nDeals (events linked across articles; `armswatch deal ID` shows a timeline):")
        click.echo(printable(deals_table(deals)))


def _link(store) -> None:
    try:
        from armswatch.link import link_store
    except ImportError:
        return
    link_store(store)
    from armswatch.sipri.reference import refresh_links

    refresh_links(store)


def _overlay(store) -> None:
    # Designations of an imported SIPRI register extend weapon recognition.
    from armswatch.sipri.overlay import apply_overlay

    apply_overlay(store)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
def ingest(inputs: tuple[str, ...], db: str | None) -> None:
    """Read, clean, deduplicate and store the documents in INPUTS (files, folders, .jsonl, feeds, WARC)."""
    from armswatch.jobs import ingest as ingest_job

    bar: Any
    with open_db(db) as store, click.progressbar(length=0, label="ingesting", file=sys.stderr) as bar:
        summary = ingest_job(store, inputs, on_skip=report_skip, progress=bar.update,
                             on_revision=report_revision)
    click.echo(f"{summary.read} read, {summary.new} new, {summary.revised} revised, {summary.duplicates} duplicates, "
               f"{summary.skipped} skipped", err=True)
    _exit_if_unreadable(inputs, summary)


@click.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP + " (used only without INPUTS)")
@click.option("--workers", type=int, default=None, help="Run on a local Dask cluster with N worker processes.")
@click.option("--cluster", default=None, help="Run on the Dask scheduler at tcp://HOST:PORT.")
@budget_option
def extract(inputs: tuple[str, ...], fmt: str, db: str | None, workers: int | None, cluster: str | None,
            time_budget: float | None) -> None:
    """Extract events. With INPUTS: print them (the contract of EVENTS.md section 5). Without: extract stored documents."""
    if not inputs:
        from armswatch.jobs import extract_stored

        with open_db(db) as store:
            _overlay(store)
            extractor = _extractor(time_budget)
            n = extract_stored(store, extractor, on_skip=report_skip)
            _link(store)
        click.echo(f"{n} events extracted", err=True)
        return
    skipped: list[Skipped] = []

    def on_skip(s: Skipped) -> None:
        skipped.append(s)
        report_skip(s)

    if workers or cluster:
        from armswatch.scale import extract_distributed

        options = {} if time_budget is None else {"time_budget": time_budget}
        events = extract_distributed(inputs, workers=workers, address=cluster, on_skip=on_skip,
                                     extractor_options=options)
    else:
        from armswatch.jobs import extract_paths

        events = extract_paths(inputs, _extractor(time_budget), on_skip=on_skip)
    rows: list[tuple[int | None, Event]] = []
    count = 0
    for e in events:
        count += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(e.to_contract(), ensure_ascii=False) + "\n")
        else:
            rows.append((None, e))
    if fmt == "table":
        click.echo(event_table(rows))
    if skipped and _missing_inputs(inputs):
        sys.exit(1)


COMMANDS = (run, ingest, extract)
