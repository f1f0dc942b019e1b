"""Property-based tests: the cleaner, the quantity and date parsers and the
ingest readers never fail on any input, and take bounded time on each.

"Never fail" is stronger than "never raise": ``clean_document`` and
``read_inputs`` already turn an unexpected exception into a Skipped
("cleaning failed: ...", "reader failed: ..."), so the tests also check
that no such Skipped ever comes out. That would be a bug hidden as a skip.

Every test has a bounded number of examples and a per-example deadline, so
the file runs in CI like any other test (about 20 s).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import tempfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reliability_helpers import tally

from armswatch.clean import clean_document
from armswatch.clean.metadata import parse_date
from armswatch.extract.dates import find_years, nearest_year
from armswatch.extract.numbers import (
    find_money,
    parse_number,
    parse_quantity,
    qualifier_before,
)
from armswatch.ingest import read_inputs
from armswatch.model import Article, RawDocument, Skipped

# Generous per-example bound: the inputs are at most a few KB, which the
# cleaner handles in milliseconds; only a hang or a blow-up comes near it.
DEADLINE = timedelta(seconds=5)
SETTINGS = dict(deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Outcomes of cleaning that are answers about the input, not failures.
ACCEPTED_SKIPS = ("no article text", "not English (detected ", "document too large: ")


@pytest.fixture(scope="module", autouse=True)
def _warm_up():
    """Load trafilatura, lxml and the patterns once, outside any deadline."""
    clean_document(RawDocument(doc_id="w", source="w", body="<html><body><p>Warm up text.</p></body></html>", is_html=True))
    clean_document(RawDocument(doc_id="w", source="w", body="Warm up text."))


def check_cleaned(result: Article | Skipped) -> None:
    """What any cleaning result must look like."""
    tally("generated_examples")
    if isinstance(result, Skipped):
        assert result.reason.startswith(ACCEPTED_SKIPS), result.reason
        return
    assert isinstance(result, Article)
    text = result.text
    assert any(ch.isalpha() for ch in text)
    text.encode("utf-8")  # storable: no lone surrogates
    assert "\r" not in text and "\x00" not in text
    assert all(ch in "\n\t" or ord(ch) >= 32 for ch in text if ord(ch) < 128)
    assert result.published is None or 1900 <= result.published.year <= 2100
    assert len(result.content_hash) == 64 and 0 <= result.simhash < 1 << 64
    assert result.sources


# -- the cleaner on arbitrary input ---------------------------------------------------

_MARKUP_TOKENS = list("<>/=\"'!-&#;: \n\tabcdehilmnoprstvy") + [
    "<p>", "</p>", "<div>", "<script>", "</script>", "<style>", "<!--", "-->", "&amp;", "&#0;", "&#xD800;",
    "<![CDATA[", "<?xml version='1.0' encoding='utf-8'?>", "\x00", "\ufeff", "<title>", "<meta charset=x>",
    " Russia sold tanks to India. ",
]
_HTMLISH = st.lists(st.sampled_from(_MARKUP_TOKENS), max_size=200).map("".join)


@settings(max_examples=200, **SETTINGS)
@given(st.text(max_size=3000), st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=40)))
def test_cleaner_never_fails_on_any_text(body, title, published):
    check_cleaned(clean_document(RawDocument(doc_id="d", source="s", body=body, title=title, published=published)))


@settings(max_examples=150, **SETTINGS)
@given(st.one_of(_HTMLISH, st.text(max_size=1500)), st.one_of(st.none(), st.text(max_size=60)))
def test_cleaner_never_fails_on_any_markup(body, url):
    check_cleaned(clean_document(RawDocument(doc_id="d", source="s", body=body, is_html=True, url=url)))


# -- parsers --------------------------------------------------------------------------

_NUMBERISH = st.one_of(
    st.text(max_size=200),
    st.from_regex(r"(US\$|\$|€|£|₹|Rs\.?|USD )?\d{1,30}([,.]\d{1,3}){0,4}\s?(trillion|billion|bn|mln|million|m|k|crore|lakh)?"
                  r"( dollars| euros| rupees)?", fullmatch=True),
    st.lists(st.sampled_from(["a", "an", "one", "dozen", "twenty", "hundred", "thousand", "million", "and", "-", "4",
                              "1,000", "3.5", "more than", "about", "at least", "nearly"]), max_size=10).map(" ".join),
)


@settings(max_examples=300, **SETTINGS)
@given(_NUMBERISH, st.text(max_size=40))
def test_quantity_and_money_parsers_never_raise(text, prefix):
    tally("generated_examples")
    number = parse_number(text)
    assert number is None or isinstance(number, float)
    quantity = parse_quantity(text, prefix)
    assert quantity is None or (1 <= quantity.value <= 10_000_000 and quantity.qualifier)
    assert qualifier_before(prefix) in ("exact", "about", "at-least", "at-most")
    for money in find_money(text + " " + prefix):
        assert money.value.amount >= 0 and money.value.currency  # "0.1 dollars" rounds to 0
        assert 0 <= money.start < money.end


_DATEISH = st.one_of(
    st.text(max_size=120),
    st.from_regex(r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?( ?[+-]\d{2}:?\d{2}|Z| [A-Z]{3})?",
                  fullmatch=True),
    st.from_regex(r"(published|updated|on)?:? ?\d{1,2} (jan|feb|march|sept|dec)\w* \d{1,6}", fullmatch=True),
    st.from_regex(r"\d{9,40}(\.\d{1,5})?", fullmatch=True),
    st.integers().map(str),
)


@settings(max_examples=300, **SETTINGS)
@given(_DATEISH)
def test_publication_date_parser_never_raises(value):
    tally("generated_examples")
    parsed = parse_date(value)
    assert parsed is None or (isinstance(parsed, dt.date) and 1900 <= parsed.year <= 2100)


@settings(max_examples=50, **SETTINGS)
@given(st.one_of(st.integers(), st.floats(), st.binary(max_size=20), st.lists(st.integers(), max_size=3)))
def test_publication_date_parser_takes_any_object(value):
    assert parse_date(value) is None  # only strings are dates


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(st.text(max_size=300), _DATEISH.map(lambda d: f"In {d} and from 2001 to 2019, or 2015-16.")),
       st.one_of(st.none(), st.dates()), st.integers(min_value=-10, max_value=400))
def test_year_finder_never_raises(text, published, position):
    tally("generated_examples")
    years = find_years(text, published)
    for mention in years:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.year_end is None or mention.year_end > mention.year
    found = nearest_year(years, position)
    assert (found is None) == (not years)


@pytest.mark.parametrize("text", ["9" * 400, "$" + "9" * 400, "1" + "0" * 400 + " billion dollars"],
                         ids=["digits", "dollars", "words"])
def test_digit_runs_too_long_for_a_float(text):
    parse_quantity(text)
    find_money(text)


# -- readers on arbitrary bytes ---------------------------------------------------------

_EXTENSIONS = [".txt", ".md", "", ".html", ".htm", ".xhtml", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz",
               ".rss", ".atom", ".xml", ".gz", ".pdf"]

_WARC_HEAD = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: 80\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>")
_FEED_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><description>'


def _payloads() -> st.SearchStrategy[bytes]:
    raw = st.binary(max_size=600)
    texty = st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass"))
    jsonish = st.lists(st.one_of(st.just(b'{"id": "x", "text": "Some text here."}'), st.binary(max_size=60),
                                 st.just(b'{"html": "<p>x</p>", "published": "yesterday"}'), st.just(b"[" * 50)),
                       max_size=6).map(b"\n".join)
    framed = st.sampled_from([_WARC_HEAD, _FEED_HEAD, b"\xef\xbb\xbf", b"\xff\xfe", b"<html><meta charset=utf-16>"])
    base = st.one_of(raw, texty, jsonish, st.tuples(framed, raw).map(b"".join))
    return st.one_of(base, base.map(gzip.compress), base.map(lambda b: gzip.compress(b)[: max(1, len(b) // 2)]))


@settings(max_examples=250, **SETTINGS)
@given(st.sampled_from(_EXTENSIONS), _payloads())
def test_readers_and_cleaner_never_fail_on_any_bytes(extension, data):
    tally("generated_examples")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input" + extension)
        with open(path, "wb") as handle:
            handle.write(data)
        items = list(read_inputs([path]))
    assert items, "every input gives at least a document or a skip"
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason and not item.reason.startswith("reader failed"), item.reason
            assert item.source == path
            continue
        assert isinstance(item, RawDocument) and isinstance(item.body, str)
        item.body.encode("utf-8")
        check_cleaned(clean_document(item))


@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.sampled_from(_EXTENSIONS), min_size=1, max_size=5), st.data())
def test_a_folder_of_anything_is_read_in_a_stable_order(extensions, data):
    with tempfile.TemporaryDirectory() as folder:
        for i, extension in enumerate(extensions):
            with open(os.path.join(folder, f"f{i}{extension}"), "wb") as handle:
                handle.write(data.draw(_payloads()))
        first = [(type(x).__name__, x.source) for x in read_inputs([folder])]
        second = [(type(x).__name__, x.source) for x in read_inputs([folder])]
    assume(first)
    assert first == second
