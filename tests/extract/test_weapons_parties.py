"""Catalog and pattern matching of designations; party aliases and metonymy."""

import pytest
from hypothesis import given, strategies as st

from armswatch.extract.parties import find_parties
from armswatch.extract.weapons import find_weapons


@pytest.mark.parametrize("text,designation,family", [
    ("four Mi-35M attack helicopters", "Mi-35M", "Mi-24/35"),
    ("T90 tanks", "T90", "T-90"),
    ("the Su-57E fighter", "Su-57E", "Su-57"),
    ("three Mi-171Sh transports", "Mi-171Sh", "Mi-8/17"),
    ("Leopard 2A4s", "Leopard 2A4", "Leopard 2"),
    ("F-16s", "F-16", "F-16"),
    ("the AK 56s", "AK 56", "AK"),
    ("Rafales", "Rafale", "Rafale"),
    ("3 MLRS M270 installations", "M270", "M270"),
])
def test_designations(text, designation, family):
    (w,) = find_weapons(text)
    assert (w.designation, w.family) == (designation, family)
    assert text[w.start:w.end].startswith(designation.split()[0])


def test_origin_and_category_from_catalog():
    (w,) = find_weapons("S-400 Triumf systems")
    assert (w.origin, w.category) == ("RUS", "air-defence")


def test_unknown_prefix_is_not_a_weapon():
    assert find_weapons("the G20 summit and COVID-19 and Route 66") == []


@pytest.mark.parametrize("text,codes", [
    ("Moscow and Islamabad", ["RUS", "PAK"]),
    ("the Kremlin said", ["RUS"]),
    ("the U.S. and the UK", ["USA", "GBR"]),
    ("Rosoboronexport and Lockheed Martin", ["RUS", "USA"]),
    ("Pakistan's army", ["PAK"]),
    ("Indian officials", ["IND"]),
    ("the Houthis", ["NSA:Houthis"]),
])
def test_parties(text, codes):
    assert [p.code for p in find_parties(text)] == codes


def test_not_party_phrases_and_lowercase_us():
    assert find_parties("Latin American buyers told us about the Indian Ocean") == []


@given(st.text(max_size=200))
def test_matchers_never_raise(s):
    for w in find_weapons(s):
        assert 0 <= w.start < w.end <= len(s)
    for p in find_parties(s):
        assert s[p.start:p.end] == p.text
