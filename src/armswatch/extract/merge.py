"""Within-document merging: one event per stage of one transfer, however often a text repeats it."""

from __future__ import annotations

from armswatch.model import Event, EventType

_FIELDS = ("weapon", "weapon_family", "category", "quantity", "quantity_qualifier", "value", "year", "year_end", "attribution")


def _compatible(a: Event, b: Event) -> bool:
    if (a.type, a.supplier, a.recipient) != (b.type, b.supplier, b.recipient):
        return False
    if a.year is not None and b.year is not None and a.year != b.year and not (a.year_end or b.year_end) \
            and not (a.year_inferred or b.year_inferred):
        # "ordered 24 in 2015" and "ordered 30 more in 2021" are two contracts.
        return False
    if a.quantity is not None and b.quantity is not None and a.quantity != b.quantity:
        return False
    if a.weapon_family and b.weapon_family:
        return a.weapon_family == b.weapon_family
    if a.weapon_family or b.weapon_family:
        # A generic mention ("weapons") folds into the named system; a different
        # kind of equipment ("air defence systems" next to "T-90 tanks") does not.
        generic = b if a.weapon_family else a
        named = a if a.weapon_family else b
        return generic.category is None or _same_kind(generic.category, named.category)
    if a.category and b.category:
        return a.category == b.category
    return True


# "air defence missiles" and a named SAM system are one transfer.
_RELATED = {frozenset({"missiles", "air-defence"})}


def _same_kind(a: str | None, b: str | None) -> bool:
    return a == b or frozenset({a, b}) in _RELATED


def _richness(e: Event) -> int:
    return sum(getattr(e, f) is not None for f in _FIELDS)


def _combine(base: Event, other: Event) -> Event:
    if base.year_inferred and other.year is not None and not other.year_inferred:
        # A year the text wrote beats one taken from the publication date.
        base.year, base.year_end, base.year_inferred = other.year, other.year_end, False
    for f in _FIELDS:
        if getattr(base, f) is None and getattr(other, f) is not None:
            if f in ("year_end",) and base.year is not None and base.year != other.year:
                continue
            setattr(base, f, getattr(other, f))
    if base.modality.value != "asserted" and other.modality.value == "asserted":
        base.modality = other.modality
    return base


def merge_document_events(events: list[Event]) -> list[Event]:
    """Fold repeated mentions of the same event together, keeping the most detailed one's evidence."""
    merged: list[Event] = []
    for ev in sorted(events, key=_richness, reverse=True):
        for m in merged:
            if _compatible(m, ev):
                _combine(m, ev)
                break
        else:
            merged.append(ev)
    _inherit_request_details(merged)
    return sorted(merged, key=lambda e: (e.evidence.start if e.evidence else 0, e.type.value))


def _inherit_request_details(events: list[Event]) -> None:
    # A rejection is of a request: it carries that request's weapon and quantity.
    for rej in (e for e in events if e.type is EventType.REJECTION):
        requests = [e for e in events if e.type in (EventType.REQUEST, EventType.OFFER)
                    and e.supplier == rej.supplier and e.recipient == rej.recipient]
        if rej.weapon_family:
            requests = [r for r in requests if r.weapon_family == rej.weapon_family]
        if not requests:
            continue
        src = requests[0]
        for f in ("weapon", "weapon_family", "category", "quantity", "quantity_qualifier"):
            if getattr(rej, f) is None:
                setattr(rej, f, getattr(src, f))
