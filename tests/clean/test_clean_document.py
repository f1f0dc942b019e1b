"""armswatch.clean.clean_document: the whole cleaning step, record to record."""

from __future__ import annotations

import datetime as dt

from clean_helpers import FRENCH, PAGE, STORY

from armswatch.clean import clean_document, tidy_characters
from armswatch.model import Article, RawDocument, Skipped

TITLE, _, BODY = STORY.partition("\n\n")


def test_plain_text_with_a_title_line():
    raw = RawDocument(doc_id="n.txt", source="n.txt", body=STORY + "\n\nSource: Defence Wire\n", published="2024-03-07")
    article = clean_document(raw)
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.text == STORY  # title, blank line, body
    assert article.text.index(TITLE) == 0
    assert article.syndicated_from == "Defence Wire"
    assert article.published == dt.date(2024, 3, 7)
    assert article.sources == ["n.txt"] and article.url is None and article.doc_id == "n.txt"
    assert len(article.content_hash) == 64 and article.simhash and len(article.claim_key) == 64


def test_record_title_is_put_before_the_body_once():
    raw = RawDocument(doc_id="c1", source="c.jsonl#1", body=BODY, title=TITLE, publisher="Wire", url="https://w.example/1")
    article = clean_document(raw)
    assert article.text == f"{TITLE}\n\n{BODY}"
    assert article.sources == ["https://w.example/1"] and article.publisher == "Wire"
    again = clean_document(RawDocument(doc_id="c2", source="c.jsonl#2", body=STORY, title=TITLE))
    assert again.text == STORY  # the body already starts with the title


def test_html_document_uses_page_metadata():
    raw = RawDocument(doc_id="https://x.example/vn", source="crawl.warc#1", body=PAGE, is_html=True,
                      url="https://x.example/vn", published="2030-01-01T00:00:00Z")
    article = clean_document(raw)
    assert isinstance(article, Article)
    assert article.title == "Vietnam buys trainer jets"
    assert article.text.startswith("Vietnam buys trainer jets\n\n")
    assert article.text.count("Vietnam buys trainer jets") == 1
    assert article.publisher == "Example Defence"
    # The page's own date wins over the crawl date of the WARC record.
    assert article.published == dt.date(2023, 11, 5)


def test_html_without_a_date_falls_back_to_the_record_date():
    fragment = "<p>Kenya took delivery of ten armoured personnel carriers from the United Arab Emirates.</p>"
    raw = RawDocument(doc_id="g1", source="f.rss#1", body=fragment, is_html=True,
                      title="Kenya receives carriers", published="Tue, 02 Mar 2021 09:30:00 GMT", publisher="Arms Desk")
    article = clean_document(raw)
    assert article.published == dt.date(2021, 3, 2)
    assert article.text.startswith("Kenya receives carriers\n\nKenya took delivery")
    assert article.publisher == "Arms Desk"


def test_nothing_left_is_skipped():
    for body in ("", "   \n\n", "Share on Facebook\nTweet\nBack to top"):
        result = clean_document(RawDocument(doc_id="e", source="e.txt", body=body))
        assert isinstance(result, Skipped) and result.reason == "no article text"
    html = clean_document(RawDocument(doc_id="h", source="h.html", body="<html><script>x()</script></html>", is_html=True))
    assert isinstance(html, Skipped) and html.reason == "no article text"


def test_non_english_is_skipped_with_the_language():
    result = clean_document(RawDocument(doc_id="fr", source="fr.txt", body=FRENCH))
    assert isinstance(result, Skipped) and result.reason == "not English (detected fr)"


def test_an_internal_failure_becomes_a_skipped():
    broken = RawDocument(doc_id="b", source="b.txt", body=None)  # type: ignore[arg-type]
    result = clean_document(broken)
    assert isinstance(result, Skipped) and result.reason.startswith("cleaning failed")


def test_characters_are_tidied():
    assert tidy_characters("a\u00a0b\u200bc\r\nd\x00e\u00ad") == "a bc\nde"
