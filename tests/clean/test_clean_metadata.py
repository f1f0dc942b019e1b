"""armswatch.clean.metadata: syndication credits, dates, titles, layout."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.clean.metadata import compose_text, extract_syndication, parse_date, split_title

BODY = "Qatar ordered twelve more Rafale jets.\nThe deal was signed in Doha."


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Source:- The Print", "The Print"),
        ("Source: Reuters", "Reuters"),
        ("SOURCE - Defense News.", "Defense News"),
        ("(With inputs from PTI)", "PTI"),
        ("With inputs from agencies", "agencies"),
        ("This article first appeared on The Diplomat.", "The Diplomat"),
        ("This story was originally published by Breaking Defense", "Breaking Defense"),
        ("Originally published in Kommersant", "Kommersant"),
        ("Republished with permission from Army Recognition", "Army Recognition"),
    ],
)
def test_syndication_line_is_read_and_removed(line, outlet):
    text, found = extract_syndication(f"{BODY}\n\n{line}\n")
    assert found == outlet
    assert line not in text and text.strip() == BODY


def test_credit_at_the_end_of_a_paragraph_keeps_the_paragraph():
    text, found = extract_syndication("The guns arrive next year, he said. (With inputs from ANI)")
    assert found == "ANI"
    assert text == "The guns arrive next year, he said."


def test_no_credit_means_no_change():
    text, found = extract_syndication(BODY)
    assert (text, found) == (BODY, None)
    prose = "Sources said the deal was close.\nThe source of the rifles was not named."
    assert extract_syndication(prose) == (prose, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("July 9, 2022 2:16 PM", dt.date(2022, 7, 9)),
        ("July 9, 2022 2:16 PM IST", dt.date(2022, 7, 9)),
        ("2022-07-09", dt.date(2022, 7, 9)),
        ("2022-07-09T23:30:00-05:00", dt.date(2022, 7, 9)),  # the publisher's own day
        ("2015-06-02T10:00:00Z", dt.date(2015, 6, 2)),
        ("Tue, 02 Jun 2015 10:00:00 GMT", dt.date(2015, 6, 2)),
        ("Published: 9 July 2022", dt.date(2022, 7, 9)),
        ("Updated on 10 Jan 2020, 08:00", dt.date(2020, 1, 10)),
        ("20200110", dt.date(2020, 1, 10)),
        ("1657376160", dt.date(2022, 7, 9)),
        ("1657376160000", dt.date(2022, 7, 9)),
    ],
)
def test_dates_are_parsed(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "not a date", "July 2022", "2015", "Monday", "0000-00-00", "31/31/2031", "9" * 40, "x" * 500, 12345],
)
def test_unusable_dates_give_none(value):
    assert parse_date(value) is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.none(), st.from_regex(r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}( \d\d:\d\d)?", fullmatch=True)))
def test_date_parsing_never_raises(value):
    result = parse_date(value)
    assert result is None or (isinstance(result, dt.date) and 1900 <= result.year <= 2100)


def test_plain_text_title_needs_a_short_first_line_and_a_blank_line():
    assert split_title("Qatar orders jets\n\n" + BODY) == ("Qatar orders jets", BODY)
    # Followed directly by text: a first paragraph, not a title.
    assert split_title("Qatar orders jets\n" + BODY) == (None, "Qatar orders jets\n" + BODY)
    # A sentence ending in a full stop is not a headline.
    text = "Qatar ordered jets.\n\n" + BODY
    assert split_title(text) == (None, text)
    long_line = "word " * 50
    assert split_title(long_line + "\n\n" + BODY)[0] is None
    assert split_title("2024\n\n" + BODY)[0] is None
    assert split_title("Only a title\n\n")[0] is None


def test_compose_puts_the_title_first_once():
    assert compose_text("Qatar orders jets", BODY) == "Qatar orders jets\n\n" + BODY
    assert compose_text(None, BODY) == BODY
    # Already the first line (any case or spacing): not repeated.
    assert compose_text("Qatar  orders jets", "QATAR ORDERS JETS\n" + BODY) == "QATAR ORDERS JETS\n\n" + BODY
    # The body opens with the title's words: they are in the text already.
    assert compose_text("Qatar ordered twelve", BODY) == BODY
