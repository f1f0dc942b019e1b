"""Dask runs (armswatch.scale) against the single-process jobs, on a real LocalCluster.

The corpus is written here: a handful of short arms-trade reports among
ordinary news, plus a line that cannot be read and one that cleaning
rejects. The distributed output must equal ``jobs.extract_paths``.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.extract.pipeline import Extractor
from armswatch.jobs import extract_paths, ingest, extract_stored
from armswatch.model import Skipped
from armswatch.scale import cluster_client, extract_distributed, ingest_distributed
from armswatch.store import EventQuery, open_store

ARMS = [
    ("Germany to supply tanks to Poland",
     "Germany will supply 14 tanks to Poland next year, the defence ministry in Berlin said on Tuesday. "
     "The vehicles come from army stocks and will be refurbished before delivery."),
    ("India signs deal for French fighter jets",
     "India signed a contract with France in 2016 for 36 fighter jets, officials said. "
     "The first aircraft arrived at an air base in the north two years later."),
    ("Russia turns down Pakistan request for rifles",
     "Russia rejected a request from Pakistan to buy 50,000 assault rifles, according to people familiar with the matter. "
     "Moscow did not comment."),
    ("Turkey delivers armed drones to Ukraine",
     "Turkey delivered six armed drones to Ukraine in March, the Ukrainian defence ministry said. "
     "Further deliveries are expected later in the year."),
    ("Canada halts arms exports to Saudi Arabia",
     "Canada suspended arms exports to Saudi Arabia after a review of the kingdom's conduct in Yemen, "
     "the foreign minister announced on Friday."),
    ("Egypt in talks with China over air defence",
     "Egypt is negotiating with China over the purchase of air defence systems, two diplomats said. "
     "No price has been disclosed."),
]
NEWS = [
    ("Harbour City Hawks win the derby",
     "The Hawks beat their neighbours 3-1 on Saturday, with two goals from their new striker. "
     "The club agreed a deal for the forward last month."),
    ("Shares in Norvale Foods rise",
     "Norvale Foods said sales rose 4% in the quarter as shoppers bought more frozen meals. "
     "The company will supply supermarkets in France and Spain from a new plant."),
    ("Storm cuts power to thousands",
     "Strong winds brought down power lines across the coast overnight, leaving 12,000 homes without electricity. "
     "Engineers expect supply to be restored by Monday."),
    ("Japan and Australia discuss trade",
     "Ministers from Japan and Australia held talks on farm tariffs and agreed to meet again in the spring."),
]


def _write_corpus(path: Path) -> None:
    lines = []
    for i, (title, text) in enumerate(ARMS + NEWS):
        lines.append(json.dumps({"id": f"scale-{i:02d}", "title": title, "text": text, "published": "2024-05-0%d" % (i % 9 + 1)}))
    lines.insert(3, "{this line is not json")
    lines.insert(7, json.dumps({"id": "scale-empty", "text": "   "}))
    # Cleaning (on the workers) rejects this one: it is not English.
    lines.insert(9, json.dumps({"id": "scale-de", "title": "Neue Regeln", "text": (
        "Die Stadtverwaltung hat am Montag neue Regeln für den Bau von Wohnungen beschlossen. "
        "Sie sollen ab dem kommenden Jahr gelten und die Genehmigung von Anträgen deutlich beschleunigen. "
        "Die Opposition ist nicht überzeugt und sagt, dass die Pläne zu spät kommen und für viele Familien "
        "nichts an den hohen Mieten in der Stadt ändern werden.")}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "corpus.jsonl"
    _write_corpus(path)
    return path


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def single(corpus, extractor):
    skipped: list[Skipped] = []
    events = list(extract_paths([str(corpus)], extractor, on_skip=skipped.append))
    return events, skipped


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database: SQLite, and PostgreSQL when $ARMSWATCH_TEST_PG is set (as in tests/store)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dask.db'}"
        return
    base = os.environ.get("ARMSWATCH_TEST_PG")
    if not base:
        pytest.skip("ARMSWATCH_TEST_PG not set (scripts/start-test-postgres.sh starts a server)")
    from sqlalchemy import create_engine, make_url, text

    from armswatch.store.engine import resolve_url

    schema = f"armswatch_scale_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(resolve_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def client():
    with cluster_client(workers=2) as c:
        yield c


def test_single_process_run_finds_events(single):
    events, skipped = single
    assert len({e.doc_id for e in events}) >= 3
    assert len(skipped) == 3


def test_local_cluster_has_two_worker_processes(client):
    info = client.scheduler_info()["workers"]
    assert len(info) == 2
    assert all(w["nthreads"] == 1 for w in info.values())
    pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(pids) == 2


@pytest.mark.parametrize("shard_size", [1, 3, 200])
def test_distributed_output_equals_single_process(client, corpus, single, shard_size):
    expected_events, expected_skips = single
    skipped: list[Skipped] = []
    events = list(extract_distributed([str(corpus)], client=client, shard_size=shard_size, on_skip=skipped.append))
    assert events == expected_events
    assert sorted((s.source, s.record, s.reason) for s in skipped) == sorted(
        (s.source, s.record, s.reason) for s in expected_skips)


def test_extract_through_a_scheduler_address_equals_single_process(client, corpus, single):
    """What ``armswatch extract --cluster tcp://HOST:PORT`` does: a second client on a running scheduler."""
    address = client.scheduler.address
    assert address.startswith("tcp://")
    assert list(extract_distributed([str(corpus)], address=address, shard_size=4)) == single[0]


def test_ingest_distributed_matches_ingest_then_extract(client, corpus, extractor, tmp_path, db_url):
    with open_store(str(tmp_path / "single.db")) as store:
        ingest(store, [str(corpus)])
        extract_stored(store, extractor)
        expected = [e.to_contract() for _, e in store.events(EventQuery(limit=10_000))]
    with open_store(db_url) as store:
        summary = ingest_distributed(store, [str(corpus)], client=client, shard_size=2)
        got = [e.to_contract() for _, e in store.events(EventQuery(limit=10_000))]
        assert summary.read == len(ARMS) + len(NEWS)
        assert summary.new == summary.read and summary.skipped == 3
        assert len(store.skips()) == 3
        again = ingest_distributed(store, [str(corpus)], client=client)
        assert again.new == 0 and again.duplicates == summary.read
        assert [e.to_contract() for _, e in store.events(EventQuery(limit=10_000))] == got
    key = lambda c: json.dumps(c, sort_keys=True)  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)


def test_cli_extract_with_workers_equals_single_process(corpus, single):
    from armswatch.cli import main

    result = CliRunner(mix_stderr=False).invoke(main, ["extract", "--workers", "2", str(corpus)])
    assert result.exit_code == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert got == [e.to_contract() for e in single[0]]


def test_party_screen_loses_no_event(corpus, extractor):
    """Parsing every cue sentence gives the same events as parsing only the screened ones."""
    from armswatch.jobs import iter_articles

    from armswatch.clean import clean_document
    from armswatch.model import RawDocument
    from armswatch.scale.corpus import CorpusBuilder

    articles = list(iter_articles([str(corpus)]))
    # A slice of the benchmark stream: many arms stories and many near misses.
    for a in CorpusBuilder(seed=7).articles(150):
        cleaned = clean_document(RawDocument(a.doc_id, "bench", a.text, title=a.title, published=a.published))
        if not isinstance(cleaned, Skipped):
            articles.append(cleaned)
    screened = [events for _, events in extractor.extract_many(articles)]
    unscreened_extractor = Extractor(screen=False)
    unscreened = [events for _, events in unscreened_extractor.extract_many(articles)]
    assert screened == unscreened
    # And the screen does screen: fewer sentences reach the parser.
    assert sum(len(extractor.sentences(a.text)) for a in articles) < sum(
        len(unscreened_extractor.sentences(a.text)) for a in articles)


def _tricky_texts() -> list[str]:
    from armswatch.scale.corpus import CorpusBuilder

    texts = [a.title + "\n\n" + a.text for a in CorpusBuilder(seed=11).articles(60)]
    texts += [
        "SELLS, Sold and re-sold. The co-operation deal_s and DEALS. Offered: yes!",
        "Russia’s talks\u00a0with India; the U.S.-made jets were delivered to Kyiv-based units.",
        "The \u212aremlin (Kelvin K) \u017fold nothing. \u0130stanbul ordered 4 ships from Turkey.",
        "Ordering_ offer2 2offer offer- -offer Pakistan-India PakistanIndia .India India.",
        "Latin America and the Indian Ocean: no deal was signed with Brazil or Chile.",
    ]
    return texts


def test_cue_screen_matches_the_cue_regex():
    from armswatch.extract import pipeline
    from armswatch.extract.sentences import split_sentences

    pattern = pipeline._prefilter()
    for text in _tricky_texts():
        expected = [s for s in split_sentences(text) if pattern.search(s.text)]
        assert pipeline.cue_sentences(text) == expected, text


def test_party_screen_sees_every_party_find_parties_sees():
    from armswatch.extract import pipeline
    from armswatch.extract.parties import find_parties
    from armswatch.extract.sentences import split_sentences

    for text in _tricky_texts():
        hits = pipeline._party_hits(text)
        for s in split_sentences(text):
            wanted = {p.code for p in find_parties(s.text) if p.code != "-"}
            assert wanted <= pipeline._codes_within(hits, s), s.text
