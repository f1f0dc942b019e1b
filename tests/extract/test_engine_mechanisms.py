"""Engine mechanisms for classes of real-news phrasing; every sentence here is written for the test."""

import pytest

from armswatch.extract.parties import find_parties


def core(events):
    return {(e.type.value, e.supplier, e.recipient) for e in events}


@pytest.mark.parametrize("text, expected", [
    # A transfer noun carried by a verb that is not a cue: the verb's subject and to-phrase.
    ("Moscow has begun deliveries of S-300 batteries to Tehran", ("DELIVERY", "RUS", "IRN")),
    ("Ankara stepped up weapons shipments to the Syrian rebels", ("DELIVERY", "TUR", "NSA:Syrian rebels")),
    ("Beijing completed the transfer of six frigates to Pakistan", ("DELIVERY", "CHN", "PAK")),
])
def test_support_verbs_lend_subject_and_preps(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text, expected", [
    ("Egypt received Russian-built fighters in 2016", ("DELIVERY", "RUS", "EGY")),
    ("Iraq is equipped with French-made helicopters", ("DELIVERY", "FRA", "IRQ")),
    ("Rebel fighters used U.S.-supplied anti-tank missiles in the offensive",
     ("DELIVERY", "USA", "NSA:Rebels")),
    ("Vietnam in talks to buy Israeli drones", ("NEGOTIATION", "ISR", "VNM")),
])
def test_modifier_origin_is_the_supplier(events_of, text, expected):
    assert expected in core(events_of(text))


def test_own_equipment_in_use_is_no_event(events_of):
    assert core(events_of("Russia used its tanks and artillery in the assault on the town")) == set()
    assert core(events_of("The Indian army fielded Indian-built howitzers near the border")) == set()


@pytest.mark.parametrize("text, expected", [
    ("Washington to give eight patrol boats worth $40 million to Tunisia", ("DELIVERY", "USA", "TUN")),
    ("Greece, France to sign frigate deal", ("NEGOTIATION", "FRA", "GRC")),
    ("The Kurds were supplied with German rifles and anti-tank weapons", ("DELIVERY", "DEU", "NSA:Kurds")),
])
def test_headline_shapes(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text, code", [
    ("arms for Libyan rebels", "NSA:Libyan rebels"),
    ("weapons sent to Syria rebel groups", "NSA:Syrian rebels"),
    ("support for opposition forces", "NSA:Opposition"),
    ("tanks with pro-Russian separatists", "NSA:Pro-Russian separatists"),
    ("military aid to the contras", "NSA:Contras"),
])
def test_armed_groups_named_by_kind(text, code):
    assert code in {p.code for p in find_parties(text)}


def test_bare_opposition_is_not_an_armed_group():
    assert not find_parties("the opposition criticised the budget")


@pytest.mark.parametrize("text", [
    "Norway sends an F-35 squadron to Iceland for air policing",
    "Ankara moved tanks and howitzers to the Syrian border on Sunday",
    "The UAE flew four Mirage jets to Jordan to join the air campaign",
    "Washington dispatched two destroyers and 3,000 marines to the region",
])
def test_own_forces_moving_are_no_transfer(events_of, text):
    assert core(events_of(text)) == set()


def test_weapons_sent_alongside_trainers_are_still_a_delivery(events_of):
    assert ("DELIVERY", "GBR", "UKR") in core(events_of("Britain sends 20 instructors and 1,000 anti-tank weapons to Ukraine"))


@pytest.mark.parametrize("text, expected", [
    ("Madrid suspended arms exports to Caracas after the crackdown", ("EMBARGO_IMPOSED", "ESP", "VEN")),
    ("Paris froze weapons exports to Ankara", ("EMBARGO_IMPOSED", "FRA", "TUR")),
    ("Italy halted deliveries of its attack helicopters to Turkey over the dispute", ("CANCELLATION", "ITA", "TUR")),
    ("Berlin plans to sell six submarines to Israel", ("OFFER", "DEU", "ISR")),
    ("Seoul to sell K9 howitzers to Norway", ("NEGOTIATION", "KOR", "NOR")),
    ("Chile has acquired two frigates from the Netherlands", ("DELIVERY", "NLD", "CHL")),
    ("Iran arming Houthis, officials say", ("DELIVERY", "IRN", "NSA:Houthis")),
])
def test_type_follows_the_class_of_phrasing(events_of, text, expected):
    assert expected in core(events_of(text))


def test_historical_codes_follow_the_publication_date(events_of):
    import datetime as dt

    old = core(events_of("Moscow delivered MiG-23 fighters to Syria.", published=dt.date(1985, 5, 2)))
    new = core(events_of("Moscow delivered MiG-29 fighters to Syria.", published=dt.date(2015, 5, 2)))
    assert ("DELIVERY", "SUN", "SYR") in old and ("DELIVERY", "RUS", "SYR") in new


@pytest.mark.parametrize("text, expected", [
    ("Ottawa is pressing ahead with the Saudi armoured vehicle deal", ("AGREEMENT", "CAN", "SAU")),
    ("Israeli jets may strike Iranian shipments of rockets to Hezbollah", ("DELIVERY", "IRN", "NSA:Hezbollah")),
    ("House panel votes to provide anti-tank weapons to Ukraine", None),
    ("Qatar agrees to provide the rebels with anti-aircraft missiles", ("DELIVERY", "QAT", "NSA:Rebels")),
    ("Turkey smuggling arms to Kurdish militants", ("DELIVERY", "TUR", "NSA:Kurds")),
    pytest.param("Turkey smuggling weapons to militants in Syria, paper says", ("DELIVERY", "TUR", "NSA:Militants"),
                 marks=pytest.mark.xfail(reason="the tagger reads 'smuggling' as a modifier of 'weapons'", strict=False)),
])
def test_noun_and_infinitive_frames_find_both_sides(events_of, text, expected):
    got = core(events_of(text))
    if expected is None:
        assert not any(s is None or r is None for _, s, r in got)
    else:
        assert expected in got


@pytest.mark.parametrize("text, expected", [
    ("Vietnam to buy patrol aircraft from Japan", ("NEGOTIATION", "JPN", "VNM")),
    ("Egypt may buy more submarines from Germany", ("NEGOTIATION", "DEU", "EGY")),
    ("Belarus may sell more fighters to Serbia", ("NEGOTIATION", "BLR", "SRB")),
    ("Moscow says it will keep selling weapons to Caracas", ("DELIVERY", "RUS", "VEN")),
    ("In 2009 Paris was trying to sell Brazil the Rafale", ("OFFER", "FRA", "BRA")),
    ("Israel to sell drones to India's neighbour Sri Lanka", ("NEGOTIATION", "ISR", "LKA")),
])
def test_prospective_and_continuing_trade(events_of, text, expected):
    got = core(events_of(text))
    assert expected in got
    assert ("NEGOTIATION", "ISR", "IND") not in got


@pytest.mark.parametrize("text, expected", [
    ("Paris drops plans to arm the rebels", ("REJECTION", "FRA", "NSA:Rebels")),
    ("Washington resists pressure to arm Georgia", ("REJECTION", "USA", "GEO")),
    ("Beijing says it will not sell drones to Syria", ("REJECTION", "CHN", "SYR")),
    ("Tehran will talk once Moscow stops arming Azerbaijan", ("DELIVERY", "RUS", "AZE")),
    ("Qatar to buy U.S. helicopters for $2 billion", ("NEGOTIATION", "USA", "QAT")),
])
def test_refusals_conditions_and_headline_infinitives(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text, expected", [
    ("Washington hands over 12 armored Humvees to Kiev", ("DELIVERY", "USA", "UKR")),
    ("Kurdish fighters supplied with mortars by Germany", ("DELIVERY", "DEU", "NSA:Kurds")),
    ("Washington partially resumes arms sales to Manama", ("EMBARGO_LIFTED", "USA", "BHR")),
    ("Revealed: Britains role in arming Saudi Arabia", ("DELIVERY", "GBR", "SAU")),
])
def test_particles_participles_resumptions_and_dropped_apostrophes(events_of, text, expected):
    assert expected in core(events_of(text))


def test_several_kinds_in_one_transfer_make_one_event(events_of):
    got = [e for e in events_of("Paris sent rifles, mortars and ammunition to the Lebanese army")
           if (e.supplier, e.recipient) == ("FRA", "LBN")]
    assert len(got) == 1


@pytest.mark.parametrize("text, expected", [
    ("Berlin gives the go-ahead for the sale of Leopard tanks to Qatar", ("OFFER", "DEU", "QAT")),
    ("Seoul gave the green light to the sale of K2 tanks to Poland", ("OFFER", "KOR", "POL")),
    ("Indonesia set to buy 42 French fighter jets", ("NEGOTIATION", "FRA", "IDN")),
    ("Britain cuts Saudi weapons contracts", ("CANCELLATION", "GBR", "SAU")),
])
def test_approvals_readiness_and_cuts(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text, expected", [
    ("Paris to renew its offer to supply Rafale jets to Qatar", ("OFFER", "FRA", "QAT")),
    ("Washington plans a $2 billion arms deal with Baghdad", ("NEGOTIATION", "USA", "IRQ")),
])
def test_offers_with_infinitives_and_deals_in_prospect(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text", [
    "Moscow sends an aircraft carrier to the Syrian coast",
    "Ottawa sends a warship to Libya",
    "A Thai court rejected a U.S. request for the extradition of a Russian arms dealer",
])
def test_navies_moving_and_arms_words_about_people_are_no_transfers(events_of, text):
    assert core(events_of(text)) == set()


def test_a_counted_ship_transfer_is_still_a_delivery(events_of):
    assert ("DELIVERY", "CHN", "PAK") in core(events_of("Beijing handed over two frigates to Pakistan"))


def test_a_kind_word_after_a_named_group_is_that_group():
    assert [p.code for p in find_parties("arms for Taliban insurgents")] == ["NSA:Taliban"]


@pytest.mark.parametrize("text", [
    "Tehran requests removal of the slogans from Iranian missiles",
    "Bucharest seeks an explanation from Moscow over the bomber flights",
])
def test_requests_for_other_things_are_no_events(events_of, text):
    assert core(events_of(text)) == set()


@pytest.mark.parametrize("text, expected", [
    ("The Saudi-led coalition used bombs supplied by the United States", ("DELIVERY", "USA", "SAU")),
    ("The rebels fielded rifles made in Belgium", ("DELIVERY", "BEL", "NSA:Rebels")),
])
def test_participles_after_equipment_name_its_origin(events_of, text, expected):
    assert expected in core(events_of(text))


@pytest.mark.parametrize("text, expected", [
    ("Dassault, seeking to sell Mirage jets to India, opened an office in Delhi", ("OFFER", "FRA", "IND")),
    ("Sweden is expected to offer Gripen fighters to Thailand", ("OFFER", "SWE", "THA")),
])
def test_sellers_seeking_and_raised_subjects(events_of, text, expected):
    assert expected in core(events_of(text))
