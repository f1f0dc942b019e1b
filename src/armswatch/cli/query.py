"""``armswatch events`` and ``armswatch show``: reading stored events and documents."""

from __future__ import annotations

import json
from typing import Any

import click

from armswatch.cli.common import db_option, open_for_reading
from armswatch.cli.options import (
    category_value,
    event_type_value,
    modality_value,
    party_value,
    weapon_value,
)
from armswatch.cli.output import cut, emit, format_option, limit_option
from armswatch.cli.render import event_table
from armswatch.terminal import one_line, printable


@click.command()
@db_option
@click.option("--party", callback=party_value,
              help="Supplier or recipient: a code (PAK, NATO, NSA:Houthis) or any name (Pakistan, Islamabad), any case.")
@click.option("--supplier", callback=party_value, help="Supplier, as --party.")
@click.option("--recipient", callback=party_value, help="Recipient, as --party.")
@click.option("--type", "etype", callback=event_type_value, help="Event type, any case: agreement, embargo_imposed ...")
@click.option("--weapon", callback=weapon_value, help="Designation or family (substring, case-insensitive).")
@click.option("--category", callback=category_value, help="Equipment category, any case: aircraft, armoured-vehicles ...")
@click.option("--year", type=int, help="Exactly this year.")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@click.option("--modality", callback=modality_value, help="asserted, planned, possible or denied.")
@click.option("--search", "text", help="Full text over evidence and titles.")
@limit_option("events")
@format_option()
def events(db, party, supplier, recipient, etype, weapon, category, year, year_from, year_to, modality, text, limit, fmt) -> None:
    """Query stored events."""
    from armswatch.store import EventQuery

    q = EventQuery(party=party, supplier=supplier, recipient=recipient, type=etype,
                   weapon=weapon, category=category, year_from=year if year else year_from,
                   year_to=year if year else year_to, modality=modality, text=text, limit=limit)
    with open_for_reading(db) as store:
        rows = store.events(q)
    rows, note = cut(rows, fmt, limit)
    emit(lambda: [dict(id=i, **e.to_contract()) for i, e in rows], fmt, lambda: event_table(rows), note)


@click.command()
@click.argument("doc_id")
@db_option
@click.option("--revision", type=click.IntRange(min=1), default=None,
              help="Show this earlier revision's text instead of the latest (events are the latest's).")
@format_option(help="table: the text and its events for reading; json/jsonl: one object (metadata, text, events); "
               "csv: the events.")
def show(doc_id: str, db: str | None, revision: int | None, fmt: str) -> None:
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
    fmt = fmt.lower()
    if fmt != "table":
        events = [dict(id=i, **e.to_contract()) for i, e in rows]
        if fmt == "csv":
            emit(lambda: events, fmt, str)
            return
        doc: dict[str, Any] = {
            "doc_id": article.doc_id, "title": article.title, "published": article.published,
            "publisher": article.publisher, "syndicated_from": article.syndicated_from, "url": article.url,
            "sources": article.sources, "revision": shown.revision if shown else article.revision,
            "revisions": [{"revision": r.revision, "ingested_at": r.ingested_at, "source": r.source,
                           "latest": r.latest} for r in revisions],
            "text": shown.text if shown is not None else article.text, "events": events,
        }
        click.echo(json.dumps(doc, ensure_ascii=False, default=str, indent=2 if fmt == "json" else None))
        return
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
        click.echo(event_table(rows))


COMMANDS = (events, show)
