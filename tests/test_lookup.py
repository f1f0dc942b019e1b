"""armswatch.lookup: what users type -> stored values, and unknown values as errors with suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.extract.resources import party_aliases
from armswatch.lookup import (
    UnknownValue,
    resolve_category,
    resolve_event_type,
    resolve_modality,
    resolve_party,
    resolve_status,
)

CODES = sorted({a.code for a in party_aliases() if a.kind != "not-party"})


@pytest.mark.parametrize("typed, code", [
    ("PAK", "PAK"), ("pak", "PAK"), ("Pakistan", "PAK"), ("pakistan", "PAK"), ("Islamabad", "PAK"),
    (" russia ", "RUS"), ("Moscow", "RUS"), ("nato", "NATO"), ("nsa:houthis", "NSA:Houthis"),
])
def test_a_party_is_found_by_code_name_or_alias_in_any_case(typed, code):
    assert resolve_party(typed) == code


@given(st.sampled_from(CODES), st.sampled_from(["lower", "upper", "keep"]))
def test_every_code_resolves_to_itself_whatever_its_case(code, case):
    typed = {"lower": code.lower(), "upper": code.upper(), "keep": code}[case]
    assert resolve_party(typed) == code


@pytest.mark.parametrize("typed, suggested", [("Pakstan", "PAK"), ("RUSS", "RUS"), ("Phillipines", "PHL")])
def test_a_misspelled_party_is_an_error_that_suggests_the_right_one(typed, suggested):
    with pytest.raises(UnknownValue) as err:
        resolve_party(typed)
    assert any(s.startswith(suggested) for s in err.value.suggestions)
    assert f"no party called {typed!r}" in str(err.value) and "did you mean" in str(err.value)


def test_a_value_like_nothing_known_is_an_error_without_suggestions():
    with pytest.raises(UnknownValue) as err:
        resolve_party("' OR 1=1 --")
    assert err.value.suggestions == [] and "did you mean" not in str(err.value)


def test_enumerations_accept_any_case_and_spacing_and_suggest_on_typos():
    assert resolve_event_type("agreement") == "AGREEMENT"
    assert resolve_event_type("Embargo imposed") == "EMBARGO_IMPOSED"
    assert resolve_modality("Planned") == "planned"
    assert resolve_category("Armoured vehicles") == "armoured-vehicles"
    assert resolve_status("DELIVERED") == "delivered"
    for resolve, typo, meant in [(resolve_event_type, "AGREMENT", "AGREEMENT"), (resolve_status, "deliverd", "delivered")]:
        with pytest.raises(UnknownValue) as err:
            resolve(typo)
        assert err.value.suggestions[:1] == [meant]


@pytest.mark.parametrize("typed, value", [
    ("mi35", "Mi-35"), ("Mi-35", "Mi-35"), ("MI 35", "Mi-35"), ("mi 35m", "Mi-35M"), ("su35s", "Su-35"),
    ("f16", "F-16"), ("rafale", "Rafale"), ("mi-24/35", "Mi-24/35"), ("Frogfoot", "Su-25"),
])
def test_a_weapon_is_found_by_designation_alias_or_family_with_punctuation_folded(typed, value):
    from armswatch.lookup import resolve_weapon

    assert resolve_weapon(typed) == value


def test_part_of_a_weapon_name_is_kept_for_a_substring_search_and_nonsense_suggests():
    from armswatch.lookup import resolve_weapon

    assert resolve_weapon("MiG") == "MiG"
    with pytest.raises(UnknownValue) as e:
        resolve_weapon("Rafalle")
    assert "Rafale" in e.value.suggestions and "did you mean" in str(e.value)
