"""Matching news deals to register orders, and what differs between the two.

The register often spreads one transfer over several orders ("70 Mi-17
delivered 1996-2010" is five orders of 4 to 12), so a deal matches a *group*
of orders of its dyad and weapon family:

1. Every deal is paired with each order of the same supplier and recipient
   whose designation names the same weapon (the same designation or a variant
   of it scores 3, the same catalog family 2) or, for a deal known only by its
   category, whose description names that category (1); and whose year of
   order (else first delivery) is within ``YEAR_GAP`` of the deal's order
   year, or whose delivery years overlap the deal's. A pair scores
   ``10 * name - year gap``, plus a half point when the quantities agree. A
   deal without any year is placed at its latest report: orders after it are
   not candidates, the most recent before it fit best.
2. Best pairs first, each deal takes one order and each order goes to one
   deal.
3. Then a deal reported over a span of delivery years takes the other
   unclaimed orders of its family delivered within that span; a deal at one
   year takes the other unclaimed orders of its family ordered that same year
   when they bring the summed quantity closer to the news (or the news gives
   none).

Quantities of a group are summed, its years shown as a range; the report
names every order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from armswatch.link.rules import YEAR_GAP, catalog_families, is_variant_of, norm_designation
from armswatch.model import Deal, EventType, ReferenceDeal
from armswatch.sipri.news import NewsFigures, anchor_year, asserted, is_recorded, news_figures
from armswatch.sipri.register import description_category, span_text

#: Fields compared between news and register.
FIELDS = ("number ordered", "year of order", "number delivered", "years of delivery", "status")


@dataclass(slots=True)
class Match:
    """A deal and the register orders it matched (best first)."""

    deal: Deal
    rows: list[ReferenceDeal]
    figures: NewsFigures
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def how(self) -> str:
        """``one order`` or ``3 orders (1995-2003)``: how the deal was matched."""
        if len(self.rows) == 1:
            return "one order"
        years = [r.order_year for r in self.rows if r.order_year is not None]
        return f"{len(self.rows)} orders" + (f" ({span_text(years)})" if years else "")


# -- names -------------------------------------------------------------------------------------


def family_names(family: str) -> set[str]:
    """``Mi-24/35`` -> {mi24/35, mi24, mi35}."""
    names = {norm_designation(family)}
    parts = family.split("/")
    prefix = re.match(r"[^\d]*", parts[0]).group(0)  # type: ignore[union-attr]
    for n, part in enumerate(parts):
        names.add(norm_designation(part if n == 0 or not part[:1].isdigit() else prefix + part))
    return {n for n in names if n}


@lru_cache(maxsize=4096)
def register_names(designation: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the designation's own keys, its catalog family's keys) for a register designation."""
    own = {norm_designation(designation)} if designation else set()
    # "Sea King/Commando", "HQ-9/P": each part names the system too.
    own |= {norm_designation(p) for p in designation.split("/") if len(p) > 1}
    family = catalog_families().get(norm_designation(designation)) if designation else None
    if family is None:
        for key in sorted(own, key=len, reverse=True):
            family = catalog_families().get(key)
            if family:
                break
    return frozenset(n for n in own if n), frozenset(family_names(family)) if family else frozenset()


def deal_names(deal: Deal) -> tuple[set[str], set[str]]:
    """(the deal's designations, its family's keys), normalised."""
    own = {norm_designation(c.weapon) for c in deal.claims if c.weapon}
    family = family_names(deal.weapon_family) if deal.weapon_family else set()
    return {n for n in own if n}, family


def _names_meet(ours: set[str] | frozenset[str], theirs: set[str] | frozenset[str]) -> bool:
    return any(a == b or is_variant_of(a, b) or is_variant_of(b, a) for a in ours for b in theirs)


def name_score(deal: Deal, row: ReferenceDeal, names: tuple[set[str], set[str]] | None = None) -> int:
    """3 same designation (or a variant), 2 same family, 1 same category (deal without a family), else 0."""
    own, family = names or deal_names(deal)
    their_own, their_family = register_names(row.designation)
    if _names_meet(own, their_own):
        return 3
    if family and (_names_meet(family, their_own) or _names_meet(family, their_family)):
        return 2
    if deal.weapon_family is None and deal.category and description_category(row.description) == deal.category:
        return 1
    return 0


# -- pairs -------------------------------------------------------------------------------------


def _row_year(row: ReferenceDeal) -> int | None:
    return row.order_year if row.order_year is not None else (row.delivery_years[0] if row.delivery_years else None)


def _quantities_agree(figures: NewsFigures, row: ReferenceDeal) -> bool:
    return (figures.ordered is not None and figures.ordered == row.ordered) or (
        figures.delivered is not None and figures.delivered == row.delivered
    )


def pair_score(deal: Deal, row: ReferenceDeal, figures: NewsFigures, names=None) -> float | None:
    """How well one order fits a deal (higher is better), or None when it cannot be it."""
    if deal.supplier is None or deal.recipient is None:
        return None  # a null code (unknown, or a name not in the table) never matches another
    if deal.supplier != row.supplier or deal.recipient != row.recipient:
        return None
    score = name_score(deal, row, names)
    if not score:
        return None
    bonus = 0.5 if _quantities_agree(figures, row) else 0.0
    ours, theirs = anchor_year(deal), _row_year(row)
    if ours is None and theirs is not None:
        reported = max((c.published.year for c in deal.claims if c.published is not None), default=None)
        if reported is not None:
            # An undated deal: an order placed after the report cannot be what it reports;
            # of the earlier ones, the most recent fits best.
            if theirs > reported:
                return None
            return score * 10 - min(abs(reported - theirs), YEAR_GAP + 1) - 0.25 + bonus
    if ours is None or theirs is None:
        return score * 10 - (YEAR_GAP + 1) + bonus
    gap = abs(ours - theirs)
    if gap > YEAR_GAP:
        if not set(figures.delivery_years) & set(row.delivery_years):
            return None
        gap = YEAR_GAP
    return score * 10 - gap + bonus


def _ranged(deal: Deal) -> bool:
    return any(c.year_end is not None and c.year is not None and c.year_end > c.year
               for c in asserted(deal, EventType.DELIVERY))


def _extend(match: Match, pool: list[ReferenceDeal], taken: set[int], names) -> None:
    """Add the other unclaimed orders of the group (step 3 of the module docstring)."""
    deal, figures, first = match.deal, match.figures, match.rows[0]
    candidates = [r for r in pool if id(r) not in taken and name_score(deal, r, names) >= 2]
    if _ranged(deal):
        span = set(figures.delivery_years)
        for row in candidates:
            years = set(row.delivery_years) or ({row.order_year} if row.order_year is not None else set())
            if years & span:
                match.rows.append(row)
                taken.add(id(row))
        return
    if first.order_year is None:
        return
    target = figures.ordered if figures.ordered is not None else figures.delivered
    for row in candidates:
        if row.order_year != first.order_year:
            continue
        if target is not None:
            have = sum(r.ordered or 0 for r in match.rows)
            if abs(target - (have + (row.ordered or 0))) >= abs(target - have):
                continue
        match.rows.append(row)
        taken.add(id(row))


def match_deals(deals: list[Deal], rows: list[ReferenceDeal]) -> tuple[list[Match], list[Deal], list[ReferenceDeal]]:
    """(matches, recorded deals without an order, orders without a deal).

    Deals that never reached an order or a delivery are left out (the
    register lists nothing else); the caller counts them.
    """
    recorded = sorted((d for d in deals if is_recorded(d)), key=lambda d: d.deal_key)
    by_dyad: dict[tuple[str | None, str | None], list[ReferenceDeal]] = defaultdict(list)
    for row in rows:
        by_dyad[(row.supplier, row.recipient)].append(row)
    figures = {id(d): news_figures(d) for d in recorded}
    names = {id(d): deal_names(d) for d in recorded}
    pairs = []
    for n, deal in enumerate(recorded):
        for row in by_dyad.get((deal.supplier, deal.recipient), ()):
            score = pair_score(deal, row, figures[id(deal)], names[id(deal)])
            if score is not None:
                pairs.append((-score, n, row.line, id(row), row))
    pairs.sort(key=lambda p: p[:3])
    taken: set[int] = set()
    chosen: dict[int, Match] = {}
    for _, n, _, key, row in pairs:
        if n in chosen or key in taken:
            continue
        deal = recorded[n]
        chosen[n] = Match(deal=deal, rows=[row], figures=figures[id(deal)])
        taken.add(key)
    for n in sorted(chosen, key=lambda n: pairs_rank(chosen[n])):
        match = chosen[n]
        pool = sorted(by_dyad[(match.deal.supplier, match.deal.recipient)], key=lambda r: r.line)
        _extend(match, pool, taken, names[id(match.deal)])
    matches = [chosen[n] for n in sorted(chosen)]
    for match in matches:
        match.rows.sort(key=lambda r: (r.order_year if r.order_year is not None else 9999, r.line))
        match.differences = differences(match.figures, match.rows)
    only_news = [d for n, d in enumerate(recorded) if n not in chosen]
    only_sipri = [r for r in rows if id(r) not in taken]
    return matches, only_news, only_sipri


def pairs_rank(match: Match) -> tuple:
    """Deals reported over a span extend first: they are what groups exist for."""
    return (not _ranged(match.deal), match.deal.deal_key)


# -- differences -------------------------------------------------------------------------------


def register_stage(rows: list[ReferenceDeal]) -> str:
    """``delivered`` when the orders record any delivery (a count, a year or an uncertain one), else ``agreed``."""
    if any((r.delivered or 0) > 0 or r.delivery_years or r.delivered_uncertain for r in rows):
        return "delivered"
    return "agreed"


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def differences(figures: NewsFigures, rows: list[ReferenceDeal]) -> dict[str, dict[str, Any]]:
    """Field -> ``{"news": ..., "sipri": ..., "sipri_uncertain": bool}`` for each field that disagrees.

    A field one side does not report is not a difference; a figure the news
    sources dispute is one, with every source's figure.
    """
    out: dict[str, dict[str, Any]] = {}
    comments = {c.split(":", 1)[0]: c.split(": ", 1)[1] for c in figures.comments if ": " in c}

    def put(name: str, news: Any, sipri: Any, uncertain: bool) -> None:
        out[name] = {"news": news, "sipri": sipri, "sipri_uncertain": uncertain}

    def compare(name: str, ours: Any, theirs: Any, uncertain: bool) -> None:
        disputed = comments.get(f"{name} disputed")
        if disputed is not None and theirs is not None:
            put(name, disputed, theirs, uncertain)
        elif ours is not None and theirs is not None and ours != theirs:
            put(name, ours, theirs, uncertain)

    compare("number ordered", figures.ordered, _sum([r.ordered for r in rows]), any(r.ordered_uncertain for r in rows))
    order_years = sorted({r.order_year for r in rows if r.order_year is not None})
    uncertain_year = any(r.order_year_uncertain for r in rows)
    disputed_year = comments.get("year of order disputed")
    if disputed_year is not None and order_years:
        put("year of order", disputed_year, span_text(order_years), uncertain_year)
    elif figures.order_year is not None and order_years:
        if len(order_years) == 1 and figures.order_year != order_years[0]:
            put("year of order", figures.order_year, order_years[0], uncertain_year)
        elif len(order_years) > 1 and not order_years[0] <= figures.order_year <= order_years[-1]:
            put("year of order", figures.order_year, span_text(order_years), uncertain_year)
    compare("number delivered", figures.delivered, _sum([r.delivered for r in rows]),
            any(r.delivered_uncertain for r in rows))
    theirs = sorted({y for r in rows for y in r.delivery_years})
    ours = figures.delivery_years
    if ours and theirs and (min(ours), max(ours)) != (min(theirs), max(theirs)):
        put("years of delivery", span_text(ours), span_text(theirs) + (f" ({'; '.join(map(str, theirs))})"
            if len(theirs) > 2 else ""), False)
    if figures.stage in ("agreed", "delivered") and figures.stage != register_stage(rows):
        put("status", figures.stage, register_stage(rows), False)
    return out


__all__ = [
    "FIELDS",
    "Match",
    "deal_names",
    "differences",
    "family_names",
    "match_deals",
    "name_score",
    "pair_score",
    "register_names",
    "register_stage",
]
