"""The SIPRI routes of the JSON API: the register stored, news deals not in it or differing, a deal's orders.

| route | what |
|---|---|
| ``/api/sipri`` | the register stored, the ordered/delivered deals with no register order, the deals that differ |
| ``/api/deals/{id}/sipri`` | the register orders one deal reports, and what differs |

Thin routes over ``armswatch.sipri.reference``; the ``/sipri`` page and the
deal page render the same models.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import Field

from armswatch.api import schemas as S
from armswatch.api.routes import MAX_ID, NOT_FOUND, Limit, Offset, StoreDep
from armswatch.model import ReferenceDeal
from armswatch.store import Store

router = APIRouter(prefix="/api")


class SipriOrderOut(S._Out):
    """One register line."""

    line: int = Field(description="Line of the register file.")
    label: str
    supplier: str | None = None
    recipient: str | None = None
    supplier_name: str
    recipient_name: str
    designation: str
    description: str
    order_year: int | None = None
    order_year_uncertain: bool
    ordered: int | None = None
    ordered_uncertain: bool
    delivered: int | None = None
    delivered_uncertain: bool
    delivery_years: list[int]
    status: str = Field(description="New, Second hand, Second hand but modernized.")
    comments: str


class DifferenceOut(S._Out):
    field: str
    news: S.Scalar
    sipri: S.Scalar
    sipri_uncertain: bool


class SipriMatchOut(S._Out):
    """A news deal beside the register orders it reports."""

    deal: S.DealSummary
    how: str
    orders: list[SipriOrderOut]
    differences: list[DifferenceOut]
    evidence: list[S.ClaimOut] = Field([], description="The news claims of the order and the deliveries, with their evidence.")


class RegisterOut(S._Out):
    version: str = Field(description='The export\'s "Data generated" line.')
    source: str
    orders: int
    imported_at: str


class SipriOverviewOut(S._Out):
    imported: RegisterOut | None = Field(None, description="None: no register imported (`armswatch sipri import`).")
    limit: int
    offset: int
    n_not_in_sipri: int
    n_differing: int
    not_in_sipri: list[S.DealSummary]
    differing: list[SipriMatchOut]


class DealSipriOut(S._Out):
    deal_id: int
    register_version: str | None = None
    match: SipriMatchOut | None = Field(None, description="None: the deal reports no register order.")


def from_order(r: ReferenceDeal) -> SipriOrderOut:
    return SipriOrderOut(
        line=r.line, label=r.label, supplier=r.supplier, recipient=r.recipient, supplier_name=r.supplier_name,
        recipient_name=r.recipient_name, designation=r.designation, description=r.description,
        order_year=r.order_year, order_year_uncertain=r.order_year_uncertain, ordered=r.ordered,
        ordered_uncertain=r.ordered_uncertain, delivered=r.delivered, delivered_uncertain=r.delivered_uncertain,
        delivery_years=list(r.delivery_years), status=r.status, comments=r.comments,
    )


def _scalar(value: Any) -> S.Scalar:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def from_match(match) -> SipriMatchOut:
    return SipriMatchOut(
        deal=S.from_deal_summary(match.deal), how=match.how, orders=[from_order(r) for r in match.rows],
        differences=[DifferenceOut(field=k, news=_scalar(v["news"]), sipri=_scalar(v["sipri"]),
                                   sipri_uncertain=v["sipri_uncertain"]) for k, v in match.differences.items()],
        evidence=[S.from_claim(c) for c in match.deal.claims if c.type.value in ("AGREEMENT", "DELIVERY")],
    )


def overview(store: Store, limit: int = 50, offset: int = 0) -> SipriOverviewOut:
    """The register stored and the two analyst lists, one page of each."""
    from armswatch.sipri.reference import differing, not_in_sipri, register_info

    info = register_info(store)
    if info is None:
        return SipriOverviewOut(imported=None, limit=limit, offset=offset, n_not_in_sipri=0, n_differing=0,
                                not_in_sipri=[], differing=[])
    missing, differ = not_in_sipri(store), differing(store)
    return SipriOverviewOut(
        imported=RegisterOut(version=info.version, source=info.source, orders=info.n_rows,
                             imported_at=info.imported_at),
        limit=limit, offset=offset, n_not_in_sipri=len(missing), n_differing=len(differ),
        not_in_sipri=[S.from_deal_summary(d) for d in missing[offset:offset + limit]],
        differing=[from_match(m) for m in differ[offset:offset + limit]],
    )


def deal_orders(store: Store, deal_id: int) -> DealSipriOut | None:
    """The register orders one deal reports; None when there is no such deal."""
    from armswatch.link import get_deal
    from armswatch.sipri.reference import match_of, orders_of_deal, register_info

    deal = get_deal(store, deal_id)
    if deal is None:
        return None
    info = register_info(store)
    rows = orders_of_deal(store, deal_id) if info is not None else []
    return DealSipriOut(deal_id=deal_id, register_version=info.version if info else None,
                        match=from_match(match_of(deal, rows)) if rows else None)


@router.get("/sipri", response_model=SipriOverviewOut, tags=["sipri"])
def sipri_overview(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> SipriOverviewOut:
    """New since SIPRI: ordered or delivered news deals with no register order, and deals that differ."""
    return overview(store, limit, offset)


@router.get("/deals/{deal_id}/sipri", response_model=DealSipriOut, responses=NOT_FOUND, tags=["sipri"])
def deal_sipri(store: StoreDep, deal_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> DealSipriOut:
    """The SIPRI register orders one deal reports, with what differs."""
    found = deal_orders(store, deal_id)
    if found is None:
        raise HTTPException(404, "no such deal")
    return found


__all__ = ["DealSipriOut", "SipriOverviewOut", "deal_orders", "overview", "router"]
