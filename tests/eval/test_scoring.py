"""Scoring rules of EVENTS.md section 3, on hand-made gold and predictions."""

from armswatch.eval.gold import GoldDocument, GoldEvent
from armswatch.eval.scoring import score, weapon_agrees
from armswatch.model import Event, EventType, Modality


def gold(**kw):
    given = frozenset(k for k in kw if k != "optional")
    return GoldEvent(type=kw.pop("type"), supplier=kw.pop("supplier"), recipient=kw.pop("recipient"), given=given, **kw)


def pred(t, s, r, **kw):
    return Event(doc_id="d", type=EventType(t), supplier=s, recipient=r, **kw)


def test_weapon_rule():
    assert weapon_agrees("Mi-35M", ["Mi-35"])
    assert weapon_agrees("AK 56", ["AK-56"])
    assert not weapon_agrees("T-72", ["T-90"])
    assert not weapon_agrees("A1", ["A"])  # accepted prefix must be 2+ characters


def test_core_full_and_optional():
    doc = GoldDocument("d", "text", events=[
        gold(type="AGREEMENT", supplier="RUS", recipient="PAK", weapon=["Mi-35"], quantity=4, year=2015),
        gold(type="DELIVERY", supplier="RUS", recipient="PAK", weapon=["Mi-17"], quantity=70, year=1996, year_end=2010),
        gold(type="DELIVERY", supplier="USA", recipient="IND", optional=True),
    ])
    preds = [
        pred("AGREEMENT", "RUS", "PAK", weapon="Mi-35M", quantity=4, year=2015),
        pred("DELIVERY", "RUS", "PAK", weapon="Mi-17", quantity=70, year=2003),
        pred("DELIVERY", "USA", "IND"),          # optional: neutral
        pred("OFFER", "FRA", "IND"),             # false positive
    ]
    r = score([doc], {"d": preds})
    assert (r.overall.tp, r.overall.fp, r.overall.fn, r.overall.full_tp) == (2, 1, 0, 2)
    p, rec, f = r.overall.prf()
    assert round(p, 3) == 0.667 and rec == 1.0


def test_greedy_prefers_full_match_and_counts_miss():
    doc = GoldDocument("d", "t", events=[
        gold(type="REQUEST", supplier="RUS", recipient="PAK", weapon=["T-90"]),
        gold(type="REQUEST", supplier="RUS", recipient="PAK", weapon=["AK"], quantity=50000),
    ])
    preds = [pred("REQUEST", "RUS", "PAK", weapon="AK", quantity=50000)]
    r = score([doc], {"d": preds})
    assert (r.overall.tp, r.overall.fn, r.overall.full_tp) == (1, 1, 1)
    assert [f.kind for f in r.findings] == ["miss"] and "T-90" in r.findings[0].event


def test_attribute_accuracy_counts_given_fields_only():
    doc = GoldDocument("d", "t", events=[gold(type="DELIVERY", supplier="GBR", recipient="UKR", category="missiles", modality="asserted")])
    r = score([doc], {"d": [pred("DELIVERY", "GBR", "UKR", category="missiles", modality=Modality.PLANNED)]})
    assert r.attributes["category"] == [1, 1] and r.attributes["modality"] == [0, 1] and r.attributes["quantity"] == [0, 0]


def test_party_lists_accept_any_listed_code():
    doc = GoldDocument("d", "text", events=[
        gold(type="DELIVERY", supplier=["SUN", "RUS"], recipient="SYR"),
        gold(type="DELIVERY", supplier="TUR", recipient=["NSA:Rebels", "NSA:Syrian rebels"]),
    ])
    preds = [pred("DELIVERY", "SUN", "SYR"), pred("DELIVERY", "TUR", "NSA:Syrian rebels"),
             pred("DELIVERY", "TUR", "SYR")]
    r = score([doc], {"d": preds})
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (2, 1, 0)


def test_report_add_sums_counts_and_documents():
    doc = GoldDocument("d", "text", events=[gold(type="OFFER", supplier="FRA", recipient="IND")])
    a = score([doc], {"d": [pred("OFFER", "FRA", "IND")]})
    b = score([doc], {"d": []})
    a.add(b)
    assert (a.documents, a.overall.tp, a.overall.fn) == (2, 1, 1)
