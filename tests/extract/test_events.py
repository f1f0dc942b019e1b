"""Event extraction on sentences written for these tests (no article text copied)."""

import datetime as dt

import pytest


def one(events, etype, supplier=None, recipient=None):
    found = [e for e in events if e.type.value == etype and (supplier is None or e.supplier == supplier)
             and (recipient is None or e.recipient == recipient)]
    assert len(found) == 1, f"expected one {etype} {supplier}->{recipient}, got {[(e.type.value, e.supplier, e.recipient) for e in events]}"
    return found[0]


def test_offer(events_of):
    e = one(events_of("France offered India 26 Rafale Marine jets for its aircraft carrier."), "OFFER", "FRA", "IND")
    assert e.weapon.lower().startswith("rafale")
    assert e.quantity == 26


def test_approved_possible_sale_is_offer_with_value(events_of):
    e = one(events_of("The State Department approved the possible sale of Harpoon missiles to Taiwan worth $1.2 billion."), "OFFER", "USA", "TWN")
    assert e.value is not None and e.value.amount == 1_200_000_000 and e.value.currency == "USD"
    assert e.category == "missiles"


def test_request_with_possessive_and_quantity(events_of):
    e = one(events_of("Egypt has asked Russia for 24 Su-35 fighter jets."), "REQUEST", "RUS", "EGY")
    assert e.weapon == "Su-35" and e.quantity == 24 and e.category == "aircraft"


def test_negotiation(events_of):
    e = one(events_of("India and Russia are negotiating the purchase of S-400 air defence systems."), "NEGOTIATION", "RUS", "IND")
    assert e.weapon.startswith("S-400") and e.category == "air-defence"


def test_agreement_direction_from_weapon_origin(events_of):
    events = events_of("Pakistan signed a contract with China in 2021 for 25 J-10C fighters.")
    e = one(events, "AGREEMENT", "CHN", "PAK")
    assert e.year == 2021 and e.quantity == 25


def test_delivery_with_year_range(events_of):
    e = one(events_of("Between 2001 and 2005 Germany delivered 12 Leopard 2 tanks to Greece."), "DELIVERY", "DEU", "GRC")
    assert (e.year, e.year_end) == (2001, 2005) and e.quantity == 12


def test_rejection_of_request_both_events(events_of):
    events = events_of("Sweden rejected a request from Turkey to buy 30 Archer howitzers.")
    rej = one(events, "REJECTION", "SWE", "TUR")
    req = one(events, "REQUEST", "SWE", "TUR")
    assert rej.quantity == req.quantity == 30


def test_will_not_supply_is_rejection(events_of):
    one(events_of("Israel will not supply Iron Dome batteries to Ukraine, its defence minister said."), "REJECTION", "ISR", "UKR")


def test_cancellation(events_of):
    e = one(events_of("Turkey cancelled its order for 100 F-35 jets from the United States."), "CANCELLATION")
    assert {e.supplier, e.recipient} == {"USA", "TUR"}


def test_embargo_imposed_and_lifted(events_of):
    one(events_of("The European Union imposed an arms embargo on Venezuela in 2017."), "EMBARGO_IMPOSED", "EU", "VEN")
    e = one(events_of("Washington lifted its ban on lethal arms sales to Vietnam."), "EMBARGO_LIFTED", "USA", "VNM")
    assert e.weapon is None


def test_negated_past_is_denied(events_of):
    e = one(events_of("Officials said Brazil did not sign any contract with Sweden for Gripen fighters."), "AGREEMENT")
    assert e.modality.value == "denied"


@pytest.mark.parametrize("text,modality", [
    ("Spain will deliver four Leopard 2 tanks to Ukraine next month.", "planned"),
    ("Spain could deliver Leopard 2 tanks to Ukraine.", "possible"),
    ("Spain delivered four Leopard 2 tanks to Ukraine.", "asserted"),
])
def test_modality(events_of, text, modality):
    e = one(events_of(text), "DELIVERY", "ESP", "UKR")
    assert e.modality.value == modality


@pytest.mark.parametrize("phrase,quantity,qualifier", [
    ("more than 20", 20, "at-least"),
    ("up to 36", 36, "at-most"),
    ("about 50", 50, "about"),
    ("a number of", None, None),
    ("two squadrons of", None, None),
])
def test_quantities(events_of, phrase, quantity, qualifier):
    e = one(events_of(f"India received {phrase} Rafale jets from France."), "DELIVERY", "FRA", "IND")
    assert e.quantity == quantity and e.quantity_qualifier == qualifier


def test_attribution(events_of):
    e = one(events_of("Algeria has ordered 14 Su-34 bombers from Russia, Kommersant reported."), "AGREEMENT", "RUS", "DZA")
    assert e.attribution == "Kommersant"


def test_relative_year_from_publication(events_of):
    e = one(events_of("Poland signed a deal with South Korea last year for 180 K2 tanks.", published=dt.date(2023, 5, 2)),
            "AGREEMENT", "KOR", "POL")
    assert e.year == 2022


@pytest.mark.parametrize("text", [
    "The navy sent a frigate to the Black Sea for exercises.",
    "The city council voted for an assault weapons ban.",
    "Taiwan scrambled jets after Chinese aircraft entered its air defence zone.",
    "A tycoon sold two private jets and a yacht to pay his debts.",
    "The submarine was delivered to the Russian Navy in June.",
])
def test_hard_negatives(events_of, text):
    assert events_of(text) == []


def test_evidence_offsets_point_into_text(events_of):
    text = "Markets were calm.\n\nGreece received two Rafale jets from France in 2021."
    (e,) = events_of(text)
    assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    assert "Rafale" in e.evidence.text


def test_same_event_in_title_and_body_is_one(events_of):
    text = ("Egypt buys 24 Su-35 jets from Russia\n\n"
            "Egypt has bought 24 Su-35 fighter jets from Russia, a defence source said.")
    events = events_of(text)
    assert len([e for e in events if e.type.value == "AGREEMENT"]) == 1
