import datetime as dt

from hypothesis import given, strategies as st

from armswatch.extract.dates import find_years
from armswatch.extract.numbers import find_money, parse_number, parse_quantity
from armswatch.extract.sentences import split_sentences


def test_parse_number_forms():
    assert parse_number("50,000") == 50000
    assert parse_number("four") == 4
    assert parse_number("twenty-four") == 24
    assert parse_number("1.5 million") == 1_500_000
    assert parse_number("a dozen") == 12
    assert parse_number("several") is None


def test_quantity_qualifiers():
    assert parse_quantity("20", "more than ").qualifier == "at-least"
    assert parse_quantity("30", "up to").qualifier == "at-most"
    assert parse_quantity("12", "").qualifier == "exact"
    assert parse_quantity("0.5", "") is None


def test_money():
    amounts = [(m.value.amount, m.value.currency) for m in find_money("a $2 bln deal, $1.5bn more and 300 million euros")]
    assert amounts == [(2_000_000_000, "USD"), (1_500_000_000, "USD"), (300_000_000, "EUR")]


def test_years_and_ranges():
    ys = find_years("delivered from 1996 to 2010, signed in 2015")
    assert [(y.year, y.year_end) for y in ys] == [(1996, 2010), (2015, None)]
    rel = find_years("earlier this year and last year", dt.date(2020, 6, 1))
    assert [y.year for y in rel] == [2020, 2019]


def test_sentences_keep_offsets_and_abbreviations():
    text = "The U.S. Army said so. Gen. Smith agreed!\nNext line"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["The U.S. Army said so.", "Gen. Smith agreed!", "Next line"]
    assert all(text[s.start:s.end] == s.text for s in spans)


@given(st.text(max_size=300))
def test_parsers_never_raise(s):
    parse_number(s)
    parse_quantity(s, s)
    find_money(s)
    find_years(s, dt.date(2020, 1, 1))
    for span in split_sentences(s):
        assert s[span.start:span.end] == span.text
