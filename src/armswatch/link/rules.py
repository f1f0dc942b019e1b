"""The rules of deal linking, as pure functions over plain records (no database).

Vocabulary:

- a *claim* is one stored event seen as a statement about a deal;
- a *group* is every linkable event of one dyad (supplier -> recipient) that
  names the same weapon family, or the same category when no designation is
  given (``group_key``);
- a *deal* is one cluster of a group's events whose years are compatible
  (``cluster_group``).

Everything here is deterministic and depends on the content of the events,
never on their database ids (ids only break exact ties), so that linking
after each of two ingests gives the same deals as linking once after both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from armswatch.model import Claim, Conflict, EventType, Evidence, Modality, Value

#: Two dated events of one group belong to the same deal when the later one
#: starts at most this many years after the earlier ones end.
YEAR_GAP = 3

#: Relative difference under which two values in the same currency agree.
VALUE_TOLERANCE = 0.05

#: How much an "about N" quantity may be off (relative) and still agree.
ABOUT_TOLERANCE = 0.15

#: Event types that never form deals: they attach to the dyad.
EMBARGO_TYPES = frozenset({EventType.EMBARGO_IMPOSED, EventType.EMBARGO_LIFTED})

#: Position of each stage in a deal's lifecycle (ties: later in the same year wins).
STAGE_RANK: dict[EventType, int] = {
    EventType.OFFER: 1,
    EventType.REQUEST: 1,
    EventType.NEGOTIATION: 2,
    EventType.AGREEMENT: 3,
    EventType.DELIVERY: 4,
    EventType.REJECTION: 5,
    EventType.CANCELLATION: 5,
}

#: Deal status named after the latest credible stage.
STAGE_STATUS: dict[EventType, str] = {
    EventType.OFFER: "offered",
    EventType.REQUEST: "requested",
    EventType.NEGOTIATION: "negotiating",
    EventType.AGREEMENT: "agreed",
    EventType.DELIVERY: "delivered",
    EventType.REJECTION: "rejected",
    EventType.CANCELLATION: "cancelled",
}

#: Status of a deal none of whose claims is asserted (all planned, possible or denied).
UNCONFIRMED = "unconfirmed"

#: Every status a deal can have, in lifecycle order.
STATUSES: tuple[str, ...] = (
    "offered",
    "requested",
    "negotiating",
    "agreed",
    "delivered",
    "rejected",
    "cancelled",
    UNCONFIRMED,
)

#: Stages that happen at one moment: sources giving different years disagree.
#: (Talks and deliveries run over several years, so their years may differ.)
POINT_STAGES = frozenset({EventType.AGREEMENT, EventType.REJECTION, EventType.CANCELLATION})


# -- designations ----------------------------------------------------------------


def norm_designation(text: str) -> str:
    """A designation for comparison: lower case, without spaces, hyphens and dots (EVENTS.md 3)."""
    return re.sub(r"[\s\-.]", "", text.lower())


@lru_cache(maxsize=1)
def catalog_families() -> dict[str, str]:
    """Normalised designation or alias -> catalog family (empty without a catalog)."""
    try:
        from armswatch.extract.resources import weapon_entries

        entries = weapon_entries()
    except (FileNotFoundError, ImportError, KeyError):
        return {}
    out: dict[str, str] = {}
    for entry in entries:
        for name in (entry.designation, *entry.aliases):
            out.setdefault(norm_designation(name), entry.family)
    return out


def is_variant_of(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` plus a variant suffix (``f16v`` of ``f16``, not ``f16`` of ``f1``)."""
    return (
        len(shorter) >= 2
        and len(longer) > len(shorter)
        and longer.startswith(shorter)
        and longer[len(shorter)].isalpha()
        and any(c.isdigit() for c in shorter)
    )


# -- claims as the linker sees them ------------------------------------------------


@dataclass(slots=True)
class Item:
    """One stored event with what linking needs to know about it and its document."""

    event_id: int
    doc_id: str
    type: EventType
    modality: Modality
    supplier: str | None
    recipient: str | None
    weapon: str | None = None
    weapon_family: str | None = None
    category: str | None = None
    quantity: int | None = None
    quantity_qualifier: str | None = None
    value: Value | None = None
    year: int | None = None
    year_end: int | None = None
    published: dt.date | None = None
    start: int = -1
    year_inferred: bool = False
    evidence: Evidence | None = None
    attribution: str | None = None

    @property
    def last_year(self) -> int | None:
        if self.year is None:
            return None
        return max(self.year, self.year_end or self.year)

    def content_key(self) -> tuple:
        """Orders items by what they say, so that the order never depends on ids."""
        return (
            self.doc_id,
            self.start,
            self.type.value,
            self.modality.value,
            self.weapon or "",
            self.quantity if self.quantity is not None else -1,
            self.year if self.year is not None else -1,
            self.event_id,
        )


def is_linkable(item: Item) -> bool:
    """Whether the event can belong to a deal (both parties, a weapon or a category, not an embargo)."""
    return (
        item.type not in EMBARGO_TYPES
        and bool(item.supplier)
        and bool(item.recipient)
        and bool(item.weapon or item.weapon_family or item.category)
    )


# -- groups ------------------------------------------------------------------------

GroupKey = tuple[str, str]  # ("family", normalised family) or ("category", category)


@dataclass(slots=True)
class Group:
    """The linkable events of one dyad about one weapon family (or one category)."""

    key: GroupKey
    items: list[Item] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The family as most sources spell it (ties: alphabetical), or the category."""
        if self.key[0] == "category":
            return self.key[1]
        spellings = Counter(_family_spelling(i) for i in self.items if i.weapon_family or i.weapon)
        return min(spellings, key=lambda s: (-spellings[s], s))

    @property
    def weapon_family(self) -> str | None:
        return self.label if self.key[0] == "family" else None

    @property
    def category(self) -> str | None:
        if self.key[0] == "category":
            return self.key[1]
        counts = Counter(i.category for i in self.items if i.category)
        if not counts:
            return None
        return min(counts, key=lambda c: (-counts[c], c))


def _family_spelling(item: Item) -> str:
    if item.weapon_family:
        return item.weapon_family
    assert item.weapon is not None  # callers pass only items naming a weapon
    return catalog_families().get(norm_designation(item.weapon)) or item.weapon


def _raw_family_key(item: Item) -> tuple[str, bool] | None:
    """(normalised family, whether it is a catalog family), or None without a weapon."""
    if item.weapon_family:
        return norm_designation(item.weapon_family), True
    if item.weapon:
        family = catalog_families().get(norm_designation(item.weapon))
        return norm_designation(family or item.weapon), family is not None
    return None


def group_dyad(items: Iterable[Item]) -> list[Group]:
    """Split one dyad's linkable events into groups, in a deterministic order.

    - A weapon family (``Event.weapon_family``, else the catalog family of the
      designation, else the designation itself) makes a group; designations
      not in the catalog that are variants of one another (``Su-30`` and
      ``Su-30MKI``) share one.
    - An event naming only a category joins the family group of that category
      when its own document names exactly one such family for this dyad (the
      article is about that deal); otherwise it makes a category group.
    """
    linkable = sorted((i for i in items if is_linkable(i)), key=Item.content_key)
    found = {i.event_id: _raw_family_key(i) for i in linkable}
    raw = {eid: f[0] if f else None for eid, f in found.items()}
    catalogued = {f[0] for f in found.values() if f and f[1]}
    # A designation the catalog does not know joins the shortest family or
    # designation it is a variant of; catalog families are never merged.
    names = sorted({k for k in raw.values() if k}, key=lambda k: (len(k), k))
    canonical: dict[str, str] = {}
    for name in names:
        stem = None
        if name not in catalogued:
            stem = next((c for c in canonical.values() if is_variant_of(name, c)), None)
        canonical[name] = stem or name

    groups: dict[GroupKey, Group] = {}
    by_doc: dict[tuple[str, str], set[str]] = {}
    for item in linkable:
        family = raw[item.event_id]
        if family is not None:
            key: GroupKey = ("family", canonical[family])
            groups.setdefault(key, Group(key)).items.append(item)
            if item.category:
                by_doc.setdefault((item.doc_id, item.category), set()).add(canonical[family])
    for item in linkable:
        if raw[item.event_id] is not None:
            continue
        assert item.category is not None
        families = by_doc.get((item.doc_id, item.category), set())
        key = ("family", next(iter(families))) if len(families) == 1 else ("category", item.category)
        groups.setdefault(key, Group(key)).items.append(item)
    for group in groups.values():
        group.items.sort(key=Item.content_key)
    return [groups[k] for k in sorted(groups)]


# -- clusters (deals) ----------------------------------------------------------------


@dataclass(slots=True)
class _Span:
    lo: int
    hi: int
    items: list[Item] = field(default_factory=list)

    def distance(self, year: int) -> int:
        if year < self.lo:
            return self.lo - year
        if year > self.hi:
            return year - self.hi
        return 0


def _sweep(points: list[tuple[int, int, Item]]) -> list[_Span]:
    spans: list[_Span] = []
    for lo, hi, item in sorted(points, key=lambda p: (p[0], p[1], p[2].content_key())):
        if spans and lo <= spans[-1].hi + YEAR_GAP:
            spans[-1].hi = max(spans[-1].hi, hi)
            spans[-1].items.append(item)
        else:
            spans.append(_Span(lo, hi, [item]))
    return spans


def cluster_group(items: Sequence[Item]) -> list[list[Item]]:
    """Split one group into deals by year, oldest first.

    Dated events (``year`` .. ``year_end``) chain into one deal while each
    starts at most ``YEAR_GAP`` years after the previous ones end. An undated
    event joins the nearest deal by its publication year, or the most recent
    deal when its document has no date either. A group with no dated event
    is split the same way by publication years; what is left is one deal.
    """
    dated = [(i.year, i.last_year, i) for i in items if i.year is not None]
    rest = [i for i in items if i.year is None]
    if dated:
        spans = _sweep(dated)  # type: ignore[arg-type]
    else:
        by_published = [(i.published.year, i.published.year, i) for i in rest if i.published]
        spans = _sweep(by_published)
        rest = [i for i in rest if not i.published]
    if not spans:
        return [sorted(rest, key=Item.content_key)] if rest else []
    for item in sorted(rest, key=Item.content_key):
        if item.published is None:
            target = spans[-1]
        else:
            year = item.published.year
            target = min(reversed(spans), key=lambda s: s.distance(year))
        target.items.append(item)
    return [sorted(s.items, key=Item.content_key) for s in spans]


# -- chronology and status -------------------------------------------------------------


def _dated_year(item: Item) -> int | None:
    if item.year is not None:
        return item.year
    if item.published is not None:
        return item.published.year
    return None


def timeline_keys(items: Sequence[Item]) -> dict[int, tuple]:
    """event id -> sort key putting a deal's claims in chronological order.

    A claim's year is its event year, else its document's publication year.
    A claim with neither is placed by its lifecycle stage: in the year of the
    latest dated claim of an earlier-or-equal stage, else of the earliest dated
    claim of a later stage. Within a year, the lifecycle order decides, then
    the publication date.
    """
    dated = [(STAGE_RANK.get(i.type, 0), _dated_year(i)) for i in items]
    keys: dict[int, tuple] = {}
    for item in items:
        rank = STAGE_RANK.get(item.type, 0)
        year = _dated_year(item)
        if year is None:
            before = [y for r, y in dated if y is not None and r <= rank]
            after = [y for r, y in dated if y is not None and r > rank]
            year = max(before) if before else (min(after) if after else None)
        keys[item.event_id] = (
            year if year is not None else -1,
            rank,
            item.published or dt.date.max,
            item.content_key(),
        )
    return keys


def chronological(items: Sequence[Item]) -> list[Item]:
    keys = timeline_keys(items)
    return sorted(items, key=lambda i: keys[i.event_id])


def deal_status(items: Sequence[Item]) -> str:
    """The stage of the latest asserted claim (``STAGE_STATUS``), else ``UNCONFIRMED``."""
    keys = timeline_keys(items)
    credible = [i for i in items if i.modality == Modality.ASSERTED and i.type in STAGE_STATUS]
    if not credible:
        return UNCONFIRMED
    latest = max(credible, key=lambda i: keys[i.event_id])
    return STAGE_STATUS[latest.type]


def year_span(items: Iterable[Item]) -> tuple[int | None, int | None]:
    """(first, last) event year over the items that have one."""
    years = [(i.year, i.last_year) for i in items if i.year is not None]
    if not years:
        return None, None
    return min(y for y, _ in years), max(y for _, y in years)  # type: ignore[type-var]


def anchor_year(items: Sequence[Item]) -> int | None:
    """The year a deal is known by: its earliest asserted agreement, else its first
    event year, else the earliest publication year of its reports."""
    agreed = [
        i.year
        for i in items
        if i.type == EventType.AGREEMENT and i.modality == Modality.ASSERTED and i.year is not None
    ]
    if agreed:
        return min(agreed)
    first = year_span(items)[0]
    if first is not None:
        return first
    published = [i.published.year for i in items if i.published is not None]
    return min(published) if published else None


def deal_key(supplier: str, recipient: str, label: str, year: int | None) -> str:
    """``RUS>PAK>Mi-24/35>2015`` (``undated`` when neither events nor reports have a year)."""
    return f"{supplier}>{recipient}>{label}>{year if year is not None else 'undated'}"


# -- conflicts -------------------------------------------------------------------------


def _quantity_range(item: Item) -> tuple[float, float]:
    q = float(item.quantity)  # type: ignore[arg-type]
    qualifier = item.quantity_qualifier
    if qualifier == "about":
        return q * (1 - ABOUT_TOLERANCE), q * (1 + ABOUT_TOLERANCE)
    if qualifier == "at-least":
        return q, float("inf")
    if qualifier == "at-most":
        return 0.0, q
    return q, q


def quantities_agree(a: Item, b: Item) -> bool:
    lo_a, hi_a = _quantity_range(a)
    lo_b, hi_b = _quantity_range(b)
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


def values_agree(a: Value, b: Value) -> bool:
    """Same currency and within ``VALUE_TOLERANCE``; other currencies cannot be compared."""
    if a.currency.upper() != b.currency.upper():
        return True
    big = max(abs(a.amount), abs(b.amount)) or 1
    return abs(a.amount - b.amount) / big <= VALUE_TOLERANCE


def _disagree(items: Sequence[Item], same) -> bool:
    """Some pair of items from different documents fails ``same``."""
    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            if a.doc_id != b.doc_id and not same(a, b):
                return True
    return False


def _format_value(value: Value) -> str:
    return f"{value.amount} {value.currency}".strip()


def find_conflicts(items: Sequence[Item], sources: dict[int, str | None] | None = None) -> list[Conflict]:
    """Every disagreement between sources about one deal; ``[]`` when they agree.

    Per stage (event type), between documents:

    - ``modality``: one source asserts the stage, another denies it;
    - ``quantity``: asserted quantities that cannot both be true ("20" vs
      "24"; "more than 20" and "24" agree; "about 20" allows 15 %). Deliveries
      are compared only between claims for the same years (batches differ);
    - ``value``: asserted values in the same currency more than 5 % apart;
    - ``year``: asserted years of an agreement, rejection or cancellation.

    Each conflict lists every claim that gives the field (agreeing ones too),
    oldest first, with its document, event id and source.
    """
    sources = sources or {}
    ordered = chronological(list(items))
    out: list[Conflict] = []

    def conflict(field_name: str, stage: EventType, claims: list[Item], value_of) -> None:
        out.append(
            Conflict(
                field=field_name,
                claims=[(c.doc_id, value_of(c)) for c in claims],
                stage=stage.value,
                event_ids=[c.event_id for c in claims],
                sources=[sources.get(c.event_id) for c in claims],
            )
        )

    for stage in STAGE_RANK:
        claims = [i for i in ordered if i.type == stage]
        if not claims:
            continue
        asserted = [c for c in claims if c.modality == Modality.ASSERTED]
        denied = [c for c in claims if c.modality == Modality.DENIED]
        if asserted and denied and len({c.doc_id for c in asserted} | {c.doc_id for c in denied}) > 1:
            both = [c for c in claims if c.modality in (Modality.ASSERTED, Modality.DENIED)]
            conflict("modality", stage, both, lambda c: c.modality.value)

        counted = [c for c in asserted if c.quantity is not None]
        if stage == EventType.DELIVERY:
            batches: dict[tuple, list[Item]] = {}
            for c in counted:
                batches.setdefault((c.year, c.year_end), []).append(c)
            for batch in batches.values():
                if _disagree(batch, quantities_agree):
                    conflict("quantity", stage, batch, _quantity_text)
        elif _disagree(counted, quantities_agree):
            conflict("quantity", stage, counted, _quantity_text)

        priced = [c for c in asserted if c.value is not None]
        if _disagree(priced, lambda a, b: values_agree(a.value, b.value)):
            conflict("value", stage, priced, lambda c: _format_value(c.value))

        if stage in POINT_STAGES:
            dated = [c for c in asserted if c.year is not None]
            if _disagree(dated, lambda a, b: a.year == b.year):
                conflict("year", stage, dated, lambda c: c.year)
    return out


def _quantity_text(item: Item) -> int | str:
    prefix = {"about": "about ", "at-least": "at least ", "at-most": "up to "}.get(
        item.quantity_qualifier or "", ""
    )
    return f"{prefix}{item.quantity}" if prefix else item.quantity  # type: ignore[return-value]


# -- planning a dyad -------------------------------------------------------------------


@dataclass(slots=True)
class PlannedDeal:
    """One deal as the rules define it, before it is written to the database."""

    key: str
    supplier: str
    recipient: str
    weapon_family: str | None
    category: str | None
    status: str
    first_year: int | None
    last_year: int | None
    contested: bool
    items: list[Item]

    @property
    def event_ids(self) -> set[int]:
        return {i.event_id for i in self.items}


def plan_dyad(supplier: str, recipient: str, items: Iterable[Item]) -> list[PlannedDeal]:
    """The deals of one dyad, from all its stored events (non-linkable ones are ignored)."""
    planned: list[PlannedDeal] = []
    used: Counter[str] = Counter()
    for group in group_dyad(i for i in items if i.supplier == supplier and i.recipient == recipient):
        for members in cluster_group(group.items):
            base = deal_key(supplier, recipient, group.label, anchor_year(members))
            used[base] += 1
            key = base if used[base] == 1 else f"{base}#{used[base]}"
            first, last = year_span(members)
            planned.append(
                PlannedDeal(
                    key=key,
                    supplier=supplier,
                    recipient=recipient,
                    weapon_family=group.weapon_family,
                    category=group.category,
                    status=deal_status(members),
                    first_year=first,
                    last_year=last,
                    contested=bool(find_conflicts(members)),
                    items=members,
                )
            )
    return planned


def to_claim(item: Item, source: str | None = None) -> Claim:
    """The ``model.Claim`` of one item, credited to ``source`` (URL or path)."""
    return Claim(
        event_id=item.event_id,
        doc_id=item.doc_id,
        type=item.type,
        modality=item.modality,
        quantity=item.quantity,
        value=item.value,
        year=item.year,
        evidence=item.evidence,
        source=source,
        published=item.published,
        weapon=item.weapon,
        category=item.category,
        year_end=item.year_end,
        quantity_qualifier=item.quantity_qualifier,
        attribution=item.attribution,
        year_inferred=item.year_inferred,
    )


__all__ = [
    "ABOUT_TOLERANCE",
    "EMBARGO_TYPES",
    "Group",
    "Item",
    "PlannedDeal",
    "POINT_STAGES",
    "STAGE_RANK",
    "STAGE_STATUS",
    "STATUSES",
    "UNCONFIRMED",
    "VALUE_TOLERANCE",
    "YEAR_GAP",
    "anchor_year",
    "catalog_families",
    "chronological",
    "cluster_group",
    "deal_key",
    "deal_status",
    "find_conflicts",
    "group_dyad",
    "is_linkable",
    "norm_designation",
    "plan_dyad",
    "quantities_agree",
    "timeline_keys",
    "to_claim",
    "values_agree",
    "year_span",
]
