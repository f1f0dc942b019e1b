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


def test_all_caps_wire_headline_is_read_in_title_case_keeping_acronyms():
    from armswatch.extract.casing import reading_text

    got = reading_text("NATO ALLY TURKEY BUYS S-400 FROM MOSCOW\nThe deal was signed in Ankara.")
    assert got.split("\n")[0] == "NATO Ally Turkey Buys S-400 From Moscow"
    assert got.split("\n")[1] == "The deal was signed in Ankara."


@given(st.text(max_size=200))
def test_reading_text_keeps_length_and_letters(text):
    from armswatch.extract.casing import reading_text

    got = reading_text(text)
    assert len(got) == len(text) and got.lower() == text.lower()


def test_all_caps_headline_events_quote_the_text_as_written(events_of):
    text = "BONN APPROVES SALE OF SUBMARINES TO ISRAEL"
    events = events_of(text)
    assert ("OFFER", "DEU", "ISR") in {(e.type.value, e.supplier, e.recipient) for e in events}
    assert all(e.evidence.text == text[e.evidence.start:e.evidence.end] for e in events)
