"""Hard-wrapped wire copy is joined into paragraphs; other layouts are left alone."""

from hypothesis import given
from hypothesis import strategies as st

from armswatch.clean.reflow import is_hard_wrapped, reflow, strip_ticker_tags

WIRE = (
    "The defence ministry said it had signed a contract with a\n"
    "French company for twelve patrol boats worth about 90 mln\n"
    "dlrs, to be delivered over three years.\n"
    "    A ministry spokesman said the first two boats would arrive\n"
    "early next year, and that talks on six more were under way.\n"
    " REUTER"
)


def test_wrapped_paragraphs_are_joined_and_indents_start_paragraphs():
    out = reflow(WIRE).split("\n")
    assert out[0] == ("The defence ministry said it had signed a contract with a French company for twelve "
                      "patrol boats worth about 90 mln dlrs, to be delivered over three years.")
    assert out[1].startswith("A ministry spokesman said the first two boats would arrive early next year")
    assert out[2] == "REUTER"


def test_blank_line_starts_a_paragraph_and_hyphen_breaks_keep_the_hyphen():
    text = ("Officials in the capital confirmed that the long-\nrange missiles had been received from\n"
            "the supplier in the spring of that year.\n\nA second batch is due before the end of\n"
            "the decade, the officials said on Friday.")
    out = reflow(text).split("\n")
    assert out[0].startswith("Officials in the capital confirmed that the long-range missiles had been received")
    assert out[1] == ""
    assert out[2].startswith("A second batch is due before the end of the decade")


def test_headlines_and_prose_with_long_lines_are_unchanged():
    prose = ("Russia has agreed to sell four attack helicopters to Pakistan, officials said on Monday, ending a "
             "long embargo.\nThe deal is worth about 150 million dollars.\nDeliveries start next year.")
    assert reflow(prose) == prose
    assert reflow("India to buy drones from Israel") == "India to buy drones from Israel"
    assert not is_hard_wrapped(prose.split("\n"))


def test_tables_are_not_joined():
    table = "\n".join(f"Item number {i} of the list     {i * 7} units     {i * 3} dlrs" for i in range(8))
    assert reflow(table) == table


def test_ticker_tags_are_dropped():
    assert strip_ticker_tags("Vickers Plc <VICK.L> said its yard <GD> won") == "Vickers Plc said its yard won"
    assert strip_ticker_tags("a <b>bold</b> claim") == "a <b>bold</b> claim"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_reflow_only_changes_line_breaks_and_edge_spaces(text):
    out = reflow(text)
    assert out.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "") or \
        "".join(out.split()) == "".join(text.split())


@given(st.lists(st.text(alphabet="abcdefghij ,.", min_size=30, max_size=80), min_size=1, max_size=12))
def test_reflow_keeps_every_word_in_order(lines):
    text = "\n".join(lines)
    assert reflow(text).split() == text.split() or "".join(reflow(text).split()) == "".join(text.split())
