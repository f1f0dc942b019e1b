"""Identity vs content (issue 16, finding 1): an id, URL or path seen again with
another text is a new revision, never a silently dropped "duplicate".

Each test runs the CLI (``run``/``ingest``/``show``) on inputs written here,
then checks the stored documents, revisions, events, deals and sources.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import main
from armswatch.store import open_store

DELIVERED = (
    "France delivers jets to India\n\n"
    "France delivered 12 Rafale fighter jets to India in 2015, officials said. "
    "The committee noted that the budget for the coming year was under review."
)
# The next day's text under the same path: another quantity, another year.
REVISED = DELIVERED.replace("12 Rafale", "40 Rafale").replace("2015", "2016")
CANCELLED = (
    "India cancels jet order\n\n"
    "India cancelled the purchase of 12 Rafale fighter jets from France in 2016, officials said. "
    "The committee noted that the budget for the coming year was under review."
)


@pytest.fixture()
def runner():
    return CliRunner(mix_stderr=False)


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "revisions.db")


def _invoke(runner, *args):
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result


def _rows(db: str, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql, params).fetchall()


def test_overwritten_text_file_becomes_revision_2_with_its_own_events_and_deal(runner, db, tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(DELIVERED, encoding="utf-8")
    _invoke(runner, "run", str(path), "--db", db)
    with open_store(db) as store:
        [(_, first)] = store.events()
        assert (first.quantity, first.year) == (12, 2015)

    path.write_text(REVISED, encoding="utf-8")
    result = _invoke(runner, "run", str(path), "--db", db)
    # Said on stderr, counted in the summary: nothing passes as a duplicate.
    assert f"armswatch: revised {path}: new text stored as revision 2" in result.stderr
    assert "1 revised" in result.stderr and "0 already stored" in result.stderr
    with open_store(db) as store:
        article = store.get_article(str(path))
        assert article.text == REVISED and article.revision == 2
        revisions = store.revisions(str(path))
        assert [(r.revision, r.latest) for r in revisions] == [(1, False), (2, True)]
        assert store.get_revision(str(path), 1).text == DELIVERED  # kept for provenance
        assert store.get_revision(str(path), 2).text == REVISED
        [(_, event)] = store.events()
        assert (event.quantity, event.year) == (40, 2016)  # re-extracted from the new text
        from armswatch.link import list_deals

        [deal] = list_deals(store)
        assert [c.quantity for c in deal.claims] == [40]  # relinked: the old claim is gone
        assert store.stats().documents == 1 and store.stats().sources == 1

    # A rerun over the same (or the old) text adds nothing.
    again = _invoke(runner, "ingest", str(path), "--db", db)
    assert "0 new, 0 revised, 1 duplicates" in again.stderr
    path.write_text(DELIVERED, encoding="utf-8")
    _invoke(runner, "ingest", str(path), "--db", db)
    assert _rows(db, "SELECT count(*) FROM document_revisions") == [(2,)]


def test_show_lists_revisions_and_prints_an_earlier_text(runner, db, tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(DELIVERED, encoding="utf-8")
    _invoke(runner, "ingest", str(path), "--db", db)
    path.write_text(REVISED, encoding="utf-8")
    _invoke(runner, "ingest", str(path), "--db", db)
    latest = _invoke(runner, "show", str(path), "--db", db).stdout
    assert "revisions:  2 (showing 2)" in latest and "40 Rafale" in latest
    earlier = _invoke(runner, "show", str(path), "--db", db, "--revision", "1").stdout
    assert "12 Rafale" in earlier and "40 Rafale" not in earlier
    assert "events are extracted from the latest revision, 2" in earlier
    missing = runner.invoke(main, ["show", str(path), "--db", db, "--revision", "3"])
    assert missing.exit_code == 1 and "has no revision 3 (it has 2)" in missing.stderr


def test_reused_jsonl_id_is_a_revision_and_number_ids_differ_from_strings(runner, db, tmp_path):
    day1 = tmp_path / "day1.jsonl"
    day2 = tmp_path / "day2.jsonl"
    day1.write_text(
        json.dumps({"id": "a-1", "text": DELIVERED}) + "\n"
        + json.dumps({"id": 7, "text": DELIVERED.replace("India", "Egypt")}) + "\n"
        + json.dumps({"id": "7", "text": DELIVERED.replace("India", "Algeria")}) + "\n",
        encoding="utf-8",
    )
    day2.write_text(json.dumps({"id": "a-1", "text": CANCELLED}) + "\n", encoding="utf-8")
    _invoke(runner, "ingest", str(day1), "--db", db)
    _invoke(runner, "ingest", str(day2), "--db", db)
    docs = dict(_rows(db, "SELECT doc_id, revision FROM documents"))
    assert docs == {"a-1": 2, "json:7": 1, "7": 1}
    with open_store(db) as store:
        assert store.get_article("a-1").text == CANCELLED
        assert "Egypt" in store.get_article("json:7").text
        assert "Algeria" in store.get_article("7").text
        # Each revision names the record it came from; the document lists both.
        assert [r.source for r in store.revisions("a-1")] == [f"{day1}#1", f"{day2}#1"]
        assert store.get_article("a-1").sources == [f"{day1}#1", f"{day2}#1"]


def test_second_warc_capture_of_a_url_is_a_revision(runner, db, tmp_path):
    from ingest_helpers import PAGE, warc_bytes

    url = "https://news.example/jets"
    first = PAGE.format(title="Jets delivered", text=DELIVERED.split("\n\n")[1]).encode()
    second = PAGE.format(title="Jet order cancelled", text=CANCELLED.split("\n\n")[1]).encode()
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_bytes([("response", url, "200 OK|text/html", first),
                                    ("response", url, "200 OK|text/html", second)], gzip=True))
    result = _invoke(runner, "run", str(archive), "--db", db)
    assert f"revised {url}" in result.stderr
    with open_store(db) as store:
        assert store.stats().documents == 1
        assert store.get_article(url).title == "Jet order cancelled"
        assert [e.type.value for _, e in store.events()] == ["CANCELLATION"]
        assert [r.title for r in store.revisions(url)] == ["Jets delivered", "Jet order cancelled"]


def test_feed_items_sharing_a_guid_are_revisions(runner, db, tmp_path):
    def item(title: str, body: str) -> str:
        return (f"<item><title>{title}</title><guid>urn:story:1</guid>"
                f"<description>{body}</description></item>")

    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + item("Jets delivered", DELIVERED.split("\n\n")[1])
        + item("Jet order cancelled", CANCELLED.split("\n\n")[1])
        + "</channel></rss>",
        encoding="utf-8",
    )
    _invoke(runner, "ingest", str(feed), "--db", db)
    assert _rows(db, "SELECT doc_id, revision, title FROM documents") == [
        ("urn:story:1", 2, "Jet order cancelled")
    ]
    with open_store(db) as store:
        assert [r.title for r in store.revisions("urn:story:1")] == ["Jets delivered", "Jet order cancelled"]
        assert "cancelled the purchase" in store.get_article("urn:story:1").text


def test_relative_and_absolute_spellings_are_one_source(runner, db, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "wire.txt").write_text(DELIVERED, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    _invoke(runner, "ingest", "./corpus", "--db", db)
    _invoke(runner, "ingest", str(folder), "--db", db)
    _invoke(runner, "ingest", "corpus/../corpus/", "--db", db)
    assert _rows(db, "SELECT source FROM sources") == [(os.path.realpath(folder / "wire.txt"),)]
    assert _rows(db, "SELECT source FROM skips") == [(os.path.realpath(folder / "empty.txt"),)]


def test_api_and_page_list_the_revisions(db, tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    path = tmp_path / "wire.txt"
    runner = CliRunner(mix_stderr=False)
    path.write_text(DELIVERED, encoding="utf-8")
    _invoke(runner, "ingest", str(path), "--db", db)
    hostile = REVISED.replace("France delivers jets", "<script>alert(1)</script> France delivers jets")
    path.write_text(hostile, encoding="utf-8")
    _invoke(runner, "ingest", str(path), "--db", db)
    with TestClient(create_app(db)) as client:
        answer = client.get(f"/api/documents/{path}").json()
        assert answer["revision"] == 2 and "40 Rafale" in answer["text"]
        assert [(r["revision"], r["latest"], r["source"]) for r in answer["revisions"]] == [
            (1, False, "wire.txt"), (2, True, "wire.txt")
        ]  # the file's name: the open API shows no directory of the server (issue 14)
        from armswatch.web.views import doc_url

        page = client.get(doc_url(str(path))).text
        assert "showing revision 2 of 2" in page
        # The revision list shows titles as text, like every other field.
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; France delivers jets" in page


def test_extract_contract_keeps_paths_as_given(runner, tmp_path, monkeypatch):
    # EVENTS.md section 5: for a file, doc_id is "the file's path as given".
    (tmp_path / "wire.txt").write_text(DELIVERED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _invoke(runner, "extract", "./wire.txt")
    assert {json.loads(line)["doc_id"] for line in result.stdout.splitlines()} == {"./wire.txt"}


@pytest.fixture(autouse=True)
def _ingest_helpers_on_path():
    import sys

    here = str(Path(__file__).resolve().parent / "ingest")
    sys.path.insert(0, here)
    yield
    sys.path.remove(here)


def test_posting_a_new_text_under_a_stored_id_is_a_revision(db):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    headers = {"Authorization": "Bearer revision-test-token"}
    title, body = DELIVERED.split("\n\n")
    with TestClient(create_app(db, token="revision-test-token")) as client:
        first = client.post("/api/documents", json={"id": "note-1", "title": title, "text": body}, headers=headers)
        assert first.status_code == 201, first.text
        revised = REVISED.split("\n\n")[1]
        second = client.post("/api/documents", json={"id": "note-1", "title": title, "text": revised},
                             headers=headers)
        assert second.status_code == 201 and second.json()["is_new"] is True
        again = client.post("/api/documents", json={"id": "note-1", "title": title, "text": revised},
                            headers=headers)
        assert again.status_code == 200 and again.json()["is_new"] is False
        answer = client.get("/api/documents/note-1").json()
        assert answer["revision"] == 2 and "40 Rafale" in answer["text"]
        assert [e["quantity"] for e in answer["events"]] == [40]
