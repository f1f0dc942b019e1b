"""Title Case headlines reach the parser in sentence case; names, acronyms and lengths are kept."""

from hypothesis import given
from hypothesis import strategies as st

from armswatch.extract.casing import parser_text


def test_title_case_headline_is_sentence_cased_except_names():
    got = parser_text("Australian Navy Cancels Order For The F-35B After Review By NATO")
    assert got == "Australian navy cancels order for the F-35B after review by NATO"


def test_prose_and_short_headlines_are_unchanged():
    prose = "The Defence Ministry said on Monday that Egypt had ordered 24 Rafale jets."
    assert parser_text(prose) == prose
    assert parser_text("Russia Arms Syria") == "Russia Arms Syria"


def test_title_case_headline_keeps_party_names_whole():
    got = parser_text("Saudi Arabia Signs Deal With United Arab Emirates For Drones")
    assert got.startswith("Saudi Arabia signs deal with United Arab Emirates for drones")


@given(st.text(max_size=200))
def test_parser_text_keeps_length_and_letters(text):
    got = parser_text(text)
    assert len(got) == len(text)
    assert got.lower() == text.lower()
