"""armswatch.clean.boilerplate: what is cut, what is kept, and its invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.clean.boilerplate import (
    load_patterns,
    remove_boilerplate,
    repair_glued_sentences,
    tidy_layout,
)

BODY = [
    "Greece has agreed to buy twenty F-35 fighters from the United States, the government said.",
    "Deliveries are expected to start in 2028 and to end four years later.",
]


def _with(*extra: str, before: tuple[str, ...] = ()) -> str:
    return "\n".join([*before, *BODY, *extra])


def test_appeal_block_is_cut_to_the_end():
    text = _with(
        "A Message from Our Newsroom:",
        "Dear readers,",
        "Independent reporting costs money. Please support us with a small gift.",
        "Greece has agreed to buy more jets, which is not part of this article.",
    )
    assert remove_boilerplate(text) == "\n".join(BODY)


@pytest.mark.parametrize(
    "header",
    [
        "Dear Readers,",
        "Support independent journalism",
        "You may also like...",
        "You might also like",
        "Related Articles",
        "More stories",
        "Recommended for you",
        "More from Defence Weekly",
        "Before you go",
    ],
)
def test_tail_headers_cut_what_follows(header):
    text = _with(header, "Serbia orders drones from China", "Another headline about tanks")
    assert remove_boilerplate(text) == "\n".join(BODY)


def test_appeal_header_before_the_article_only_drops_its_own_line():
    text = _with(before=("Dear readers,",))
    assert remove_boilerplate(text) == "\n".join(BODY)


@pytest.mark.parametrize(
    "line",
    [
        "Remind me later.",
        "Become a member",
        "Become a subscriber today",
        "Support us",
        "Read more: Turkey pitches its drones to Gulf buyers",
        "Also read: Why the Su-57 has few export customers",
        "READ MORE",
        "Back to top",
        "Share on Facebook",
        "Share this article",
        "Tweet",
        "WhatsApp",
        "Facebook Twitter WhatsApp Email",
        "Share | Tweet | Print",
        "Sign up for our daily defence newsletter and get the top stories in your inbox.",
        "Subscribe to our newsletter",
        "Follow us on social media for the latest defence news.",
        "Follow Example Defence on Google News",
        "Join our Telegram channel for updates",
        "Download our app for breaking news alerts",
        "Enter your email address",
        "Photo: Reuters",
        "Image credit: Ministry of Defence",
        "File photo | AFP",
        "(Photo by Jane Roe/Getty Images)",
        "Jane Roe/AFP via Getty Images",
        "Next story: Egypt eyes Chinese jets",
        "Photo - Ministry of Defence",
        "We use cookies to improve your experience. By using this site you agree to our cookie policy.",
        "Accept all cookies",
        "© 2024 Example Media Ltd. All rights reserved.",
        "Copyright 2023 The Daily Example",
        "This material may not be published, broadcast, rewritten or redistributed.",
    ],
)
def test_single_boilerplate_lines_are_removed(line):
    text = "\n".join([BODY[0], line, BODY[1]])
    assert remove_boilerplate(text) == "\n".join(BODY)


def test_inline_photo_credit_is_removed_and_the_caption_kept():
    text = "Soldiers unload a howitzer in Odesa. (Photo by Jane Roe/Getty Images)\n" + BODY[0]
    assert remove_boilerplate(text) == "Soldiers unload a howitzer in Odesa.\n" + BODY[0]


@pytest.mark.parametrize(
    "line",
    [
        "The ministry said it would share the data with Washington.",
        "Photos by Maxar showed the new battery on the edge of the airbase last week.",
        "Copyright rules were not part of the arms agreement, he said.",
        "Support for the deal in parliament is weak.",
        "More than 20 helicopters were delivered in 2019.",
        "A message from the president was read out at the ceremony.",
        "Related talks are expected in Ankara next month.",
        "Source of the rifles is unclear.",
        "Tweeting on Monday, the minister said the order was signed.",
        "(c) the contract shall enter into force on signature;",
        "Follow-on orders on the jets are expected, officials on the committee said.",
        "Analysts said the army would follow the Polish model on training.",
        "Picture-perfect delivery ceremonies hide long delays, the auditors wrote",
        "Russia delivers S-400 to India (ANI)",
        "Next post of the mission will be in Riga",
        "Source: the Ministry of Defence, Rosoboronex",
    ],
)
def test_article_sentences_that_look_similar_are_kept(line):
    text = "\n".join([BODY[0], line, BODY[1]])
    assert remove_boilerplate(text) == text


@pytest.mark.parametrize(
    ("glued", "fixed"),
    [
        ("was informed earlier this year.The sources said", "was informed earlier this year. The sources said"),
        ("said the sources.They also added", "said the sources. They also added"),
        ("military exercise.These developments", "military exercise. These developments"),
    ],
)
def test_glued_sentences_are_repaired(glued, fixed):
    assert repair_glued_sentences(glued) == fixed


@pytest.mark.parametrize(
    "untouched",
    [
        "weapons from the U.S. Army and the U.K.",
        "systems, e.g. Patriot or SAMP/T",
        "worth 3.5 billion dollars",
        "see www.Example.com for details",
        "mail press.Office@example.org",
        "besides other rifles.AK 56 is lighter",  # upper-upper: outside the rule
        "version 2.Three",
    ],
)
def test_glue_repair_leaves_other_dots_alone(untouched):
    assert repair_glued_sentences(untouched) == untouched


def test_layout_is_tidied():
    messy = "Title   \r\n\r\n\r\n\r\nFirst paragraph.  \n\n\n\nSecond.\n\n\n"
    assert tidy_layout(messy) == "Title\n\nFirst paragraph.\n\nSecond."
    assert remove_boilerplate(messy) == "Title\n\nFirst paragraph.\n\nSecond."


def test_patterns_come_from_the_data_file():
    patterns = load_patterns()
    assert patterns.tail is not None and patterns.line is not None and patterns.inline is not None
    assert patterns.syndication


def test_a_custom_pattern_file_can_replace_the_packaged_one(tmp_path):
    custom = tmp_path / "bp.txt"
    custom.write_text("[line]\n# only one kind here\nzap me\n", encoding="utf-8")
    patterns = load_patterns(str(custom))
    assert remove_boilerplate("keep\nzap me\nDear readers,\nkeep too", patterns) == "keep\nDear readers,\nkeep too"


def test_a_malformed_pattern_file_is_an_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no section header\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_patterns(str(bad))


# -- properties ---------------------------------------------------------------

_PIECES = [
    "A Message from The Example Times:",
    "Dear readers,",
    "Remind me later.",
    "You may also like...",
    "Share on Facebook",
    "(Photo by A. Person/Getty Images)",
    "Photo: AP",
    "Read more: another story",
    "earlier this year.The sources said",
    "the U.S. and e.g. 3.5 tons",
    "Ships were delivered in 2019.",
    "",
    "   ",
    "\t",
]
_LINES = st.one_of(st.sampled_from(_PIECES), st.text(max_size=60))
_TEXTS = st.lists(_LINES, max_size=12).map("\n".join) | st.text(max_size=300)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_subsequence(small: str, big: str) -> bool:
    remaining = iter(big)
    return all(ch in remaining for ch in small)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_cleaning_never_raises_and_only_deletes(text):
    cleaned = remove_boilerplate(text)
    assert isinstance(cleaned, str)
    # Cleaning deletes lines and spans and adds spaces (glue repair, layout),
    # so without whitespace the output is a subsequence of the input.
    assert _is_subsequence(_squeeze(cleaned), _squeeze(text))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_every_output_line_comes_from_the_input(text):
    cleaned = remove_boilerplate(text)
    source_lines = [_squeeze(line) for line in text.replace("\r", "\n").split("\n")]
    for line in cleaned.split("\n"):
        if line.strip():
            # Each output line is made from one input line (never from two).
            assert any(_is_subsequence(_squeeze(line), src) for src in source_lines)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_cleaning_is_idempotent(text):
    once = remove_boilerplate(text)
    assert remove_boilerplate(once) == once
