"""The linking rules on plain records: groups, clusters, status, chronology, conflicts, embargoes."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.link.embargo import embargo_periods, in_force
from armswatch.link.rules import (
    Item,
    chronological,
    cluster_group,
    deal_status,
    find_conflicts,
    group_dyad,
    is_variant_of,
    plan_dyad,
)
from armswatch.model import Event, EventType, Modality, Value

_ids = itertools.count(1)


def item(type_="AGREEMENT", *, doc="d1", sup="RUS", rec="PAK", weapon=None, family=None, category=None,
         quantity=None, qualifier=None, value=None, year=None, year_end=None, modality="asserted",
         published=None, start=0) -> Item:
    return Item(
        event_id=next(_ids),
        doc_id=doc,
        type=EventType(type_),
        modality=Modality(modality),
        supplier=sup,
        recipient=rec,
        weapon=weapon,
        weapon_family=family,
        category=category,
        quantity=quantity,
        quantity_qualifier=qualifier,
        value=value,
        year=year,
        year_end=year_end,
        published=published,
        start=start,
    )


# -- groups ------------------------------------------------------------------------------


def test_variants_share_a_group_but_different_numbers_do_not():
    assert is_variant_of("su30mki", "su30")
    assert is_variant_of("f16v", "f16")
    assert not is_variant_of("f16", "f1")
    assert not is_variant_of("ak47", "ak")
    items = [
        item(weapon="Su-30", doc="a"),
        item(weapon="Su-30MKI", doc="b"),
        item(weapon="F-1", doc="c"),
        item(weapon="F-16", doc="d"),
    ]
    groups = {g.key: sorted(i.doc_id for i in g.items) for g in group_dyad(items)}
    assert sorted(groups.values()) == [["a", "b"], ["c"], ["d"]]
    # Families the extractor (or the catalog) gives are kept apart.
    families = [item(weapon="Su-30", family="Su-30", doc="a"), item(weapon="Su-30MKI", family="Su-30MKI", doc="b")]
    assert len(group_dyad(families)) == 2


def test_a_category_only_event_joins_the_family_its_own_article_names():
    items = [
        item("AGREEMENT", doc="a", weapon="Mi-35M", family="Mi-24/35", category="helicopters", year=2015),
        item("DELIVERY", doc="a", category="helicopters", start=40),
        item("REQUEST", doc="b", category="helicopters", start=0),
    ]
    groups = {g.label: sorted((i.doc_id, i.type.value) for i in g.items) for g in group_dyad(items)}
    assert groups == {
        "Mi-24/35": [("a", "AGREEMENT"), ("a", "DELIVERY")],
        "helicopters": [("b", "REQUEST")],
    }


def test_events_without_weapon_or_category_and_embargoes_are_not_linkable():
    items = [item("NEGOTIATION"), item("EMBARGO_LIFTED", weapon="Mi-35"), item("AGREEMENT", sup=None, weapon="X-1")]
    assert group_dyad(items) == []


# -- clusters ----------------------------------------------------------------------------


def test_years_far_apart_make_separate_deals_and_undated_events_join_the_nearest():
    early = item("AGREEMENT", year=2005, doc="a")
    late = item("AGREEMENT", year=2016, doc="b")
    chained = item("DELIVERY", year=2018, year_end=2019, doc="c")
    near_early = item("DELIVERY", doc="d", published=dt.date(2007, 1, 1))
    no_date = item("NEGOTIATION", doc="e")
    clusters = cluster_group([early, late, chained, near_early, no_date])
    assert [sorted(i.doc_id for i in c) for c in clusters] == [["a", "d"], ["b", "c", "e"]]


def test_a_group_of_undated_events_is_one_deal():
    assert len(cluster_group([item(doc="a"), item(doc="b"), item(doc="c")])) == 1


# -- status and chronology ---------------------------------------------------------------------


def test_status_follows_the_latest_asserted_stage():
    negotiation = item("NEGOTIATION", doc="a")
    agreement = item("AGREEMENT", year=2015, doc="b")
    delivery = item("DELIVERY", doc="c", published=dt.date(2019, 1, 1))
    assert deal_status([negotiation]) == "negotiating"
    assert deal_status([negotiation, agreement]) == "agreed"
    assert deal_status([negotiation, agreement, delivery]) == "delivered"
    # The undated negotiation goes before the agreement of 2015, whatever the input order.
    assert [i.type.value for i in chronological([delivery, agreement, negotiation])] == [
        "NEGOTIATION",
        "AGREEMENT",
        "DELIVERY",
    ]


def test_denied_and_planned_claims_do_not_set_the_status():
    request = item("REQUEST", year=2019)
    assert deal_status([request, item("REJECTION", year=2019, modality="denied")]) == "requested"
    assert deal_status([request, item("REJECTION", year=2019)]) == "rejected"
    assert deal_status([item("AGREEMENT", modality="planned")]) == "unconfirmed"
    assert deal_status([item("AGREEMENT", year=2010), item("CANCELLATION", year=2012)]) == "cancelled"


# -- conflicts ---------------------------------------------------------------------------------


def _fields(items):
    return sorted((c.stage, c.field) for c in find_conflicts(items))


def test_different_quantities_from_two_sources_conflict():
    a = item(doc="a", quantity=20, qualifier="exact")
    b = item(doc="b", quantity=24, qualifier="exact")
    conflicts = find_conflicts([a, b], {a.event_id: "https://a.example", b.event_id: None})
    assert [(c.field, c.stage, c.claims) for c in conflicts] == [("quantity", "AGREEMENT", [("a", 20), ("b", 24)])]
    assert conflicts[0].event_ids == [a.event_id, b.event_id]
    assert conflicts[0].sources == ["https://a.example", None]


def test_compatible_quantities_do_not_conflict():
    assert _fields([item(doc="a", quantity=20, qualifier="at-least"), item(doc="b", quantity=24)]) == []
    assert _fields([item(doc="a", quantity=22, qualifier="about"), item(doc="b", quantity=24)]) == []
    assert _fields([item(doc="a", quantity=20, qualifier="about"), item(doc="b", quantity=24)]) == [
        ("AGREEMENT", "quantity")
    ]
    # One article giving two figures is not two sources disagreeing.
    assert _fields([item(doc="a", quantity=20), item(doc="a", quantity=24)]) == []


def test_deliveries_of_different_years_are_batches_not_a_conflict():
    assert _fields([item("DELIVERY", doc="a", quantity=2, year=2017), item("DELIVERY", doc="b", quantity=4, year=2018)]) == []
    assert _fields([item("DELIVERY", doc="a", quantity=2, year=2017), item("DELIVERY", doc="b", quantity=4, year=2017)]) == [
        ("DELIVERY", "quantity")
    ]


def test_values_years_and_denials_conflict():
    usd = lambda amount: Value(amount, "USD")  # noqa: E731
    assert _fields([item(doc="a", value=usd(1_500_000_000)), item(doc="b", value=usd(2_000_000_000))]) == [
        ("AGREEMENT", "value")
    ]
    assert _fields([item(doc="a", value=usd(100)), item(doc="b", value=Value(90, "EUR"))]) == []
    assert _fields([item(doc="a", year=2015), item(doc="b", year=2016)]) == [("AGREEMENT", "year")]
    assert _fields([item("NEGOTIATION", doc="a", year=2014), item("NEGOTIATION", doc="b", year=2016)]) == []
    denial = find_conflicts([item(doc="a"), item(doc="b", modality="denied")])
    assert [(c.field, c.claims) for c in denial] == [("modality", [("a", "asserted"), ("b", "denied")])]


# -- order independence --------------------------------------------------------------------------

_POOL = [
    dict(type_="NEGOTIATION", weapon="Mi-35", family="Mi-24/35", category="helicopters"),
    dict(type_="AGREEMENT", weapon="Mi-35M", family="Mi-24/35", category="helicopters", quantity=4, year=2015),
    dict(type_="AGREEMENT", weapon="Mi-35M", family="Mi-24/35", category="helicopters", quantity=6, year=2015),
    dict(type_="DELIVERY", weapon="Mi-17", category="helicopters", quantity=70, year=1996, year_end=2010),
    dict(type_="DELIVERY", category="helicopters", published=dt.date(2012, 1, 1)),
    dict(type_="REQUEST", weapon="AK", category="small-arms", year=2019),
    dict(type_="REJECTION", weapon="AK", category="small-arms", year=2019),
    dict(type_="OFFER", weapon="Su-35", category="aircraft", year=2030),
    dict(type_="AGREEMENT", weapon="Su-35", category="aircraft", year=2024, modality="denied"),
]


def _plan_content(items):
    return sorted(
        (p.key, p.status, p.contested, tuple(sorted(i.event_id for i in p.items)))
        for p in plan_dyad("RUS", "PAK", items)
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(_POOL))), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_the_plan_does_not_depend_on_the_order_of_events(picks, rnd):
    items = [item(doc=f"doc{n}", start=n, **_POOL[p]) for n, p in enumerate(picks)]
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert _plan_content(items) == _plan_content(shuffled)


# -- embargoes ---------------------------------------------------------------------------------------


def _emb(type_, year=None, published=None, eid=1, modality="asserted", year_end=None):
    e = Event(doc_id="x", type=EventType(type_), supplier="EU", recipient="CHN", year=year,
              year_end=year_end, modality=Modality(modality))
    return (eid, e, published)


def test_embargo_periods_open_close_and_reports_of_the_same_embargo():
    periods = embargo_periods([
        _emb("EMBARGO_IMPOSED", 1989, eid=1),
        _emb("EMBARGO_IMPOSED", 1995, eid=2),  # the same embargo, reported again
        _emb("EMBARGO_LIFTED", 2005, eid=3),
        _emb("EMBARGO_IMPOSED", None, published=dt.date(2014, 3, 1), eid=4),
    ])
    assert [(p.since, p.until, p.imposed_event_id, p.lifted_event_id) for p in periods] == [
        (1989, 2005, 1, 3),
        (2014, None, 4, None),
    ]
    assert not in_force(periods, 1988)
    assert in_force(periods, 1989) and in_force(periods, 2004)
    assert not in_force(periods, 2005)
    assert in_force(periods, 2030)


def test_an_embargo_known_only_from_its_lifting_is_never_claimed_in_force():
    periods = embargo_periods([_emb("EMBARGO_LIFTED", 2014, eid=7)])
    assert [(p.since, p.until, p.lifted_event_id) for p in periods] == [(None, 2014, 7)]
    assert not in_force(periods, 2010)
    undated = embargo_periods([_emb("EMBARGO_LIFTED", eid=8)])
    assert [(p.since, p.until, p.lifted_event_id) for p in undated] == [(None, None, 8)]
    assert embargo_periods([_emb("EMBARGO_IMPOSED", 2000, modality="planned")]) == []
    ranged = embargo_periods([_emb("EMBARGO_IMPOSED", 1990, year_end=2005)])
    assert [(p.since, p.until) for p in ranged] == [(1990, 2005)]
