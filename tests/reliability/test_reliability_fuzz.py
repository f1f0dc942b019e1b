"""Fuzz targets for the plain-text boilerplate cleaner and the HTML path.

Hypothesis stands in for a coverage-guided fuzzer: the strategies build
*structured* input (articles with boilerplate lines woven in, nested pages
with scripts, styles, broken tags and deep nesting) so that the cleaner's
interesting paths are reached in a few hundred examples. Each target has a
fixed example budget and a per-example deadline, so CI runs it as a normal
test in bounded time (about 15 s for the file).

Besides "never fails", the targets check what the cleaner promises:
article lines survive, boilerplate lines do not, a trailing appeal is cut
with everything after it, cleaning twice changes nothing, and nothing
inside <script> or <style> ever reaches the text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.clean import clean_document
from armswatch.clean.boilerplate import remove_boilerplate
from armswatch.clean.html import extract_html
from armswatch.model import Article, RawDocument, Skipped
from reliability_helpers import tally

FUZZ = dict(max_examples=300, deadline=timedelta(seconds=5),
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Article sentences (written for these tests). Each is prose no boilerplate
# pattern touches; the number keeps every line distinct.
_PROSE = [
    "The ministry confirmed on Tuesday that the first batch of trainer aircraft had arrived at the base",
    "Officials said the contract covers maintenance, spare parts and the training of forty technicians",
    "The navy expects the two patrol vessels to enter service before the end of the decade",
    "Parliament approved the purchase after a long debate about the cost of the programme",
    "According to the report, the radars will be installed along the northern border next spring",
    "The company declined to comment on the value of the agreement when asked by reporters",
]
# Lines the cleaner must drop wherever they are (the [line] section).
_JUNK_LINES = [
    "Share this article", "Read more: Navy commissions new frigate", "Photo: Reuters/File",
    "© 2024 Example Defence News. All rights reserved.", "Accept all cookies", "Follow us on Twitter for updates",
    "Sign up for our daily newsletter", "Back to top", "Facebook Twitter WhatsApp Email", "Subscribe now",
    "Click here to read the full report", "Remind me later",
]
# Lines that open a trailing block: the rest of the text goes with them.
_TAIL_LINES = ["You may also like", "Before you go", "Related articles", "Dear readers,", "Most read"]


def _prose(index: int) -> str:
    return f"{_PROSE[index % len(_PROSE)]} (item {index})."


@st.composite
def boilerplate_articles(draw):
    """(text, prose lines before any tail, prose lines after the first tail).

    Lines are prose, junk lines, tail openers and blank lines, with Windows
    line ends, tabs, no-break and zero-width spaces sprinkled in.
    """
    kinds = draw(st.lists(st.sampled_from(["prose", "prose", "prose", "junk", "blank", "tail"]), min_size=1, max_size=25))
    lines: list[str] = []
    before: list[str] = []
    after: list[str] = []
    tail_seen = False
    for number, kind in enumerate(kinds):
        if kind == "prose":
            line = _prose(number)
            (after if tail_seen else before).append(line)
        elif kind == "junk":
            line = draw(st.sampled_from(_JUNK_LINES))
        elif kind == "tail":
            line = draw(st.sampled_from(_TAIL_LINES))
            tail_seen = tail_seen or bool(before)
        else:
            line = draw(st.sampled_from(["", " ", "\t", "\u00a0"]))
        pad = draw(st.sampled_from(["", " ", "  ", "\t"]))
        lines.append(pad + line + draw(st.sampled_from(["", " ", "\t"])))
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return newline.join(lines), before, after


@settings(**FUZZ)
@given(boilerplate_articles())
def test_fuzz_plain_text_boilerplate_cleaner(case):
    text, before, after = case
    tally("generated_examples")
    cleaned = remove_boilerplate(text)
    out_lines = [" ".join(line.split()) for line in cleaned.split("\n")]
    for line in before:
        assert line in out_lines, f"article line lost: {line!r}"
    for line in after:
        assert line not in out_lines, f"line after a trailing appeal kept: {line!r}"
    for junk in _JUNK_LINES + _TAIL_LINES:
        assert junk not in out_lines, f"boilerplate kept: {junk!r}"
    assert remove_boilerplate(cleaned) == cleaned
    assert "\r" not in cleaned and not cleaned.startswith("\n") and "\n\n\n" not in cleaned

    result = clean_document(RawDocument(doc_id="fuzz", source="fuzz.txt", body=text))
    if before:
        assert isinstance(result, Article), result
        for line in before:
            assert line in result.text
    else:
        assert isinstance(result, Article) or result.reason == "no article text"


# -- the HTML path ------------------------------------------------------------------

_BLOCK_TAGS = ["div", "p", "section", "article", "main", "span", "b", "i", "ul", "li", "table", "tr", "td", "header",
               "nav", "footer", "aside", "blockquote", "figure", "figcaption", "h2", "font", "center"]
_ATTRS = ["", ' class="story"', ' id="main"', ' style="color: red"', ' onclick="alert(1)"', " hidden",
          ' data-x="&lt;script&gt;"', ' href="javascript:alert(1)"']


def _script(n: int) -> str:
    return f"<script>var SCRIPTMARK{n} = '<p>not text</p>'; if (a < b && c > d) {{ x(); }}</script>"


def _style(n: int) -> str:
    return f"<style>.STYLEMARK{n} {{ color: red }} p > a {{ }}</style>"


_LEAVES = st.one_of(
    st.integers(0, 999).map(lambda n: f"<p>{_prose(n)}</p>"),
    st.sampled_from(_JUNK_LINES).map(lambda line: f"<p>{line}</p>"),
    st.integers(0, 999).map(_script),
    st.integers(0, 999).map(_style),
    st.sampled_from(["", "text &amp; more", "&nbsp;", "<br>", "<hr/>", "<img src=x onerror=alert(1)>",
                     "<!-- comment <p>hidden</p> -->", "<![CDATA[ raw ]]>", "&#x1F600; &bogus; &#0;"]),
)


def _wrap(children):
    return st.tuples(st.sampled_from(_BLOCK_TAGS), st.sampled_from(_ATTRS), st.lists(children, max_size=4),
                     st.booleans()).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}" + ("" if t[3] and t[0] not in ("nav", "footer", "aside") else f"</{t[0]}>"))


@st.composite
def pages(draw):
    """A page: head with title, scripts and styles; a body of nested blocks,
    some unclosed; sometimes wrapped in hundreds of extra levels."""
    body = draw(st.recursive(_LEAVES, _wrap, max_leaves=30))
    depth = draw(st.sampled_from([0, 0, 0, 10, 300, 1200]))
    body = "<div>" * depth + body + "</div>" * draw(st.sampled_from([depth, 0]))
    head = f"<head><title>Fuzz page {draw(st.integers(0, 99))}</title>{_script(1000)}{_style(1000)}</head>"
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-8'?>"]))
    return f"{doctype}<html>{head}<body>{body}{_script(1001)}</body></html>"


@settings(**FUZZ)
@given(pages())
def test_fuzz_html_path(markup):
    tally("generated_examples")
    page = extract_html(markup)
    assert "SCRIPTMARK" not in page.text and "STYLEMARK" not in page.text
    assert "not text" not in page.text and "color: red" not in page.text
    result = clean_document(RawDocument(doc_id="fuzz", source="fuzz.html", body=markup, is_html=True))
    if isinstance(result, Skipped):
        assert result.reason == "no article text", result.reason
        return
    assert "SCRIPTMARK" not in result.text and "STYLEMARK" not in result.text
    for junk in _JUNK_LINES:
        assert junk not in result.text.split("\n")


@pytest.mark.parametrize("depth", [255, 256, 1000, 5000, 20000])
def test_deep_nesting_keeps_the_article(depth):
    markup = ("<html><head><title>Deep</title><script>SCRIPTMARK()</script></head><body>" + "<div>" * depth
              + f"<p>{_prose(1)}</p><p>{_prose(2)}</p>" + "</div>" * depth + "</body></html>")
    result = clean_document(RawDocument(doc_id="deep", source="deep.html", body=markup, is_html=True))
    assert isinstance(result, Article), result
    assert _prose(1) in result.text and _prose(2) in result.text
    assert "SCRIPTMARK" not in result.text
    tally("bad_inputs")
