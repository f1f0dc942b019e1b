"""Linking a store: deals, conflicts, idempotence, incremental = batch, dyads and embargoes."""

from __future__ import annotations

import datetime as dt

from link_helpers import WORLD, event, put, put_world, snapshot

from armswatch.link import (
    dyad_timeline,
    dyads,
    embargo_in_force,
    get_deal,
    get_deal_by_key,
    link_store,
    list_deals,
)
from armswatch.store import EventQuery


def _deal(store, key):
    deal = get_deal_by_key(store, key)
    assert deal is not None, [d.deal_key for d in list_deals(store, limit=None)]
    return deal


def test_two_articles_with_different_quantities_make_one_contested_deal(store):
    put_world(store, ["eg-1", "eg-2"])
    summary = link_store(store)
    assert (summary.deals, summary.new_deals, summary.contested) == (1, 1, 1)
    deal = _deal(store, "FRA>EGY>Rafale>2021")
    assert deal.contested and deal.status == "agreed"
    assert [(c.doc_id, c.quantity) for c in deal.claims] == [("eg-1", 20), ("eg-2", 24)]
    assert [c.source for c in deal.claims] == ["https://news.example/eg-1", "https://news.example/eg-2"]
    [conflict] = deal.conflicts
    assert (conflict.field, conflict.stage, conflict.claims) == ("quantity", "AGREEMENT", [("eg-1", 20), ("eg-2", 24)])
    assert conflict.sources == ["https://news.example/eg-1", "https://news.example/eg-2"]
    # The store's own source lookup agrees with the deal's.
    assert [store.event_source(e)[1] for e in conflict.event_ids] == conflict.sources


def test_a_denial_makes_the_deal_contested(store):
    put_world(store, ["in-1", "in-2"])
    link_store(store)
    [deal] = list_deals(store, supplier="RUS", recipient="IND")
    assert deal.contested
    assert deal.status == "agreed"  # the asserted agreement is the latest credible stage
    assert [(c.field, c.claims) for c in deal.conflicts] == [
        ("modality", [("in-1", "asserted"), ("in-2", "denied")])
    ]


def test_the_pakistan_story_gives_a_helicopter_deal_a_rifle_deal_and_dyad_events(store):
    put_world(store, ["pk-1", "pk-2", "pk-3"])
    link_store(store)
    keys = {d.deal_key: d for d in list_deals(store, party="PAK")}
    assert set(keys) == {"RUS>PAK>Mi-24/35>2015", "RUS>PAK>AK>2019"}
    heli = keys["RUS>PAK>Mi-24/35>2015"]
    assert [c.type.value for c in heli.claims] == ["NEGOTIATION", "AGREEMENT", "DELIVERY"]
    assert heli.status == "delivered" and not heli.contested
    assert heli.claims[0].evidence.text.startswith("Officials in Moscow")
    rifles = keys["RUS>PAK>AK>2019"]
    assert rifles.status == "rejected"
    assert [c.type.value for c in rifles.claims] == ["REQUEST", "REJECTION"]
    # The weaponless negotiation and the embargo lifting stay with the dyad only.
    linked = {c.event_id for d in keys.values() for c in d.claims}
    unlinked = [e.type.value for i, e in store.events(EventQuery(supplier="RUS", recipient="PAK")) if i not in linked]
    assert sorted(unlinked) == ["EMBARGO_LIFTED", "NEGOTIATION"]


def test_linking_again_changes_nothing(store):
    put_world(store)
    first = link_store(store)
    before = snapshot(store)
    ids = sorted(d.id for d in list_deals(store, limit=None))
    second = link_store(store)
    assert first.new_deals == first.deals > 0
    assert (second.new_deals, second.updated_deals, second.removed_deals, second.dyads) == (0, 0, 0, 0)
    assert snapshot(store) == before
    assert sorted(d.id for d in list_deals(store, limit=None)) == ids


def test_reingesting_and_reextracting_the_same_articles_changes_nothing(store):
    put_world(store)
    link_store(store)
    before = snapshot(store)
    ids = {d.deal_key: d.id for d in list_deals(store, limit=None)}
    put_world(store, ["eg-2", "pk-2", "pk-3"])  # the same documents and events again: new event ids
    summary = link_store(store)
    assert summary.new_deals == 0 and summary.removed_deals == 0
    assert snapshot(store) == before
    assert {d.deal_key: d.id for d in list_deals(store, limit=None)} == ids
    again = link_store(store)
    assert not again.changed and again.dyads == 0


def test_incremental_linking_equals_linking_once(tmp_path):
    from armswatch.store import open_store

    order = [w["doc_id"] for w in WORLD]
    with open_store(str(tmp_path / "batch.db")) as batch:
        put_world(batch)
        link_store(batch)
        expected = snapshot(batch)
    with open_store(str(tmp_path / "steps.db")) as steps:
        for name in order:
            put_world(steps, [name])
            link_store(steps)
        assert snapshot(steps) == expected
    with open_store(str(tmp_path / "reverse.db")) as reverse:
        for name in reversed(order):
            put_world(reverse, [name])
            link_store(reverse)
        assert snapshot(reverse) == expected
    with open_store(str(tmp_path / "halves.db")) as halves:
        put_world(halves, order[::2])
        link_store(halves)
        put_world(halves, order[1::2])
        link_store(halves)
        assert snapshot(halves) == expected


def test_a_new_report_updates_the_existing_deal_and_keeps_its_id(store):
    put_world(store, ["pk-1"])
    link_store(store)
    [early] = list_deals(store, party="PAK")
    assert (early.deal_key, early.status) == ("RUS>PAK>Mi-24/35>undated", "negotiating")
    put_world(store, ["pk-2"])
    summary = link_store(store)
    assert (summary.new_deals, summary.updated_deals) == (0, 1)
    [later] = list_deals(store, party="PAK")
    assert later.id == early.id
    assert (later.deal_key, later.status) == ("RUS>PAK>Mi-24/35>2015", "delivered")


def test_a_reextraction_that_drops_an_event_updates_or_removes_deals(store):
    put_world(store, ["pk-2", "eg-1"])
    link_store(store)
    assert _deal(store, "RUS>PAK>Mi-24/35>2015").status == "delivered"
    # The document is extracted again and the delivery is no longer found.
    put(store, "pk-2", WORLD[3]["text"], [WORLD[3]["events"]("pk-2")[0]], version="test-2")
    link_store(store)
    assert _deal(store, "RUS>PAK>Mi-24/35>2015").status == "agreed"
    # Extracted again with nothing left: the deal goes.
    put(store, "pk-2", WORLD[3]["text"], [], version="test-3")
    summary = link_store(store)
    assert summary.removed_deals == 1
    assert get_deal_by_key(store, "RUS>PAK>Mi-24/35>2015") is None
    assert [d.deal_key for d in list_deals(store, limit=None)] == ["FRA>EGY>Rafale>2021"]
    assert not link_store(store).changed


def test_a_reextraction_that_moves_an_event_to_another_dyad(store):
    put(store, "x", "Seoul agreed to buy ten K9 guns in 2020.",
        [event("x", "AGREEMENT", "KOR", "POL", weapon="K9", category="artillery", quantity=10, year=2020)])
    link_store(store)
    put(store, "x", "Seoul agreed to buy ten K9 guns in 2020.",
        [event("x", "AGREEMENT", "KOR", "NOR", weapon="K9", category="artillery", quantity=10, year=2020)],
        version="test-2")
    link_store(store)
    assert [d.deal_key for d in list_deals(store, limit=None)] == ["KOR>NOR>K9>2020"]


def test_list_deals_filters(store):
    put_world(store)
    link_store(store)
    keys = lambda **kw: sorted(d.deal_key for d in list_deals(store, **kw))  # noqa: E731
    assert keys(party="PAK") == ["RUS>PAK>AK>2019", "RUS>PAK>Mi-24/35>2015"]
    assert keys(supplier="FRA") == ["FRA>EGY>Rafale>2021"]
    assert keys(recipient="IND") == ["RUS>IND>S-400>2021"]
    assert keys(status="rejected") == ["RUS>PAK>AK>2019"]
    assert keys(contested=True) == ["FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"]
    assert "FRA>EGY>Rafale>2021" not in keys(contested=False)
    assert keys(weapon="mi-35") == ["RUS>PAK>Mi-24/35>2015"]
    assert keys(weapon="small-arms") == ["RUS>PAK>AK>2019"]
    assert keys(year_from=2020) == ["FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"]
    assert keys(year_to=2015) == ["RUS>PAK>Mi-24/35>2015"]
    assert len(list_deals(store, limit=2)) == 2
    assert len(list_deals(store, limit=2, offset=3)) == 1
    assert get_deal(store, 10_000) is None


def test_dyad_timeline_dyads_and_embargo_state(store):
    put_world(store)
    link_store(store)
    timeline = dyad_timeline(store, "RUS", "PAK")
    years = [e.year for _, e in timeline.events]
    assert years[0] == 2015  # the dated agreement comes first ...
    assert [e.doc_id for _, e in timeline.events][-2:] == ["pk-1", "pk-1"]  # ... events with no date at all last
    assert sorted(d.deal_key for d in timeline.deals) == ["RUS>PAK>AK>2019", "RUS>PAK>Mi-24/35>2015"]
    [period] = timeline.embargo_periods
    assert (period.since, period.until) == (None, None) and period.lifted_event_id is not None
    assert not embargo_in_force(store, "RUS", "PAK", 2010)

    assert embargo_in_force(store, "EU", "CHN", 2000)
    assert not embargo_in_force(store, "EU", "CHN", 1988)
    [eu] = dyad_timeline(store, "EU", "CHN").embargo_periods
    assert (eu.since, eu.until) == (1989, None)

    table = {(s, r): (n_events, n_deals) for s, r, n_events, n_deals in dyads(store)}
    assert table[("RUS", "PAK")] == (7, 2)
    assert table[("FRA", "EGY")] == (2, 1)
    assert table[("EU", "CHN")] == (1, 0)
    assert dyads(store)[0][:2] == ("RUS", "PAK")


def test_undated_reports_use_the_publication_date_to_find_their_deal(store):
    texts = {
        "old": ("Lima signed for a first batch of Hawk jets in 2005.", 2005, None),
        "new": ("Lima signed for a second batch of Hawk jets in 2019.", 2019, None),
        "mid": ("The Hawk jets Lima bought have arrived.", None, dt.date(2007, 6, 1)),
    }
    for doc_id, (text, year, published) in texts.items():
        type_ = "DELIVERY" if year is None else "AGREEMENT"
        put(store, doc_id, text, [event(doc_id, type_, "GBR", "PER", weapon="Hawk", category="aircraft", year=year)],
            published=published)
    link_store(store)
    deals = {d.deal_key: sorted(c.doc_id for c in d.claims) for d in list_deals(store, limit=None)}
    assert deals == {"GBR>PER>Hawk>2005": ["mid", "old"], "GBR>PER>Hawk>2019": ["new"]}


def test_a_deal_that_loses_an_event_in_a_dyad_with_no_new_event_is_rechecked(store):
    text = "Two more Mi-35M gunships reached Pakistan in 2017. Cairo took its first Rafale jets in 2016."
    heli = event("mix", "DELIVERY", "RUS", "PAK", weapon="Mi-35M", family="Mi-24/35", category="helicopters",
                 quantity=2, year=2017)
    jets = event("mix", "DELIVERY", "FRA", "EGY", weapon="Rafale", category="aircraft", year=2016)
    put(store, "mix", text, [heli, jets])
    put_world(store, ["pk-2"])
    link_store(store)
    assert _deal(store, "RUS>PAK>Mi-24/35>2015").last_year == 2017
    # Extracted again, the article now yields only the Egyptian delivery: the
    # Pakistani deal gets no new event, yet it must drop the 2017 delivery.
    jets_again = event("mix", "DELIVERY", "FRA", "EGY", weapon="Rafale", category="aircraft", year=2016)
    put(store, "mix", text, [jets_again], version="test-2")
    summary = link_store(store)
    deal = _deal(store, "RUS>PAK>Mi-24/35>2015")
    assert deal.last_year == 2015 and [c.doc_id for c in deal.claims] == ["pk-2", "pk-2"]
    # Both deals changed (the Egyptian one now holds the new event); neither was replaced.
    assert (summary.updated_deals, summary.new_deals, summary.removed_deals) == (2, 0, 0)
    # Checked once; the next run has nothing to do.
    again = link_store(store)
    assert not again.changed and again.dyads == 0
