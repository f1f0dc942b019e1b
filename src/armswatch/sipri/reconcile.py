"""Reconciling the news store with a SIPRI register: matched, only in news, only in SIPRI, differing.

By default the comparison is *scoped* to what the news covers: only register
orders whose supplier and recipient form a dyad of the store's deals, and
whose year of order or a year of delivery lies within that dyad's news years
plus or minus ``margin`` (a dyad whose deals carry no year at all takes all
its orders). ``scope="all"`` compares every order of the register.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from armswatch.model import Deal, ReferenceDeal
from armswatch.sipri.match import FIELDS, Match, match_deals
from armswatch.sipri.news import designation_of, is_recorded
from armswatch.sipri.register import RegisterFile, span_text
from armswatch.sipri.safe import terminal_safe

#: Years either side of a dyad's news years that stay in scope.
DEFAULT_MARGIN = 5

FORMATS = ("table", "json", "jsonl", "csv")


# -- scope -------------------------------------------------------------------------------------


def news_windows(deals: list[Deal], margin: int) -> dict[tuple[str | None, str | None], tuple[int, int] | None]:
    """Dyad -> (first, last) year in scope, or None for a dyad whose news gives no year."""
    years: dict[tuple[str | None, str | None], list[int]] = {}
    for deal in deals:
        found = years.setdefault((deal.supplier, deal.recipient), [])
        found += [y for y in (deal.first_year, deal.last_year) if y is not None]
        for claim in deal.claims:
            found += [y for y in (claim.year, claim.year_end) if y is not None]
            if claim.year is None and claim.published is not None:
                found.append(claim.published.year)
    return {dyad: (min(ys) - margin, max(ys) + margin) if ys else None for dyad, ys in years.items()}


def in_scope(row: ReferenceDeal, window: tuple[int, int] | None) -> bool:
    """Whether an order of a news dyad falls within its window (an order without years always does)."""
    if window is None:
        return True
    years = [*([row.order_year] if row.order_year is not None else []), *row.delivery_years]
    return not years or any(window[0] <= y <= window[1] for y in years)


def scope_rows(rows: list[ReferenceDeal], deals: list[Deal], *, scope: str = "news",
               margin: int = DEFAULT_MARGIN) -> list[ReferenceDeal]:
    """The register orders the comparison looks at (see the module docstring)."""
    if scope == "all":
        return list(rows)
    if scope != "news":
        raise ValueError(f"unknown scope {scope!r} (news or all)")
    windows = news_windows(deals, margin)
    return [r for r in rows if (r.supplier, r.recipient) in windows and in_scope(r, windows[(r.supplier, r.recipient)])]


# -- report ------------------------------------------------------------------------------------


def order_summary(row: ReferenceDeal) -> dict[str, Any]:
    """One register order as a report shows it."""
    return {
        "line": row.line,
        "label": row.label,
        "designation": row.designation,
        "description": row.description,
        "order_year": row.order_year,
        "order_year_uncertain": row.order_year_uncertain,
        "ordered": row.ordered,
        "ordered_uncertain": row.ordered_uncertain,
        "delivered": row.delivered,
        "delivered_uncertain": row.delivered_uncertain,
        "delivery_years": list(row.delivery_years),
        "status": row.status,
        "comments": row.comments,
    }


@dataclass(slots=True)
class ReconcileEntry:
    """One matched deal (with its orders), one deal only in news, or one order only in SIPRI."""

    outcome: str  # "matched" | "only_news" | "only_sipri"
    supplier: str | None
    recipient: str | None
    deal_id: int | None = None
    deal_key: str | None = None
    designation: str | None = None
    how: str | None = None
    orders: list[dict[str, Any]] = field(default_factory=list)
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def sipri_lines(self) -> list[int]:
        return [o["line"] for o in self.orders]

    @property
    def sipri_line(self) -> int | None:
        return self.orders[0]["line"] if self.orders else None

    @property
    def sipri_designation(self) -> str | None:
        return self.orders[0]["designation"] if self.orders else None


@dataclass(slots=True)
class ReconcileReport:
    """The outcome of a reconciliation.

    ``unrecorded_deals``: keys of deals that never reached an order or a
    delivery (requests, offers, rejections), which the register does not
    list. ``unmapped``: register party names without a code (reported,
    never guessed). ``in_scope`` / ``register_rows``: orders compared / read.
    """

    entries: list[ReconcileEntry] = field(default_factory=list)
    unrecorded_deals: list[str] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)
    scope: str = "news"
    margin: int = DEFAULT_MARGIN
    register_rows: int = 0
    in_scope: int = 0
    version: str | None = None

    def of(self, outcome: str) -> list[ReconcileEntry]:
        return [e for e in self.entries if e.outcome == outcome]

    @property
    def matched(self) -> list[ReconcileEntry]:
        return self.of("matched")

    @property
    def only_news(self) -> list[ReconcileEntry]:
        return self.of("only_news")

    @property
    def only_sipri(self) -> list[ReconcileEntry]:
        return self.of("only_sipri")

    @property
    def unresolved(self) -> list[str]:
        return list(self.unmapped)

    def differing(self) -> dict[str, int]:
        """Field -> number of matched deals that differ on it."""
        counts = Counter(name for e in self.matched for name in e.differences)
        return {name: counts[name] for name in FIELDS if counts[name]}

    def counts(self) -> dict[str, Any]:
        return {
            "matched": len(self.matched),
            "only_news": len(self.only_news),
            "only_sipri": len(self.only_sipri),
            "with_differences": sum(1 for e in self.matched if e.differences),
            "differing": self.differing(),
            "unrecorded_deals": len(self.unrecorded_deals),
            "register_rows": self.register_rows,
            "in_scope": self.in_scope,
        }

    def summary(self) -> str:
        """The one summary line."""
        c = self.counts()
        per_field = ", ".join(f"{name} {n}" for name, n in c["differing"].items())
        where = (f"{c['in_scope']} of {c['register_rows']} register orders in scope (news dyads, years ±{self.margin})"
                 if self.scope == "news" else f"all {c['register_rows']} register orders")
        line = (f"{c['matched']} matched ({c['with_differences']} differing" + (f": {per_field}" if per_field else "")
                + f"), {c['only_news']} only in news, {c['only_sipri']} only in SIPRI; {where}; "
                f"{c['unrecorded_deals']} deals never ordered or delivered left out")
        if self.unmapped:
            line += "; register names without a code: " + ", ".join(self.unmapped)
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "summary": self.summary(),
            "scope": self.scope,
            "margin": self.margin,
            "register_version": self.version,
            "entries": [asdict(e) for e in self.entries],
            "unrecorded_deals": list(self.unrecorded_deals),
            "unmapped": dict(self.unmapped),
        }


def _entry(match: Match) -> ReconcileEntry:
    deal = match.deal
    return ReconcileEntry(
        outcome="matched", supplier=deal.supplier, recipient=deal.recipient, deal_id=deal.id,
        deal_key=deal.deal_key, designation=match.figures.designation, how=match.how,
        orders=[order_summary(r) for r in match.rows], differences=match.differences,
    )


def reconcile_rows(deals: list[Deal], register: RegisterFile | list[ReferenceDeal], *, scope: str = "news",
                   margin: int = DEFAULT_MARGIN) -> ReconcileReport:
    """Compare deals with register orders (a file read, or stored reference deals)."""
    rows = register.rows if isinstance(register, RegisterFile) else list(register)
    chosen = scope_rows(rows, deals, scope=scope, margin=margin)
    matches, only_news, only_sipri = match_deals(deals, chosen)
    report = ReconcileReport(scope=scope, margin=margin, register_rows=len(rows), in_scope=len(chosen))
    if isinstance(register, RegisterFile):
        report.unmapped, report.version = dict(register.unmapped), register.version
    report.unrecorded_deals = sorted(d.deal_key for d in deals if not is_recorded(d))
    report.entries += [_entry(m) for m in matches]
    report.entries += [
        ReconcileEntry(outcome="only_news", supplier=d.supplier, recipient=d.recipient, deal_id=d.id,
                       deal_key=d.deal_key, designation=designation_of(d))
        for d in only_news
    ]
    report.entries += [
        ReconcileEntry(outcome="only_sipri", supplier=r.supplier or r.supplier_name, recipient=r.recipient or r.recipient_name,
                       orders=[order_summary(r)])
        for r in sorted(only_sipri, key=lambda r: (r.supplier or "", r.recipient or "", r.line))
    ]
    return report


# -- rendering ---------------------------------------------------------------------------------


def _value(value: Any, uncertain: bool = False) -> str:
    return ("-" if value is None else str(value)) + ("?" if uncertain else "")


def _order_line(order: dict[str, Any]) -> str:
    years = span_text(order["delivery_years"])
    return (f"line {order['line']}: {order['order_year'] or '-'}{'?' if order['order_year_uncertain'] else ''} "
            f"{order['designation']} ordered {_value(order['ordered'], order['ordered_uncertain'])}, "
            f"delivered {_value(order['delivered'], order['delivered_uncertain'])}"
            + (f" ({years})" if years else "") + (f", {order['status']}" if order["status"] else ""))


def to_table(report: ReconcileReport) -> str:
    """The text report: one block per entry, then the summary line."""
    lines: list[str] = []
    for e in report.entries:
        if e.outcome == "matched":
            lines.append(f"matched     {e.deal_key}  =  {e.how}")
            lines += [f"              {_order_line(o)}" for o in e.orders]
            for name, diff in e.differences.items():
                lines.append(f"              differs on {name}: news {diff['news']} / SIPRI "
                             f"{diff['sipri']}{'?' if diff['sipri_uncertain'] else ''}")
        elif e.outcome == "only_news":
            lines.append(f"only news   {e.deal_key} (deal {e.deal_id})")
        else:
            lines.append(f"only SIPRI  {e.supplier or '?'}>{e.recipient or '?'} {_order_line(e.orders[0])}")
    lines.append(report.summary())
    return terminal_safe("\n".join(lines))


CSV_COLUMNS = ["outcome", "deal_id", "deal_key", "supplier", "recipient", "designation", "how",
               "sipri_lines", "sipri_designations", "differences"]


def _flat(e: ReconcileEntry) -> dict[str, Any]:
    return {
        "outcome": e.outcome, "deal_id": e.deal_id, "deal_key": e.deal_key, "supplier": e.supplier,
        "recipient": e.recipient, "designation": e.designation, "how": e.how,
        "sipri_lines": "; ".join(str(o["line"]) for o in e.orders),
        "sipri_designations": "; ".join(o["designation"] for o in e.orders),
        "differences": "; ".join(f"{k}: news {v['news']} / SIPRI {v['sipri']}" for k, v in e.differences.items()),
    }


def render(report: ReconcileReport, fmt: str) -> str:
    """The report in one of ``FORMATS`` (json holds the summary; jsonl and csv leave it to the caller)."""
    if fmt == "table":
        return to_table(report)
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(asdict(e), ensure_ascii=False, default=str) for e in report.entries)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_flat(e) for e in report.entries)
        return buffer.getvalue().rstrip("\n")
    raise ValueError(f"unknown format {fmt!r}")


__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_MARGIN",
    "FORMATS",
    "ReconcileEntry",
    "ReconcileReport",
    "in_scope",
    "news_windows",
    "order_summary",
    "reconcile_rows",
    "render",
    "scope_rows",
    "to_table",
]
