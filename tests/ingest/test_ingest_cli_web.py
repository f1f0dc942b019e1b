"""`run URL`, `extract -` and `watch` end to end, against the loopback server (extraction included)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from web_server import article_html, rss

from armswatch.cli import main

pytestmark = pytest.mark.slow

STORIES = [
    ("Jets for Poland", "Poland signed an agreement to buy 32 F-35 fighter jets from the United States on Tuesday."),
    ("Tanks for Norway", "Germany delivered 14 Leopard 2 tanks to Norway last month, the army said."),
    ("Subs for Egypt", "Egypt received two Type 209 submarines from Germany in 2021."),
    ("Rafales for Greece", "Greece took delivery of six Rafale jets from France in 2022."),
    ("Howitzers for Ukraine", "Norway will send 22 M109 howitzers to Ukraine, its ministry said on Friday."),
]


@pytest.fixture(autouse=True)
def _no_delay(monkeypatch):
    # The per-host delay is tested in test_ingest_web; here it would only slow the runs.
    monkeypatch.setenv("ARMSWATCH_FETCH_DELAY", "0")
    monkeypatch.setenv("ARMSWATCH_FETCH_TIMEOUT", "5")


def _publish(web, count: int, delay: float = 0.0) -> str:
    items = []
    for i, (title, sentence) in enumerate(STORIES[:count], start=1):
        page = article_html(title, [sentence, "Officials gave no further details of the arrangement."])
        items.append({"title": title, "link": web.route(f"/story/{i}.html", page, delay=delay)})
    return web.route("/feed.xml", rss(items), content_type="application/rss+xml", etag=f'"n{count}"')


def _runner() -> CliRunner:
    return CliRunner(mix_stderr=False)


def _snapshot(db: str) -> tuple[list, list, int]:
    con = sqlite3.connect(db)
    try:
        docs = sorted(con.execute("SELECT doc_id, text FROM documents"))
        events = sorted(con.execute(
            "SELECT d.doc_id, e.type, e.supplier, e.recipient, e.weapon, e.quantity, e.year "
            "FROM events e JOIN documents d ON d.id = e.document_id"), key=repr)
        deals = con.execute("SELECT COUNT(*) FROM deals").fetchone()[0]
    finally:
        con.close()
    return docs, events, deals


def _count(db: str) -> int:
    con = sqlite3.connect(db, timeout=5)
    try:
        return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0
    finally:
        con.close()


def test_run_feed_url_ingests_every_item_and_prints_events(web, tmp_path):
    feed = _publish(web, 5)
    db = str(tmp_path / "w.db")
    result = _runner().invoke(main, ["run", feed, "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "5 documents read (5 new" in result.stderr
    assert "POL" in result.stdout and "NOR" in result.stdout
    con = sqlite3.connect(db)
    rows = con.execute("SELECT url, status, etag, fetched_at FROM fetches ORDER BY url").fetchall()
    outlets = {r[0] for r in con.execute("SELECT publisher FROM documents")}
    con.close()
    assert len(rows) == 6 and all(r[1] == 200 and r[3] for r in rows)
    assert outlets == {"Loopback Wire"}
    web.hits.clear()
    again = _runner().invoke(main, ["run", feed, "--db", db])
    assert again.exit_code == 0, again.stderr
    assert [p for p in web.paths() if p != "/robots.txt"] == ["/feed.xml"]  # 304, no item fetched again
    assert next(h for h in web.hits if h.path == "/feed.xml").headers.get("If-None-Match") == '"n5"'


def test_page_url_outlet_falls_back_to_host_and_failures_are_recorded(web, tmp_path):
    page = article_html("Jets", [STORIES[0][1]]).replace('<meta property="og:site_name" content="Loopback Defence Daily">', "")
    url = web.route("/page.html", page)
    missing = web.url("/missing.html")
    db = str(tmp_path / "p.db")
    result = _runner().invoke(main, ["ingest", url, missing, "--db", db])
    assert result.exit_code == 0, result.stderr
    assert f"armswatch: skipped {missing}: HTTP 404" in result.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT publisher FROM documents").fetchone()[0].startswith("127.0.0.1")
    assert con.execute("SELECT source, reason FROM skips").fetchall() == [(missing, "HTTP 404 Not Found")]
    con.close()
    second = _runner().invoke(main, ["ingest", url, "--db", db])
    assert "already stored" in second.stderr
    refreshed = _runner().invoke(main, ["ingest", url, "--refresh", "--db", db])
    assert "already stored" not in refreshed.stderr and "0 new" in refreshed.stderr


def test_extract_from_stdin():
    result = _runner().invoke(main, ["extract", "-", "--format", "jsonl"], input=STORIES[2][1] + "\n")
    assert result.exit_code == 0, result.stderr
    [event] = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["recipient"] == "EGY" and event["doc_id"].startswith("stdin:")


def test_field_option(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text("story,when\n" + STORIES[2][1] + ",2021-06-01\n")
    result = _runner().invoke(main, ["extract", str(corpus), "--field", "text=story", "--field", "published=when"])
    assert result.exit_code == 0, result.stderr
    assert "EGY" in result.stdout
    bad = _runner().invoke(main, ["extract", str(corpus), "--field", "colour=x"])
    assert bad.exit_code == 2 and "unknown part" in bad.stderr


def test_watch_once_then_two_cycles_with_new_items(web, tmp_path):
    from armswatch.extract.pipeline import Extractor
    from armswatch.store import open_store
    from armswatch.watch import watch

    sources = tmp_path / "sources.txt"
    sources.write_text(f"# feeds\n{_publish(web, 2)}\n")
    db = str(tmp_path / "watch.db")
    once = _runner().invoke(main, ["watch", str(sources), "--once", "--db", db])
    assert once.exit_code == 0, once.stderr
    assert "cycle 1: 2 new articles" in once.stderr
    lines: list[str] = []

    def wait(_seconds: float) -> bool:
        _publish(web, 4)  # two more stories between the cycles
        return False

    cycles = 0

    def stop() -> bool:
        return cycles >= 2

    def log(line: str) -> None:
        nonlocal cycles
        cycles += 1
        lines.append(line)

    with open_store(db) as store:
        watch(store, str(sources), 1.0, Extractor(), stop=stop, wait=wait, log=log)
    assert len(lines) == 2
    assert "0 new articles" in lines[0] and "2 new articles" in lines[1]
    docs, events, _ = _snapshot(db)
    assert len(docs) == 4 and {e[3] for e in events} >= {"POL", "NOR", "EGY", "GRC"}


def test_sigterm_during_a_cycle_then_restart_equals_an_uninterrupted_run(web, tmp_path):
    feed = _publish(web, 5, delay=0.6)
    sources = tmp_path / "sources.txt"
    sources.write_text(feed + "\n")
    whole, cut = str(tmp_path / "whole.db"), str(tmp_path / "cut.db")
    done = _runner().invoke(main, ["watch", str(sources), "--once", "--db", whole])
    assert done.exit_code == 0, done.stderr

    env = {**os.environ, "ARMSWATCH_FETCH_PER_HOST": "1"}
    proc = subprocess.Popen([sys.executable, "-c", "from armswatch.cli import main; main()", "watch", str(sources), "--every", "1h", "--db", cut],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists(cut) and _count(cut) >= 1:  # stop it during its cycle
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopping after the current document" in err and "(stopped)" in err
    before = _snapshot(cut)
    assert 0 < len(before[0]) < 5
    restart = _runner().invoke(main, ["watch", str(sources), "--once", "--db", cut])
    assert restart.exit_code == 0, restart.stderr
    assert _snapshot(cut) == _snapshot(whole)
