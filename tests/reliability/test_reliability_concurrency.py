"""Concurrency: the API reads while another process writes (SQLite in WAL mode).

``armswatch run`` (ingest, then extract, then link) runs in a subprocess on
a generated corpus while this process serves the API over the same file with
``create_app(db)`` under a TestClient and reads it in a loop. Every response
must be a well-formed 200 JSON answer, and the document and event counts may
only grow. The app is created right after the writer starts, so the two
processes also race to create and migrate the new database.
"""

from __future__ import annotations

import importlib.util
import json
import time

import pytest

from reliability_helpers import check_consistency, make_corpus, start_cli, tally

ARTICLES = 400
MAX_SECONDS = 60  # the writer normally finishes in well under 15 s

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("armswatch.api.app") is None or importlib.util.find_spec("fastapi") is None,
    reason="the API (armswatch.api.app.create_app) is not available yet",
)


def _json(response) -> dict:
    assert response.status_code == 200, (response.request.url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    return json.loads(response.text)


def test_api_reads_stay_well_formed_and_monotonic_while_a_run_writes(tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    corpus = make_corpus(tmp_path / "corpus", ARTICLES, seed=11)
    db = tmp_path / "live.db"
    writer = start_cli("run", str(corpus.folder), "--db", str(db), log=tmp_path / "run.log")
    requests = 0
    seen_docs: list[int] = []
    seen_events: list[int] = []
    try:
        with TestClient(create_app(str(db), token=None)) as client:
            deadline = time.monotonic() + MAX_SECONDS
            last_round = False
            while True:
                stats = _json(client.get("/api/stats"))
                page = _json(client.get("/api/documents", params={"limit": 20}))
                events = _json(client.get("/api/events", params={"limit": 20}))
                requests += 3
                for name in ("documents", "sources", "events", "skips", "deals"):
                    assert isinstance(stats[name], int) and stats[name] >= 0
                # by_type is counted after the totals, in a later snapshot.
                assert sum(stats["by_type"].values()) >= stats["events"]
                for listing in (page, events):
                    assert len(listing["items"]) == min(20, listing["total"])
                assert page["total"] >= stats["documents"] and events["total"] >= stats["events"]
                seen_docs.append(page["total"])
                seen_events.append(events["total"])
                if page["items"]:
                    doc_id = page["items"][0]["doc_id"]
                    _json(client.get(f"/api/documents/{doc_id}"))  # a listed document stays readable
                    requests += 1
                if events["items"]:
                    _json(client.get(f"/api/events/{events['items'][0]['id']}"))
                    requests += 1
                if last_round:
                    break
                if writer.poll() is not None:
                    last_round = True  # one more round after the writer is done
                assert time.monotonic() < deadline, "the writer did not finish in time"
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=30)
    tally("requests_made", requests)
    assert writer.returncode == 0, (tmp_path / "run.log").read_text()[-2000:]
    assert seen_docs == sorted(seen_docs), "the document count went down"
    assert seen_events == sorted(seen_events), "the event count went down"
    # The reads really overlapped the writes: counts were seen growing.
    assert len(set(seen_docs)) > 2 or len(set(seen_events)) > 2, (seen_docs, seen_events)
    assert seen_docs[-1] == ARTICLES
    state = check_consistency(db)
    assert state.problems == []
    tally("rows_checked", state.rows_checked)
