"""armswatch.link: events from many articles -> deals, dyads and embargo state.

    from armswatch.link import link_store, list_deals, get_deal, dyad_timeline

    summary = link_store(store)                  # incremental; a rerun changes nothing
    for deal in list_deals(store, party="PAK", contested=True):
        print(deal.deal_key, deal.status, [c.type for c in deal.claims])
    timeline = dyad_timeline(store, "RUS", "PAK")
    embargo_in_force(store, "RUS", "PAK", 2010)

The rules (which events form a deal, its status, what counts as a conflict)
are in ``armswatch.link.rules``; writing the tables is ``armswatch.link.deals``;
reading them is ``armswatch.link.queries``; embargo periods are
``armswatch.link.embargo``.
"""

from armswatch.link.deals import LinkSummary, link_store
from armswatch.link.queries import (
    deal_summaries,
    dyad_timeline,
    dyads,
    embargo_history,
    embargo_in_force,
    get_deal,
    get_deal_by_key,
    list_deals,
)
from armswatch.link.rules import STATUSES, UNCONFIRMED, YEAR_GAP

__all__ = [
    "LinkSummary",
    "deal_summaries",
    "STATUSES",
    "UNCONFIRMED",
    "YEAR_GAP",
    "dyad_timeline",
    "dyads",
    "embargo_history",
    "embargo_in_force",
    "get_deal",
    "get_deal_by_key",
    "link_store",
    "list_deals",
]
