"""Issue 14, honest data: an inferred year is stored and shown as one; no server path is published.

A store of its own: one article found at an absolute path inside a JSONL file,
with one event whose year was written and one whose year was taken from the
publication date. The wording is this test's own.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from armswatch.api.app import create_app
from armswatch.model import Article, Event, EventType, Evidence
from armswatch.provenance import public_source
from armswatch.store import open_store

SERVER_PATH = "/srv/private/intake/batch-7/feed.jsonl"
TEXT = (
    "Ruritania agreed in 2014 to buy ten patrol boats from Freedonia. "
    "Freedonia handed over the first two boats on Friday, officials said."
)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (SERVER_PATH + "#12", "feed.jsonl#12"),
        ("relative/dir/a.txt", "a.txt"),
        ("C:\\corpus\\b.warc.gz#rec-3", "b.warc.gz#rec-3"),
        ("file:///home/user/c.html", "c.html"),
        ("https://news.example/story?id=4", "https://news.example/story?id=4"),
        ("api:https://news.example/5", "api:https://news.example/5"),
        ("/data/x.warc#https://news.example/a/b", "x.warc#https://news.example/a/b"),
        ("/data/y.warc#/tmp/leak/z", "y.warc#z"),
        (None, None),
    ],
)
def test_public_source_never_keeps_a_directory(stored, shown):
    assert public_source(stored) == shown


@pytest.fixture(scope="module")
def honest_client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("honest") / "honest.db")
    cut = TEXT.index("Freedonia handed")
    with open_store(db) as store:
        store.add_article(
            Article(doc_id="honest-1", text=TEXT, title="Boats for Ruritania", publisher="Harbour Gazette",
                    published=dt.date(2016, 3, 4), sources=[SERVER_PATH + "#12"], content_hash="h-honest-1")
        )
        store.replace_events(
            "honest-1",
            [
                Event(doc_id="honest-1", type=EventType.AGREEMENT, supplier="FRA", recipient="GRC",
                      weapon="patrol boat", category="ships", quantity=10, year=2014,
                      evidence=Evidence(text=TEXT[:cut].strip(), start=0, end=cut - 1)),
                Event(doc_id="honest-1", type=EventType.DELIVERY, supplier="FRA", recipient="GRC",
                      weapon="patrol boat", category="ships", quantity=2, year=2016, year_inferred=True,
                      evidence=Evidence(text=TEXT[cut:], start=cut, end=len(TEXT))),
            ],
            "test",
        )
        stored = store.events()
    assert [e.year_inferred for _, e in stored] == [False, True]
    with TestClient(create_app(db, cache=False)) as c:
        yield c


def test_api_events_carry_year_inferred(honest_client):
    items = honest_client.get("/api/events").json()["items"]
    assert {e["year"]: e["year_inferred"] for e in items} == {2014: False, 2016: True}


def test_inferred_year_is_shown_as_publication_year(honest_client):
    html = honest_client.get("/document/honest-1").text
    assert "≈2016 (publication year)" in html
    assert ">2014<" in html
    dyad = honest_client.get("/dyad/FRA/GRC").text
    assert re.search(r'class="pt t-DELIVERY m-asserted inferred"', dyad)
    assert 'class="pt t-AGREEMENT m-asserted"' in dyad
    assert "publication year" in dyad  # the axis says what a hollow mark means


@pytest.mark.parametrize("url", ["/document/honest-1", "/api/documents/honest-1", "/api/events"])
def test_no_server_path_in_pages_or_api(honest_client, url):
    body = honest_client.get(url).text
    assert "/srv/private" not in body and "intake" not in body
    if "document" in url:
        assert "feed.jsonl#12" in body
