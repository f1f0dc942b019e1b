"""Reference deals: a SIPRI register stored beside the news, and the news deals that report its orders.

    summary = import_register(store, "trade-register.csv")   # re-import replaces; the same file changes nothing
    link_reference(store)                                    # (import and `armswatch link` do this)
    orders_of_deal(store, deal_id)                           # the register lines a deal reports
    not_in_sipri(store)                                      # ordered/delivered news deals with no order
    differing(store)                                         # deals whose news and register disagree

One register is stored at a time, versioned by its "Data generated" line.
Attachments are recomputed from all deals and orders whenever deals or the
register change, so they never depend on the order things were done in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, insert, select, text

from armswatch.link import list_deals
from armswatch.link.deals import LINK_LOCK_KEY
from armswatch.link.queries import read_session
from armswatch.model import Deal, ReferenceDeal, Skipped
from armswatch.sipri.match import Match, differences, match_deals
from armswatch.sipri.news import is_recorded, news_figures
from armswatch.sipri.register import RegisterFile, decode, format_years, parse_register, parse_years
from armswatch.store import Store
from armswatch.store.schema import DealRow
from armswatch.store.sipri_tables import SipriDealOrderRow, SipriOrderRow, SipriRegisterRow

#: Rows inserted per statement (keeps PostgreSQL and SQLite parameter lists small).
BATCH = 2000


class NoRegister(LookupError):
    """No SIPRI register has been imported into this store."""

    def __init__(self) -> None:
        super().__init__("no SIPRI register imported into this database: run `armswatch sipri import REGISTER.csv`")


@dataclass(slots=True)
class RegisterInfo:
    """The register stored: its version, where it came from, how many orders."""

    version: str
    source: str
    encoding: str
    n_rows: int
    imported_at: str
    content_hash: str


@dataclass(slots=True)
class ImportSummary:
    """What ``import_register`` did; ``unchanged`` when the same file was already stored."""

    version: str
    rows: int
    unchanged: bool = False
    replaced: str | None = None
    problems: list[Skipped] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)
    linked_deals: int = 0


# -- rows <-> records --------------------------------------------------------------------------


def _order_values(register_id: int, row: ReferenceDeal) -> dict:
    return {
        "register_id": register_id, "line": row.line, "supplier_name": row.supplier_name,
        "recipient_name": row.recipient_name, "supplier": row.supplier, "recipient": row.recipient,
        "designation": row.designation, "description": row.description, "order_year": row.order_year,
        "order_year_uncertain": row.order_year_uncertain, "ordered": row.ordered,
        "ordered_uncertain": row.ordered_uncertain, "delivered": row.delivered,
        "delivered_uncertain": row.delivered_uncertain, "delivery_years": format_years(row.delivery_years),
        "status": row.status, "comments": row.comments, "tiv_unit": row.tiv_unit, "tiv_total": row.tiv_total,
        "tiv_delivered": row.tiv_delivered,
    }


def order_from_row(row) -> ReferenceDeal:
    """The record of one stored order (an ORM row or a Core row of ``sipri_orders``)."""
    return ReferenceDeal(
        id=row.id, line=row.line, supplier_name=row.supplier_name, recipient_name=row.recipient_name,
        supplier=row.supplier, recipient=row.recipient, designation=row.designation,
        description=row.description, order_year=row.order_year, order_year_uncertain=row.order_year_uncertain,
        ordered=row.ordered, ordered_uncertain=row.ordered_uncertain, delivered=row.delivered,
        delivered_uncertain=row.delivered_uncertain, delivery_years=parse_years(row.delivery_years),
        status=row.status, comments=row.comments, tiv_unit=row.tiv_unit, tiv_total=row.tiv_total,
        tiv_delivered=row.tiv_delivered,
    )


def _lock(session) -> None:
    """One writer of deals and their register links at a time (the linker's lock on PostgreSQL;
    SQLite's write transaction already ensures it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LINK_LOCK_KEY})


# -- import ------------------------------------------------------------------------------------


def _problems(register: RegisterFile) -> list[Skipped]:
    return [Skipped(source=register.path, record=str(p.line), reason=p.reason) for p in register.problems]


def import_register(store: Store, path: str | Path, *, link: bool = True) -> ImportSummary:
    """Store a register export as reference deals, replacing the register stored before.

    Importing the very same file again changes nothing. Rows that cannot be
    read are recorded as skips and reported in ``problems``; the others are
    stored. Raises ``RegisterError`` for a file that is no register at all.
    """
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data)
    register = parse_register(text, path=str(path), encoding=encoding)
    version = register.version or f"undated export sha256:{digest[:12]}"
    summary = ImportSummary(version=version, rows=len(register.rows), problems=_problems(register),
                            unmapped=dict(register.unmapped))
    for problem in summary.problems:
        store.record_skip(problem)
    with store.session() as session:
        _lock(session)
        current = session.scalars(select(SipriRegisterRow)).all()
        if len(current) == 1 and current[0].content_hash == digest:
            summary.unchanged = True
        else:
            summary.replaced = current[0].version if current else None
            # Links and orders go with their register (ON DELETE CASCADE).
            session.execute(delete(SipriDealOrderRow))
            session.execute(delete(SipriOrderRow))
            session.execute(delete(SipriRegisterRow))
            stored = SipriRegisterRow(version=version, source=Path(path).name, encoding=encoding,
                                      notes="\n".join(register.notes), n_rows=len(register.rows),
                                      content_hash=digest)
            session.add(stored)
            session.flush()
            values = [_order_values(stored.id, row) for row in register.rows]
            # Core executemany, not the ORM's bulk path: ~3x faster for a full register.
            connection = session.connection()
            for start in range(0, len(values), BATCH):
                connection.execute(SipriOrderRow.__table__.insert(), values[start:start + BATCH])
    if link and not summary.unchanged:
        summary.linked_deals = link_reference(store)
    elif link:
        summary.linked_deals = len(linked_deal_ids(store))
    return summary


def register_info(store: Store) -> RegisterInfo | None:
    """The register stored, or None."""
    with read_session(store) as session:
        row = session.scalars(select(SipriRegisterRow)).first()
        if row is None:
            return None
        return RegisterInfo(version=row.version, source=row.source, encoding=row.encoding, n_rows=row.n_rows,
                            imported_at=row.imported_at.isoformat(), content_hash=row.content_hash)


def stored_orders(store: Store, dyads: Iterable[tuple[str | None, str | None]] | None = None) -> list[ReferenceDeal]:
    """The stored orders (of the given supplier-recipient dyads only, when given), in register order."""
    wanted = set(dyads) if dyads is not None else None
    table = SipriOrderRow.__table__
    # Core rows, not ORM objects: a full register is ~30,000 of them.
    statement = select(table).order_by(table.c.line, table.c.id)
    if wanted is not None:
        suppliers = {s for s, _ in wanted if s is not None}
        recipients = {r for _, r in wanted if r is not None}
        if not suppliers or not recipients:
            return []
        statement = statement.where(table.c.supplier.in_(sorted(suppliers)),
                                    table.c.recipient.in_(sorted(recipients)))
    with read_session(store) as session:
        out = [order_from_row(r) for r in session.execute(statement)]
    return out if wanted is None else [r for r in out if (r.supplier, r.recipient) in wanted]


# -- links -------------------------------------------------------------------------------------


def link_reference(store: Store) -> int:
    """Attach every news deal to the register orders it reports; the number of deals attached.

    Recomputed from all deals and the orders of their dyads each time (a
    rerun writes the same links); without a register it only clears links.
    """
    deals = list_deals(store, limit=None)
    orders = stored_orders(store, {(d.supplier, d.recipient) for d in deals}) if deals else []
    matches = match_deals(deals, orders)[0] if orders else []
    links = {(m.deal.id, r.id) for m in matches for r in m.rows if m.deal.id is not None and r.id is not None}
    with store.session() as session:
        _lock(session)
        # Deals or orders may have gone since they were read: keep links to what still exists.
        deal_ids = set(session.scalars(select(DealRow.id)))
        order_ids = set(session.scalars(select(SipriOrderRow.id)))
        links = {(d, o) for d, o in links if d in deal_ids and o in order_ids}
        existing = set(session.execute(select(SipriDealOrderRow.deal_id, SipriDealOrderRow.order_id)).tuples())
        for deal_id, order_id in existing - links:
            session.execute(delete(SipriDealOrderRow).where(SipriDealOrderRow.deal_id == deal_id,
                                                            SipriDealOrderRow.order_id == order_id))
        new = [{"deal_id": d, "order_id": o} for d, o in sorted(links - existing)]
        for start in range(0, len(new), BATCH):
            session.execute(insert(SipriDealOrderRow), new[start:start + BATCH])
    return len({d for d, _ in links})


def refresh_links(store: Store) -> int:
    """``link_reference`` when a register is stored (after deals changed); else nothing to do."""
    return link_reference(store) if register_info(store) is not None else 0


def linked_deal_ids(store: Store) -> set[int]:
    """Ids of the deals attached to at least one order."""
    with read_session(store) as session:
        return set(session.scalars(select(SipriDealOrderRow.deal_id).distinct()))


def orders_by_deal(store: Store, deal_ids: Iterable[int] | None = None) -> dict[int, list[ReferenceDeal]]:
    """Deal id -> the orders it reports (ordered by year of order, then line)."""
    with read_session(store) as session:
        statement = select(SipriDealOrderRow.deal_id, SipriOrderRow).join(
            SipriOrderRow, SipriOrderRow.id == SipriDealOrderRow.order_id)
        if deal_ids is not None:
            statement = statement.where(SipriDealOrderRow.deal_id.in_(list(deal_ids)))
        out: dict[int, list[ReferenceDeal]] = defaultdict(list)
        for deal_id, row in session.execute(statement).tuples():
            out[deal_id].append(order_from_row(row))
    for rows in out.values():
        rows.sort(key=lambda r: (r.order_year if r.order_year is not None else 9999, r.line))
    return dict(out)


def orders_of_deal(store: Store, deal_id: int) -> list[ReferenceDeal]:
    """The register orders one deal reports (empty when none, or no register)."""
    return orders_by_deal(store, [deal_id]).get(deal_id, [])


def match_of(deal: Deal, rows: list[ReferenceDeal]) -> Match:
    """A deal and its attached orders, with what differs."""
    figures = news_figures(deal)
    return Match(deal=deal, rows=rows, figures=figures, differences=differences(figures, rows))


def _require_register(store: Store) -> None:
    with read_session(store) as session:
        if not session.scalar(select(func.count()).select_from(SipriRegisterRow)):
            raise NoRegister()


def not_in_sipri(store: Store, **filters) -> list[Deal]:
    """Deals that reached an order or a delivery in the news and report no register order.

    ``filters`` are those of ``list_deals`` (party, supplier, status ...).
    Raises ``NoRegister`` when no register was imported.
    """
    _require_register(store)
    linked = linked_deal_ids(store)
    return [d for d in list_deals(store, limit=None, **filters) if is_recorded(d) and d.id not in linked]


def differing(store: Store, **filters) -> list[Match]:
    """Deals attached to register orders that disagree with them on quantity, years or status."""
    _require_register(store)
    linked = orders_by_deal(store)
    deals = [d for d in list_deals(store, limit=None, **filters) if d.id in linked]
    matches = [match_of(d, linked[d.id]) for d in deals if d.id is not None]
    return [m for m in matches if m.differences]


__all__ = [
    "BATCH",
    "ImportSummary",
    "NoRegister",
    "RegisterInfo",
    "differing",
    "import_register",
    "link_reference",
    "linked_deal_ids",
    "match_of",
    "not_in_sipri",
    "order_from_row",
    "orders_by_deal",
    "orders_of_deal",
    "refresh_links",
    "register_info",
    "stored_orders",
]
