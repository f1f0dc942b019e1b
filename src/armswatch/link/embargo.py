"""Embargo state of a dyad, from its EMBARGO_IMPOSED / EMBARGO_LIFTED events (pure functions).

Only asserted events count (a planned or denied embargo is not one). An
event's year is its ``year``, else its document's publication year.

- Dated events are read oldest first: an imposition opens a period (a later
  report of the same embargo while it is open changes nothing); a lifting
  closes the open period, or, when none is open, records a period whose
  start is unknown (``since=None``). An imposition with ``year_end``
  ("banned from 1990 to 2005") is a closed period of its own.
- Undated events (no year, no publication date) are used only when the
  dyad has no dated one: they give a single period with both ends unknown,
  which keeps the event ids but is never reported as in force.

``in_force`` needs a known start: an embargo known only from its lifting is
not claimed to have been in force in any particular year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from armswatch.model import EmbargoPeriod, Event, EventType, Modality

_ORDER = {EventType.EMBARGO_IMPOSED: 0, EventType.EMBARGO_LIFTED: 1}


def _year(event: Event, published: dt.date | None) -> int | None:
    if event.year is not None:
        return event.year
    return published.year if published is not None else None


def embargo_periods(events: Sequence[tuple[int, Event, dt.date | None]]) -> list[EmbargoPeriod]:
    """Periods of one dyad's embargo, oldest first, from (event id, event, published) triples."""
    relevant = [
        (eid, e, pub)
        for eid, e, pub in events
        if e.type in _ORDER and e.modality == Modality.ASSERTED
    ]
    dated = [(eid, e, pub) for eid, e, pub in relevant if _year(e, pub) is not None]
    if not dated:
        if not relevant:
            return []
        imposed = [eid for eid, e, _ in relevant if e.type == EventType.EMBARGO_IMPOSED]
        lifted = [eid for eid, e, _ in relevant if e.type == EventType.EMBARGO_LIFTED]
        return [
            EmbargoPeriod(
                since=None,
                until=None,
                imposed_event_id=min(imposed) if imposed else None,
                lifted_event_id=min(lifted) if lifted else None,
            )
        ]
    dated.sort(key=lambda t: (_year(t[1], t[2]), _ORDER[t[1].type], t[2] or dt.date.max, t[0]))
    periods: list[EmbargoPeriod] = []
    current: EmbargoPeriod | None = None
    for eid, event, pub in dated:
        year = _year(event, pub)
        if event.type == EventType.EMBARGO_IMPOSED:
            if event.year is not None and event.year_end is not None and current is None:
                periods.append(EmbargoPeriod(since=event.year, until=event.year_end, imposed_event_id=eid))
            elif current is None:
                current = EmbargoPeriod(since=year, until=None, imposed_event_id=eid)
                periods.append(current)
        else:
            if current is not None:
                current.until = year
                current.lifted_event_id = eid
                current = None
            elif not periods or periods[-1].until != year:
                periods.append(EmbargoPeriod(since=None, until=year, lifted_event_id=eid))
    return periods


def in_force(periods: Sequence[EmbargoPeriod], year: int) -> bool:
    """Whether some period with a known start covers ``year`` (start year in, end year out)."""
    for p in periods:
        if p.since is None:
            continue
        if p.since <= year and (p.until is None or year < p.until):
            return True
    return False


__all__ = ["embargo_periods", "in_force"]
