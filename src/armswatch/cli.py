"""Command-line interface: a thin shell over ``armswatch.jobs`` and the store."""

from __future__ import annotations

import json
import os
import sys
import time

import click

from armswatch.cli_store import open_for_reading

from armswatch.cli_lookup import category_value, event_type_value, modality_value, party_value

from armswatch.model import Event, Skipped
from armswatch.terminal import one_line, printable

DB_HELP = "Database: a file path (SQLite) or an SQLAlchemy URL. Default: $ARMSWATCH_DB or ./armswatch.db"
BUDGET_HELP = ("Seconds of extraction one document may take; past it the document is stored without events and "
               "reported as skipped. 0: no limit. Default: $ARMSWATCH_TIME_BUDGET or 60.")

budget_option = click.option("--time-budget", type=click.FloatRange(min=0), default=None, help=BUDGET_HELP)


def _extractor(time_budget: float | None):
    from armswatch.extract.pipeline import Extractor

    try:
        return Extractor(time_budget=time_budget)
    except ValueError as exc:  # a malformed $ARMSWATCH_TIME_BUDGET
        raise click.ClickException(str(exc)) from None


def _report_skip(s: Skipped) -> None:
    click.echo(one_line(s.describe()), err=True)


def _report_revision(added) -> None:
    from armswatch.escape import escape_controls

    click.echo(escape_controls(f"armswatch: revised {added.doc_id}: new text stored as revision "
                               f"{added.revision}, events to be extracted again"), err=True)


def _open(db: str | None):
    from armswatch.store import open_store

    return open_store(db)


def _event_table(rows: list[tuple[int | None, Event]], evidence: bool = True) -> str:
    if not rows:
        return "(no events)"
    head = f"{'id':>5}  {'type':<15} {'supplier':<9} {'recipient':<9} {'weapon':<14} {'category':<17} {'qty':>7} {'year':<9} {'modality':<9} attribution"
    out = [head, "-" * len(head)]
    for eid, e in rows:
        year = "" if e.year is None else (f"{e.year}-{e.year_end}" if e.year_end else str(e.year))
        qty = "" if e.quantity is None else (("~" if e.quantity_qualifier == "about" else ">" if e.quantity_qualifier == "at-least" else "≤" if e.quantity_qualifier == "at-most" else "") + str(e.quantity))
        # Every field from an article is escaped: a control character would act on the terminal.
        supplier, recipient = one_line(e.supplier or "-"), one_line(e.recipient or "-")
        weapon, category = one_line((e.weapon or "-")[:14]), one_line(e.category or "-")
        out.append(f"{'' if eid is None else eid:>5}  {e.type.value:<15} {supplier:<9} {recipient:<9} "
                   f"{weapon:<14} {category:<17} {qty:>7} {year:<9} {e.modality.value:<9} {one_line(e.attribution or '')}")
        if evidence and e.evidence:
            out.append(f"       [{one_line(e.doc_id)} @{e.evidence.start}-{e.evidence.end}] {one_line(e.evidence.text)}")
    return "\n".join(out)


class _Main(click.Group):
    """The command group; a database or disk failure ends a command with one line and status 1.

    Every write is one transaction, so what failed left nothing half-written;
    a traceback would add nothing for the user.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:  # only what explain() recognises is handled; the rest is raised again
            from armswatch.store.errors import explain

            message = explain(exc)
            if message is None:
                raise
            click.echo(f"armswatch: error: {one_line(message)}", err=True)
            ctx.exit(1)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="armswatch")
def main() -> None:
    """armswatch: news about international arms transfers -> a sourced database of events."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
@budget_option
def run(inputs: tuple[str, ...], db: str | None, time_budget: float | None) -> None:
    """Ingest INPUTS, extract events, link deals, and print the events found."""
    from armswatch.jobs import extract_stored, ingest
    from armswatch.store import EventQuery

    t0 = time.perf_counter()
    with _open(db) as store:
        summary = ingest(store, inputs, on_skip=_report_skip, on_revision=_report_revision)
        _overlay(store)
        extractor = _extractor(time_budget)
        extract_stored(store, extractor, on_skip=_report_skip)
        _link(store)
        rows = [r for d in summary.doc_ids for r in store.events(EventQuery(doc_id=d))]
        click.echo(_event_table(rows))
        _print_deals(store, {(e.supplier, e.recipient) for _, e in rows if e.supplier and e.recipient})
        click.echo(f"\n{summary.read} documents read ({summary.new} new, {summary.revised} revised, "
                   f"{summary.duplicates} already stored, "
                   f"{summary.skipped} skipped); {len(rows)} events; {time.perf_counter() - t0:.1f}s; db: {store.url}", err=True)
    _exit_if_unreadable(inputs, summary)


def _missing_inputs(inputs: tuple[str, ...]) -> list[str]:
    return [i for i in inputs if not os.path.exists(i)]


def _exit_if_unreadable(inputs: tuple[str, ...], summary) -> None:
    """Exit 1 when a named input is not there, or nothing could be read (the rest was processed and stored)."""
    if _missing_inputs(inputs) or (summary.read == 0 and summary.skipped):
        sys.exit(1)


def _print_deals(store, dyads: set[tuple[str, str]]) -> None:
    """The deals the printed events belong to: the story across articles."""
    try:
        from armswatch.cli_deals import deals_table
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


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
def ingest(inputs: tuple[str, ...], db: str | None) -> None:
    """Read, clean, deduplicate and store the documents in INPUTS (files, folders, .jsonl, feeds, WARC)."""
    from armswatch.jobs import ingest as ingest_job

    with _open(db) as store, click.progressbar(length=0, label="ingesting", file=sys.stderr) as bar:
        summary = ingest_job(store, inputs, on_skip=_report_skip, progress=bar.update,
                             on_revision=_report_revision)
    click.echo(f"{summary.read} read, {summary.new} new, {summary.revised} revised, {summary.duplicates} duplicates, "
               f"{summary.skipped} skipped", err=True)
    _exit_if_unreadable(inputs, summary)


@main.command()
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

        with _open(db) as store:
            _overlay(store)
            extractor = _extractor(time_budget)
            n = extract_stored(store, extractor, on_skip=_report_skip)
            _link(store)
        click.echo(f"{n} events extracted", err=True)
        return
    skipped: list[Skipped] = []

    def on_skip(s: Skipped) -> None:
        skipped.append(s)
        _report_skip(s)

    if workers or cluster:
        from armswatch.scale import extract_distributed

        options = {} if time_budget is None else {"time_budget": time_budget}
        events = extract_distributed(inputs, workers=workers, address=cluster, on_skip=on_skip,
                                     extractor_options=options)
    else:
        from armswatch.jobs import extract_paths

        events = extract_paths(inputs, _extractor(time_budget), on_skip=on_skip)
    rows = []
    count = 0
    for e in events:
        count += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(e.to_contract(), ensure_ascii=False) + "\n")
        else:
            rows.append((None, e))
    if fmt == "table":
        click.echo(_event_table(rows))
    if skipped and _missing_inputs(inputs):
        sys.exit(1)


@main.command()
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
@click.option("--party", callback=party_value,
              help="Supplier or recipient: a code (PAK, NATO, NSA:Houthis) or any name (Pakistan, Islamabad), any case.")
@click.option("--supplier", callback=party_value, help="Supplier, as --party.")
@click.option("--recipient", callback=party_value, help="Recipient, as --party.")
@click.option("--type", "etype", callback=event_type_value, help="Event type, any case: agreement, embargo_imposed ...")
@click.option("--weapon", help="Designation or family (substring, case-insensitive).")
@click.option("--category", callback=category_value, help="Equipment category, any case: aircraft, armoured-vehicles ...")
@click.option("--year", type=int, help="Exactly this year.")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@click.option("--modality", callback=modality_value, help="asserted, planned, possible or denied.")
@click.option("--search", "text", help="Full text over evidence and titles.")
@click.option("--limit", type=int, default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True)
def events(db, party, supplier, recipient, etype, weapon, category, year, year_from, year_to, modality, text, limit, fmt) -> None:
    """Query stored events."""
    from armswatch.store import EventQuery

    q = EventQuery(party=party, supplier=supplier, recipient=recipient, type=etype,
                   weapon=weapon, category=category, year_from=year if year else year_from,
                   year_to=year if year else year_to, modality=modality, text=text, limit=limit)
    with open_for_reading(db) as store:
        rows = store.events(q)
    if fmt == "table":
        click.echo(_event_table(rows))
    elif fmt == "json":
        click.echo(json.dumps([dict(id=i, **e.to_contract()) for i, e in rows], ensure_ascii=False, indent=2))
    else:
        for i, e in rows:
            click.echo(json.dumps(dict(id=i, **e.to_contract()), ensure_ascii=False))


@main.command()
@click.argument("doc_id")
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
@click.option("--revision", type=click.IntRange(min=1), default=None,
              help="Show this earlier revision's text instead of the latest (events are the latest's).")
def show(doc_id: str, db: str | None, revision: int | None) -> None:
    """Show a stored document's cleaned text, metadata, revisions and events."""
    from armswatch.store import EventQuery

    with open_for_reading(db) as store:
        article = store.get_article(doc_id)
        if article is None:
            raise click.ClickException(f"no document {one_line(doc_id)!r}")
        revisions = store.revisions(doc_id)
        shown = store.get_revision(doc_id, revision) if revision else None
        if revision and shown is None:
            raise click.ClickException(f"document {one_line(doc_id)!r} has no revision {revision} (it has {len(revisions)})")
        rows = store.events(EventQuery(doc_id=doc_id)) if shown is None or shown.latest else []
    click.echo(f"doc_id:     {one_line(article.doc_id)}")
    for label, value in (("title", article.title), ("published", article.published), ("publisher", article.publisher),
                         ("syndicated", article.syndicated_from), ("sources", ", ".join(article.sources))):
        if value:
            click.echo(f"{label + ':':<11} {one_line(value)}")
    if len(revisions) > 1:
        click.echo(f"{'revisions:':<11} {len(revisions)} (showing {shown.revision if shown else article.revision})")
        for r in revisions:
            click.echo(f"  {r.revision:>3}  {r.ingested_at:%Y-%m-%d %H:%M}  {one_line(r.source or '-')}{'  (latest)' if r.latest else ''}")
    click.echo("")
    click.echo(printable(shown.text if shown is not None else article.text))
    click.echo("")
    if shown is not None and not shown.latest:
        click.echo(f"(events are extracted from the latest revision, {article.revision}; "
                   f"this is revision {shown.revision})")
    else:
        click.echo(_event_table(rows))


@main.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True), help="Gold .jsonl file or folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def eval_cmd(gold_path: str, as_json: bool) -> None:
    """Score the extractor against gold (EVENTS.md section 3): core/full P/R/F1, per type, attributes, misses."""
    from armswatch.eval.run import evaluate

    report, text, figures = evaluate(gold_path)
    click.echo(json.dumps(figures) if as_json else text)


def _register_extensions() -> None:
    # Commands of later stages live in their own modules and add themselves here.
    import importlib

    for name in ("armswatch.cli_deals", "armswatch.cli_sipri", "armswatch.cli_serve", "armswatch.cli_bench"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(main)


_register_extensions()


if __name__ == "__main__":
    main()
