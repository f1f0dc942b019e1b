"""What the news says about a deal, in the register's terms (figures for export and matching).

Only asserted claims count (a planned delivery is not a delivery). A figure
that sources dispute is left empty and explained in ``comments``: nothing is
picked silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from armswatch.model import Claim, Deal, EventType, Modality

#: Deals SIPRI would record: an order or a delivery is asserted.
RECORDED = (EventType.AGREEMENT, EventType.DELIVERY)

#: Quantity qualifiers that make a figure an estimate (the register's "?").
ESTIMATES = ("about", "at-least", "at-most")


def asserted(deal: Deal, stage: EventType) -> list[Claim]:
    """The deal's asserted claims of one stage, oldest first."""
    return [c for c in deal.claims if c.type == stage and c.modality == Modality.ASSERTED]


def is_recorded(deal: Deal) -> bool:
    """Whether the deal reached an order or a delivery (what the register lists)."""
    return any(asserted(deal, stage) for stage in RECORDED)


def news_stage(deal: Deal) -> str:
    """``delivered`` when a delivery is asserted, ``agreed`` when an order is, else the deal's status."""
    if asserted(deal, EventType.DELIVERY):
        return "delivered"
    if asserted(deal, EventType.AGREEMENT):
        return "agreed"
    return deal.status


def cite(claim: Claim) -> str:
    """``doc_id <url>``: where a claim comes from."""
    return claim.doc_id + (f" <{claim.source}>" if claim.source and claim.source != claim.doc_id else "")


def delivery_years(claims: list[Claim]) -> list[int]:
    """Every year the claims' delivery spans cover (``1996 to 2010`` gives 15 years)."""
    years: set[int] = set()
    for c in claims:
        if c.year is not None:
            end = c.year_end if c.year_end is not None and c.year_end >= c.year else c.year
            years.update(range(c.year, end + 1))
    return sorted(years)


@dataclass(slots=True)
class NewsFigures:
    """A deal's figures in register terms; ``None`` = not reported (or disputed, see ``comments``)."""

    designation: str
    ordered: int | None = None
    ordered_estimate: bool = False
    order_year: int | None = None
    delivered: int | None = None
    delivered_estimate: bool = False
    delivery_reported: bool = False
    delivery_years: list[int] = field(default_factory=list)
    stage: str = ""
    comments: list[str] = field(default_factory=list)
    disputed: set[str] = field(default_factory=set)


def _disputed(deal: Deal, stage: EventType, field_name: str) -> bool:
    return any(c.stage == stage.value and c.field == field_name for c in deal.conflicts)


def _figure(claim: Claim) -> str:
    return f"({claim.quantity})" if claim.quantity_qualifier in ESTIMATES else str(claim.quantity)


def designation_of(deal: Deal) -> str:
    """The designation most claims use (the first one on a tie), else the weapon family."""
    weapons = Counter(c.weapon for c in deal.claims if c.weapon)
    if not weapons:
        return deal.weapon_family or ""
    order = [c.weapon for c in deal.claims]
    return min(weapons, key=lambda w: (-weapons[w], order.index(w)))


def news_figures(deal: Deal) -> NewsFigures:
    """A deal's register figures, leaving disputed ones empty and explained in ``comments``."""
    figures = NewsFigures(designation=designation_of(deal), stage=news_stage(deal))
    agreements = asserted(deal, EventType.AGREEMENT)
    deliveries = asserted(deal, EventType.DELIVERY)

    counted = [c for c in agreements if c.quantity is not None]
    if counted and _disputed(deal, EventType.AGREEMENT, "quantity"):
        figures.disputed.add("number ordered")
        figures.comments.append("number ordered disputed: " + "; ".join(f"{_figure(c)} ({cite(c)})" for c in counted))
    elif counted:
        exact = [c for c in counted if c.quantity_qualifier not in ESTIMATES]
        chosen = (exact or counted)[0]
        figures.ordered, figures.ordered_estimate = chosen.quantity, chosen.quantity_qualifier in ESTIMATES

    dated = [c for c in agreements if c.year is not None]
    if dated and _disputed(deal, EventType.AGREEMENT, "year"):
        figures.disputed.add("year of order")
        figures.comments.append("year of order disputed: " + "; ".join(f"{c.year} ({cite(c)})" for c in dated))
    elif dated:
        figures.order_year = dated[0].year

    figures.delivery_reported = bool(deliveries)
    counted = [c for c in deliveries if c.quantity is not None]
    if counted and _disputed(deal, EventType.DELIVERY, "quantity"):
        figures.disputed.add("number delivered")
        figures.comments.append(
            "number delivered disputed: " + "; ".join(f"{_figure(c)} ({cite(c)})" for c in counted)
        )
    elif counted:
        # Reports of deliveries are usually cumulative: the largest figure.
        chosen = max(counted, key=lambda c: c.quantity or 0)
        figures.delivered, figures.delivered_estimate = chosen.quantity, chosen.quantity_qualifier in ESTIMATES
    figures.delivery_years = delivery_years(deliveries)

    for conflict in deal.conflicts:
        if conflict.field in ("modality", "value") or (
            conflict.field in ("quantity", "year") and conflict.stage not in ("AGREEMENT", "DELIVERY")
        ):
            figures.comments.append(
                f"{conflict.stage} {conflict.field} disputed: "
                + "; ".join(f"{value} ({doc})" for doc, value in conflict.claims)
            )
    return figures


def anchor_year(deal: Deal) -> int | None:
    """The year a deal is placed at for matching: its first asserted order, else its first year."""
    years = [c.year for c in asserted(deal, EventType.AGREEMENT) if c.year is not None]
    return min(years) if years else deal.first_year


__all__ = [
    "ESTIMATES",
    "RECORDED",
    "NewsFigures",
    "anchor_year",
    "asserted",
    "cite",
    "delivery_years",
    "designation_of",
    "is_recorded",
    "news_figures",
    "news_stage",
]
