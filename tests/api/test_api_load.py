"""The server under load (issue 16, findings 4 and 6): constant queries per list page, a bounded
connection pool answering 503 + Retry-After, safe headers on every answer, /static and control bytes,
the token's alphabet.

Throughput and latency are measured by ``bench/load.py``, not here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from armswatch.api.app import SECURITY_HEADERS, check_token, create_app
from armswatch.model import Article, Event, EventType, Evidence, Modality
from armswatch.store import open_store

pytest.importorskip("armswatch.link")


def _events(doc_id: str, n: int, supplier: str = "FRA", recipient: str = "GRC") -> list[Event]:
    sentence = f"{supplier} agreed to sell Rafale jets to {recipient}."
    return [Event(doc_id=doc_id, type=EventType.AGREEMENT, supplier=supplier, recipient=recipient, weapon="Rafale",
                  weapon_family="Rafale", category="combat aircraft", quantity=q + 1, year=2020,
                  modality=Modality.ASSERTED, evidence=Evidence(sentence, 0, len(sentence)))
            for q in range(n)]


def _build(path: str, docs: int, events_per_doc: int) -> str:
    from armswatch.link import link_store

    pairs = [("FRA", "GRC"), ("RUS", "IND"), ("USA", "POL")]
    with open_store(path) as store:
        for d in range(docs):
            doc_id = f"doc-{d}"
            store.add_article(Article(doc_id=doc_id, text=f"Article number {d} about arms {d * 7919}.",
                                      title=f"Title {d}", published=dt.date(2020, 1, 1 + d % 28),
                                      sources=[f"src/{d}.txt", f"mirror/{d}.txt"]))
            s, r = pairs[d % len(pairs)]
            store.replace_events(doc_id, _events(doc_id, events_per_doc, s, r), extractor_version="1")
        link_store(store)
    return path


def _queries(client: TestClient, url: str) -> int:
    engine = client.app.state.store.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        r = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    return len(statements)


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory):
    base = tmp_path_factory.mktemp("load")
    return _build(str(base / "small.db"), 3, 1), _build(str(base / "large.db"), 30, 120)


@pytest.mark.parametrize("url", ["/api/deals", "/api/deals?contested=false", "/api/overview", "/", "/deals"])
def test_list_pages_take_the_same_number_of_queries_however_large_the_deals(small_and_large, url):
    small, large = small_and_large
    with TestClient(create_app(small)) as a, TestClient(create_app(large)) as b:
        assert _queries(a, url) == _queries(b, url)


def test_deal_summaries_count_the_claims_in_sql(small_and_large):
    with TestClient(create_app(small_and_large[1])) as c:
        items = c.get("/api/deals").json()["items"]
    assert sorted(d["n_claims"] for d in items) == [1200, 1200, 1200]


def test_an_exhausted_pool_answers_503_with_retry_after(small_and_large):
    app = create_app(small_and_large[0], workers=2, pool_size=1, pool_timeout=0.2)
    with TestClient(app) as c:
        held = app.state.store.engine.connect()
        try:
            for url in ("/api/deals", "/"):
                r = c.get(url)
                assert r.status_code == 503, r.text
                assert r.headers["retry-after"] == "2"
                assert all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())
        finally:
            held.close()
        assert c.get("/api/deals").status_code == 200


def test_an_unexpected_error_is_a_500_with_the_safe_headers(small_and_large, monkeypatch):
    from armswatch.api import service

    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(service, "get_stats", boom)
    with TestClient(create_app(small_and_large[0]), raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    assert r.status_code == 500 and r.json() == {"detail": "internal server error"}
    assert all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("path", ["/static/%00", "/static/a%00b.css", "/static/%01", "/static/%1b%5b31m", "/static/%7f"])
def test_static_rejects_nul_and_control_bytes_with_404(small_and_large, path):
    with TestClient(create_app(small_and_large[0]), raise_server_exceptions=False) as c:
        r = c.get(path)
    assert r.status_code == 404
    assert all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("token", ["tökén", "two words", "tab\there", "\u2003wide"])
def test_a_token_a_header_cannot_carry_is_refused(small_and_large, token):
    with pytest.raises(ValueError, match="printable ASCII"):
        check_token(token)
    with pytest.raises(ValueError, match="printable ASCII"):
        create_app(small_and_large[0], token=token)


def test_the_cli_refuses_a_non_ascii_token_in_one_line(small_and_large):
    from click.testing import CliRunner

    from armswatch.cli import main

    result = CliRunner(mix_stderr=False).invoke(main, ["serve", "--db", small_and_large[0], "--token", "sécret"])
    assert result.exit_code == 2
    assert "printable ASCII" in result.stderr and "Traceback" not in result.stderr


def _cache(app):
    from armswatch.api.cache import ReadCache

    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, ReadCache):
        layer = getattr(layer, "app", None)
    return layer


def test_read_answers_are_served_again_until_the_database_changes(small_and_large, tmp_path):
    import shutil

    db = str(tmp_path / "cached.db")
    shutil.copyfile(small_and_large[0], db)
    app = create_app(db)
    with TestClient(app) as c:
        first = c.get("/api/stats").json()["documents"]
        assert c.get("/api/stats").json()["documents"] == first
        cache = _cache(app)
        assert cache is not None and cache.hits >= 1
        with open_store(db) as other:  # another process's write, as far as the app can tell
            other.add_article(Article(doc_id="new-one", text="A fresh article about nothing in particular."))
        assert c.get("/api/stats").json()["documents"] == first + 1
        assert c.get("/api/documents/new-one").status_code == 200


def test_errors_and_exports_are_never_cached(small_and_large):
    app = create_app(small_and_large[0])
    with TestClient(app) as c:
        for _ in range(2):
            assert c.get("/api/deals/999999").status_code == 404
            assert c.get("/api/export/events.csv").status_code == 200
        assert _cache(app).entries == {} or all(k[0] not in ("/api/deals/999999", "/api/export/events.csv")
                                                for k in _cache(app).entries)


class _BlockingExtractor:
    """Stands in for the Extractor: holds an article saying BLOCK until released."""

    version = "test"

    def __init__(self, release) -> None:
        self.release = release

    def extract(self, article):
        if "BLOCK" in article.text:
            assert self.release.wait(20), "never released"
        return []


def test_one_long_extraction_does_not_block_other_requests(small_and_large, tmp_path):
    # Issue 16, finding 5: extraction ran behind one lock, so one upload blocked every other POST.
    import shutil
    import threading

    from armswatch.api.extraction import ExtractionPool

    db = str(tmp_path / "posts.db")
    shutil.copyfile(small_and_large[0], db)
    release = threading.Event()
    app = create_app(db, token="tok-123")
    with TestClient(app) as c:
        app.state.extraction = ExtractionPool(2, factory=lambda: _BlockingExtractor(release))
        auth = {"Authorization": "Bearer tok-123"}
        slow = {"id": "slow", "text": "BLOCK. Brazil announced it would buy 40 trucks for its army this year."}
        fast = {"id": "fast", "text": "Chile said it had received two helicopters from the United States in May."}
        answers = {}
        first = threading.Thread(target=lambda: answers.setdefault("slow", c.post("/api/documents", json=slow,
                                                                                  headers=auth)))
        first.start()
        try:
            second = threading.Thread(target=lambda: answers.setdefault("fast", c.post("/api/documents", json=fast,
                                                                                       headers=auth)))
            second.start()
            second.join(15)
            assert not second.is_alive(), "a second upload waited for the first one's extraction"
            assert answers["fast"].status_code == 201, answers["fast"].text
            assert c.get("/api/stats").status_code == 200
            assert "slow" not in answers
        finally:
            release.set()
            first.join(15)
        assert answers["slow"].status_code == 201


class _OverBudgetExtractor:
    version = "test"

    def extract(self, article):
        from armswatch.extract.pipeline import OverBudget, over_budget

        raise OverBudget(over_budget(article, 0.5))


def test_a_post_over_the_time_budget_is_stored_without_events(small_and_large, tmp_path):
    import shutil

    from armswatch.api.extraction import ExtractionPool

    db = str(tmp_path / "budget.db")
    shutil.copyfile(small_and_large[0], db)
    app = create_app(db, token="tok-123")
    with TestClient(app) as c:
        app.state.extraction = ExtractionPool(1, factory=_OverBudgetExtractor)
        r = c.post("/api/documents", headers={"Authorization": "Bearer tok-123"},
                   json={"id": "long-one", "text": "Peru said it would buy six patrol boats from Korea next year."})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["events"] == 0 and "time budget of 0.5 s" in body["not_extracted"]
        assert c.get("/api/documents/long-one").status_code == 200
    with open_store(db) as store:
        assert any("time budget" in s.reason for s in store.skips())
