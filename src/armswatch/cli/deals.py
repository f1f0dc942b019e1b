"""Commands over deals and dyads: a thin shell over ``armswatch.link`` and ``armswatch.sipri``.

``link``, ``deals``, ``deal``, ``dyad`` and ``reconcile``, with their plain-text renderings.
Heavy imports happen inside the commands, so that ``armswatch --help`` stays fast.
"""

from __future__ import annotations

import json
from typing import Any

import click

from armswatch.cli.common import db_option, open_db, open_for_reading
from armswatch.cli.output import cut, emit, format_option, limit_option
from armswatch.cli.options import party_value, status_value, weapon_value
from armswatch.terminal import one_line, printable

# -- rendering ------------------------------------------------------------------------------


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return "-"
    return str(first) if last in (None, first) else f"{first}-{last}"


def _claim_when(claim) -> str:
    if claim.year is not None:
        return f"{claim.year}-{claim.year_end}" if claim.year_end and claim.year_end != claim.year else str(claim.year)
    if claim.published is not None:
        return f"({claim.published.year})"
    return "undated"


def _quantity(claim) -> str:
    if claim.quantity is None:
        return ""
    mark = {"about": "~", "at-least": ">", "at-most": "<="}.get(claim.quantity_qualifier or "", "")
    return f"{mark}{claim.quantity}"


def deals_table(deals) -> str:
    if not deals:
        return "(no deals)"
    head = f"{'id':>5}  {'deal key':<36} {'status':<12} {'years':<10} {'claims':>6} {'docs':>5}  contested"
    out = [head, "-" * len(head)]
    for d in deals:
        docs = len({c.doc_id for c in d.claims})
        out.append(
            f"{d.id:>5}  {one_line(d.deal_key[:36]):<36} {d.status:<12} {_years(d.first_year, d.last_year):<10} "
            f"{len(d.claims):>6} {docs:>5}  {'yes' if d.contested else ''}"
        )
    return "\n".join(out)


def deal_text(deal) -> str:
    """A deal's timeline with evidence and sources, then its conflicts."""
    lines = [
        f"deal {deal.id}: {deal.deal_key}",
        f"  {deal.supplier} -> {deal.recipient}   weapon family: {deal.weapon_family or '-'}   "
        f"category: {deal.category or '-'}   years: {_years(deal.first_year, deal.last_year)}",
        f"  status: {deal.status}" + ("   CONTESTED" if deal.contested else ""),
        "",
        "timeline (oldest first; a year in parentheses is the publication year):",
    ]
    for c in deal.claims:
        details = " ".join(
            x
            for x in (
                c.weapon or "",
                f"x{_quantity(c)}" if c.quantity is not None else "",
                f"{c.value.amount} {c.value.currency}" if c.value else "",
                f"[{c.modality.value}]",
                f"according to {c.attribution}" if c.attribution else "",
            )
            if x
        )
        lines.append(f"  {_claim_when(c):<10} {c.type.value:<13} {details}")
        if c.evidence is not None:
            lines.append(f"             \"{one_line(c.evidence.text)}\"")
        lines.append(f"             source: {one_line(c.doc_id)}"
                     + (f" <{one_line(c.source)}>" if c.source and c.source != c.doc_id else ""))
    if deal.conflicts:
        lines += ["", "conflicts (every claim kept):"]
        for conflict in deal.conflicts:
            claims = "; ".join(
                f"{value} ({doc}" + (f" <{src}>" if src and src != doc else "") + ")"
                for (doc, value), src in zip(conflict.claims, conflict.sources or [None] * len(conflict.claims))
            )
            lines.append(f"  {conflict.stage or ''} {conflict.field}: {claims}")
    return "\n".join(lines)


def _event_line(event_id: int, e) -> str:
    when = str(e.year) if e.year is not None else "undated"
    if e.year is not None and e.year_end and e.year_end != e.year:
        when = f"{e.year}-{e.year_end}"
    parts = [one_line(e.weapon or e.category or ""), f"x{e.quantity}" if e.quantity is not None else "",
             f"[{e.modality.value}]"]
    return f"  {when:<10} {e.type.value:<16} {' '.join(p for p in parts if p):<30} #{event_id} {one_line(e.doc_id)}"


def dyad_text(timeline) -> str:
    lines = [f"dyad {timeline.supplier} -> {timeline.recipient}", "", "embargo periods:"]
    if not timeline.embargo_periods:
        lines.append("  (none reported)")
    for p in timeline.embargo_periods:
        since = "unknown" if p.since is None else str(p.since)
        if p.until is not None:
            until = str(p.until)
        elif p.lifted_event_id is not None:
            until = "lifted, date unknown"
        else:
            until = "in force"
        lines.append(f"  {since} .. {until}")
    lines += ["", "deals:", deals_table(timeline.deals), "", "events (oldest first):"]
    if not timeline.events:
        lines.append("  (no events)")
    lines += [_event_line(eid, e) for eid, e in timeline.events]
    return "\n".join(lines)


def _deal_json(deal) -> dict[str, Any]:
    from armswatch.export.records import deal_document

    return deal_document(deal)


def differs_text(matches) -> str:
    """Each differing deal: the fields with both sides, the register lines, the news evidence."""
    from armswatch.sipri.safe import terminal_safe

    if not matches:
        return "(no deal differs from the SIPRI register)"
    lines = []
    for m in matches:
        d = m.deal
        lines.append(f"deal {d.id}: {d.deal_key}  ({d.status}; {m.how})")
        for name, diff in m.differences.items():
            mark = "?" if diff["sipri_uncertain"] else ""
            lines.append(f"  {name}: news {diff['news']} / SIPRI {diff['sipri']}{mark}")
        lines += [f"  register line {r.line}: {r.label}" + (f" ({r.status})" if r.status else "") for r in m.rows]
        for c in d.claims:
            if c.evidence is not None and c.type.value in ("AGREEMENT", "DELIVERY"):
                lines.append(f"  news {c.type.value.lower()} [{c.doc_id}]: \"{c.evidence.text}\"")
    return terminal_safe("\n".join(lines))


def sipri_text(match) -> str:
    """The register orders a deal reports ("updates SIPRI order 2015 RUS>PAK 4 Mi-35M") and what differs."""
    from armswatch.sipri.safe import terminal_safe

    lines = ["", f"SIPRI register ({match.how}):"]
    lines += [f"  updates {r.label} (register line {r.line}" + (f", {r.status})" if r.status else ")")
              for r in match.rows]
    for name, diff in match.differences.items():
        lines.append(f"  differs on {name}: news {diff['news']} / SIPRI {diff['sipri']}"
                     + ("?" if diff["sipri_uncertain"] else ""))
    return terminal_safe("\n".join(lines))


def _sipri_deals(db: str | None, fmt: str, differs: bool, *, limit: int | None, offset: int, **filters) -> None:
    from armswatch.sipri import NoRegister
    from armswatch.sipri import differing as differing_deals
    from armswatch.sipri import not_in_sipri as missing_deals
    from armswatch.sipri.reconcile import order_summary

    with open_for_reading(db) as store:
        try:
            found: list[Any] = differing_deals(store, **filters) if differs else missing_deals(store, **filters)
        except NoRegister as exc:
            raise click.ClickException(str(exc)) from exc
    found = found[offset:] if limit is None else found[offset: offset + limit]
    found, note = cut(found, fmt, limit)
    fmt = fmt.lower()
    if fmt != "table":
        from armswatch.export.records import deal_record

        def records() -> list[dict[str, Any]]:
            if fmt == "csv":
                return [dict(deal_record(m.deal if differs else m), **({"differences": m.differences} if differs else {}))
                        for m in found]
            if differs:
                return [dict(_deal_json(m.deal), sipri_orders=[order_summary(r) for r in m.rows],
                             differences=m.differences) for m in found]
            return [_deal_json(d) for d in found]

        emit(records, fmt, str)
        return
    if differs:
        click.echo(differs_text(found))
    else:
        click.echo(deals_table(found) if found else "(no ordered or delivered deal is missing from the SIPRI register)")
    if note:
        click.echo(note)


# -- commands ----------------------------------------------------------------------------------


@click.command("link")
@db_option
def link_cmd(db: str | None) -> None:
    """Link stored events into deals (incremental: only dyads with new events are redone)."""
    from armswatch.link import link_store
    from armswatch.sipri.reference import refresh_links

    with open_db(db) as store:
        s = link_store(store)
        attached = refresh_links(store)
    click.echo(
        f"{s.deals} deals ({s.new_deals} new, {s.updated_deals} updated, {s.removed_deals} removed); "
        f"{s.contested} contested; {s.dyads} dyads linked; {attached} attached to SIPRI register orders"
    )


@click.command("deals")
@db_option
@click.option("--party", callback=party_value,
              help="Supplier or recipient: a code (RUS, PAK, NATO ...) or any name (Russia, Moscow), any case.")
@click.option("--supplier", callback=party_value, help="Supplier, as --party.")
@click.option("--recipient", callback=party_value, help="Recipient, as --party.")
@click.option("--status", callback=status_value,
              help="offered, requested, negotiating, agreed, delivered, rejected, cancelled, unconfirmed (any case).")
@click.option("--contested", is_flag=True, help="Contested deals only.")
@click.option("--weapon", callback=weapon_value, help="Weapon family or designation (substring), or a category.")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@limit_option("deals")
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--not-in-sipri", "not_in_sipri", is_flag=True,
              help="Ordered or delivered deals that report no order of the imported SIPRI register.")
@click.option("--differs", is_flag=True,
              help="Deals whose news and SIPRI register orders disagree on quantity, years or status.")
@format_option()
def deals_cmd(db, party, supplier, recipient, status, contested, weapon, year_from, year_to, limit, offset,
              not_in_sipri, differs, fmt) -> None:
    """List deals, filtered; or the news deals missing from, or differing with, the SIPRI register."""
    from armswatch.link import list_deals

    if not_in_sipri and differs:
        raise click.UsageError("--not-in-sipri and --differs are two different lists: give one")
    if not_in_sipri or differs:
        _sipri_deals(db, fmt, differs, limit=limit, offset=offset, party=party, supplier=supplier,
                     recipient=recipient, status=status, contested=True if contested else None, weapon=weapon,
                     year_from=year_from, year_to=year_to)
        return
    with open_for_reading(db) as store:
        deals = list_deals(
            store,
            party=party,
            supplier=supplier,
            recipient=recipient,
            status=status,
            contested=True if contested else None,
            weapon=weapon,
            year_from=year_from,
            year_to=year_to,
            limit=limit,
            offset=offset,
        )
    deals, note = cut(deals, fmt, limit)
    emit(lambda: _deal_rows(deals, fmt), fmt, lambda: printable(deals_table(deals)), note)


def _deal_rows(deals, fmt: str) -> list[dict[str, Any]]:
    """Deals as flat records for csv, as whole documents (claims, conflicts) for json and jsonl."""
    if fmt.lower() == "csv":
        from armswatch.export.records import deal_record

        return [deal_record(d) for d in deals]
    return [_deal_json(d) for d in deals]


@click.command("deal")
@click.argument("deal_id")
@db_option
@format_option(extra=("text",), help="table (or text): the timeline; json/jsonl: the deal as one object; "
               "csv: its claims.")
def deal_cmd(deal_id: str, db: str | None, fmt: str) -> None:
    """Show one deal (by id or deal key): its timeline with evidence and sources, and its conflicts."""
    from armswatch.link import get_deal, get_deal_by_key
    from armswatch.sipri.reconcile import order_summary
    from armswatch.sipri.reference import match_of, orders_of_deal

    with open_for_reading(db) as store:
        deal = get_deal(store, int(deal_id)) if deal_id.isdigit() else get_deal_by_key(store, deal_id)
        orders = orders_of_deal(store, deal.id) if deal is not None and deal.id is not None else []
    if deal is None:
        raise click.ClickException(f"no deal {one_line(deal_id)!r}")
    match = match_of(deal, orders) if orders else None
    fmt = fmt.lower()
    if fmt in ("json", "jsonl"):
        out = _deal_json(deal)
        if match is not None:
            out["sipri_orders"] = [order_summary(r) for r in match.rows]
            out["sipri_differences"] = match.differences
        click.echo(json.dumps(out, ensure_ascii=False, indent=2 if fmt == "json" else None, default=str))
    elif fmt == "csv":
        emit(lambda: [dict(deal_id=deal.id, **c) for c in _deal_json(deal)["claims"]], fmt, str)
    else:
        click.echo(printable(deal_text(deal)))
        if match is not None:
            click.echo(printable(sipri_text(match)))


@click.command("dyad")
@click.argument("supplier", callback=party_value)
@click.argument("recipient", callback=party_value)
@db_option
@click.option("--year", type=int, help="Also say whether an embargo was in force in this year.")
@format_option(extra=("text",), help="table (or text): for reading; json/jsonl: one object (embargo periods, "
               "deals, events); csv: the events.")
def dyad_cmd(supplier: str, recipient: str, db: str | None, year: int | None, fmt: str) -> None:
    """Show everything between SUPPLIER and RECIPIENT: embargo periods, deals, events."""
    from armswatch.link import dyad_timeline
    from armswatch.link.embargo import in_force

    with open_for_reading(db) as store:
        timeline = dyad_timeline(store, supplier.upper(), recipient.upper())
    fmt = fmt.lower()
    if fmt == "csv":
        emit(lambda: [dict(id=eid, **e.to_contract()) for eid, e in timeline.events], fmt, str)
        return
    if fmt in ("json", "jsonl"):
        obj: dict[str, Any] = {
            "supplier": timeline.supplier,
            "recipient": timeline.recipient,
            "embargo_periods": [
                {"since": p.since, "until": p.until, "imposed_event_id": p.imposed_event_id,
                 "lifted_event_id": p.lifted_event_id}
                for p in timeline.embargo_periods
            ],
            "deals": [_deal_json(d) for d in timeline.deals],
            "events": [dict(id=eid, **e.to_contract()) for eid, e in timeline.events],
        }
        if year is not None:
            obj["embargo_in_force"] = {"year": year, "in_force": in_force(timeline.embargo_periods, year)}
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2 if fmt == "json" else None, default=str))
        return
    click.echo(printable(dyad_text(timeline)))
    if year is not None:
        state = "in force" if in_force(timeline.embargo_periods, year) else "not in force (as far as reported)"
        click.echo(f"\nembargo in {year}: {state}")


@click.command("reconcile")
@click.argument("register", type=click.Path(exists=True, dir_okay=False), required=False)
@db_option
@click.option("--scope", type=click.Choice(["news", "all"]), default="news", show_default=True,
              help="news: only register orders of the news dyads, within their years ± --margin; all: every order.")
@click.option("--margin", type=click.IntRange(0, 200), default=5, show_default=True,
              help="Years either side of a dyad's news years that stay in scope.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "text"]), default="table",
              show_default=True, help="text is the same as table.")
def reconcile_cmd(register: str | None, db: str | None, scope: str, margin: int, fmt: str) -> None:
    """Compare deals with a SIPRI trade-register export (default: the register imported with `sipri import`).

    Prints matched deals (with the register orders each matches and what
    differs), deals only in the news, orders only in SIPRI, and a summary line
    (on standard error for jsonl and csv).
    """
    from armswatch.sipri import NoRegister, RegisterError, reconcile, render

    with open_db(db) as store:
        try:
            report = reconcile(store, register, scope=scope, margin=margin)
        except (RegisterError, NoRegister) as exc:
            raise click.ClickException(str(exc)) from exc
    fmt = "table" if fmt == "text" else fmt
    text = render(report, fmt)
    if text:
        click.echo(printable(text) if fmt == "table" else text)
    if fmt in ("jsonl", "csv"):
        click.echo(report.summary(), err=True)


COMMANDS = (link_cmd, deals_cmd, deal_cmd, dyad_cmd, reconcile_cmd)

__all__ = ["COMMANDS", "deal_text", "deals_table", "differs_text", "dyad_text", "sipri_text"]
