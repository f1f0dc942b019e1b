"""The done-when of issue 13 on the shared sample: the 520 Pakistan rows of a real register export,
and a store of the two seed articles (both read from ../shared/, skipped without it)."""

from __future__ import annotations

from collections import Counter

from armswatch.export import export_sipri_register
from armswatch.sipri import import_register, not_in_sipri, orders_of_deal, read_register, reconcile
from armswatch.link import list_deals


def test_all_520_rows_parse_with_no_unmapped_name(sample):
    register = read_register(sample)
    assert len(register.rows) == 520 and register.problems == [] and register.unmapped == {}
    assert register.encoding == "latin-1" and register.version == "13 Mar 2025 10:02:49 AM"
    assert len(register.notes) == 11
    first = register.rows[0]
    assert (first.line, first.supplier, first.recipient, first.designation) == (13, "CHN", "PAK", "HQ-9")
    assert (first.order_year_uncertain, first.ordered_uncertain, first.delivered_uncertain) == (True, True, False)
    assert (first.tiv_unit, first.tiv_total, first.tiv_delivered) == ("47", "47", "47")
    suppliers = Counter(r.supplier for r in register.rows)
    # Historical and renamed states, and the unknown supplier, as EVENTS.md section 1 says.
    assert suppliers["SUN"] == 10 and suppliers["TUR"] == 12 and suppliers[None] == 1
    assert {r.recipient for r in register.rows} == {"PAK"}
    assert Counter(r.second_hand for r in register.rows)[True] == 119
    lists = [r for r in register.rows if len(r.delivery_years) > 1]
    assert any(r.delivery_years == [2016, 2017, 2018] for r in lists)
    # Latin-1 text decoded, not mangled.
    assert any(r.designation == "Daphn\u00e9" for r in register.rows)


def test_scoped_reconcile_of_the_seeds_store(sample, seeds_store):
    report = reconcile(seeds_store, sample)
    matched = {e.deal_key: e for e in report.matched}
    mi35 = matched["RUS>PAK>Mi-24/35>2015"]
    assert mi35.how == "one order" and [o["designation"] for o in mi35.orders] == ["Mi-35M"]
    assert (mi35.orders[0]["order_year"], mi35.orders[0]["ordered"]) == (2015, 4)
    assert mi35.differences == {}
    [mi17] = [e for e in report.matched if e.designation == "Mi-17"]
    assert len(mi17.orders) >= 3 and {o["designation"] for o in mi17.orders} == {"Mi-17"}
    assert mi17.how.startswith(f"{len(mi17.orders)} orders")
    delivered = sum(o["delivered"] for o in mi17.orders)
    assert mi17.differences["number delivered"] == {"news": 70, "sipri": delivered, "sipri_uncertain": False}
    assert mi17.differences["years of delivery"]["news"] == "1996-2010"
    # Scoped: only orders of the dyads the news store holds (Russia and China to Pakistan) near the
    # news years; the other suppliers of the 520 rows stay out.
    dyads = {(d.supplier, d.recipient) for d in list_deals(seeds_store, limit=None)}
    assert dyads == {("RUS", "PAK"), ("CHN", "PAK")}
    in_scope = [e for e in report.entries if e.outcome != "only_news"]
    assert all((e.supplier, e.recipient) in dyads for e in in_scope)
    assert report.counts()["in_scope"] < 520 - 100
    assert len(report.summary().splitlines()) == 1
    wide = reconcile(seeds_store, sample, scope="all")
    assert wide.counts()["only_sipri"] == 520 - sum(len(e.orders) for e in wide.matched)


def test_export_then_reconcile_matches_every_deal(seeds_store, tmp_path):
    path = tmp_path / "ours.csv"
    n = export_sipri_register(seeds_store, path, notes=True, latin1=True)
    report = reconcile(seeds_store, path)
    assert n == len(report.matched) >= 2
    assert report.only_news == [] and report.only_sipri == [] and report.unmapped == {}
    assert all(e.differences == {} and e.how == "one order" for e in report.matched)


def test_import_attaches_the_seed_deals_to_their_orders(sample, seeds_store):
    summary = import_register(seeds_store, sample)
    assert summary.rows == 520 and summary.unmapped == {} and summary.linked_deals == 2
    deals = {d.deal_key: d for d in list_deals(seeds_store, limit=None)}
    labels = [o.label for o in orders_of_deal(seeds_store, deals["RUS>PAK>Mi-24/35>2015"].id)]
    assert labels == ["SIPRI order 2015 RUS>PAK 4 Mi-35M"]
    # SIPRI's register leaves out small arms: the Chinese AK 56 rifles of the seed are news only.
    assert [d.deal_key for d in not_in_sipri(seeds_store)] == ["CHN>PAK>AK>undated"]
