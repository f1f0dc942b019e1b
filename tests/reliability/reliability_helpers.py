"""Shared helpers of the reliability tests: a generated corpus, running the
CLI in a subprocess, and database consistency checks.

Everything here writes into directories the tests hand it (``tmp_path``);
nothing is read from outside the repository.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARMSWATCH = REPO / ".venv" / "bin" / "armswatch"

#: What the reliability tests tried, printed at the end of the run (conftest).
TALLY: dict[str, int] = {"bad_inputs": 0, "faults_injected": 0, "rows_checked": 0, "requests_made": 0,
                         "generated_examples": 0}


def tally(name: str, count: int = 1) -> None:
    TALLY[name] = TALLY.get(name, 0) + count

# -- a generated corpus -------------------------------------------------------------

# (supplier name, recipient name, weapon phrase): every sentence built from
# these names a real catalog system, so most articles yield an event.
_DEALS = [
    ("Russia", "India", "Su-30MKI fighter jets"),
    ("Russia", "Egypt", "Mi-17 helicopters"),
    ("France", "Egypt", "Rafale fighter jets"),
    ("France", "India", "Rafale fighter jets"),
    ("Germany", "Ukraine", "Leopard 2 tanks"),
    ("United States", "Poland", "F-16 fighter jets"),
    ("Turkey", "Ukraine", "Bayraktar TB2 drones"),
    ("South Korea", "Poland", "K9 howitzers"),
    ("China", "Pakistan", "J-10C fighter jets"),
    ("United States", "Taiwan", "HIMARS rocket launchers"),
]
_PATTERNS = [
    "{s} delivered {n} {w} to {r} in {y}, officials said.",
    "{r} signed a contract with {s} for {n} {w} in {y}.",
    "{s} agreed to sell {n} {w} to {r}, the defence ministry said in {y}.",
]
# Filler prose: English function words keep the language check happy, and
# random choices keep any two articles far apart for near-duplicate detection.
_SUBJECTS = ["The committee", "A spokesman", "The minister", "Analysts", "The report", "Local media",
             "The navy", "A senior official", "The parliament", "Observers", "The company", "Diplomats"]
_VERBS = ["noted that", "said that", "argued that", "warned that", "added that", "recalled that",
          "suggested that", "explained that", "stressed that", "claimed that"]
_CLAUSES = ["the budget for the coming year was under review", "talks on the matter would continue",
            "the weather had delayed a planned exercise", "the harbour would be dredged in spring",
            "the training of crews was behind schedule", "there was no decision on the new base",
            "the old radar stations were being retired", "a new road to the port was being built",
            "the audit of last year's spending was not finished", "several contracts were still open",
            "the border crossing had been closed for repairs", "it was too early to say more",
            "the cost of fuel had risen sharply", "a visit by the president was expected",
            "the shipyard had hired more workers", "the number of recruits had fallen"]


@dataclass(slots=True)
class Corpus:
    folder: Path
    files: list[Path]


def article_text(rng: random.Random, serial: int, with_event: bool = True) -> str:
    """One plain-text article: a title, a blank line, then prose (one event sentence at most)."""
    sentences = []
    for _ in range(rng.randint(6, 10)):
        sentences.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_CLAUSES)}.")
    if with_event:
        s, r, w = rng.choice(_DEALS)
        event = rng.choice(_PATTERNS).format(s=s, r=r, w=w, n=rng.randint(2, 90), y=rng.randint(2005, 2023))
        sentences.insert(rng.randint(0, len(sentences)), event)
    title = f"Report number {serial}: {rng.choice(_CLAUSES).capitalize()}"
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(folder: Path, count: int, seed: int = 7, event_share: float = 0.7) -> Corpus:
    """``count`` small .txt articles under ``folder`` (in two sub-folders)."""
    rng = random.Random(seed)
    files = []
    for i in range(count):
        sub = folder / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"article-{i:04d}.txt"
        path.write_text(article_text(rng, i, with_event=rng.random() < event_share), encoding="utf-8")
        files.append(path)
    return Corpus(folder, files)


# -- running the CLI ----------------------------------------------------------------


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ARMSWATCH_DB", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``armswatch ARGS`` to completion and return the finished process."""
    return subprocess.run([str(ARMSWATCH), *args], capture_output=True, text=True, timeout=timeout,
                          env=cli_env(), stdin=subprocess.DEVNULL)


def start_cli(*args: str, log: Path) -> subprocess.Popen:
    """Start ``armswatch ARGS`` in the background; its output goes to ``log``."""
    handle = open(log, "ab")
    try:
        return subprocess.Popen([str(ARMSWATCH), *args], stdout=handle, stderr=subprocess.STDOUT,
                                env=cli_env(), stdin=subprocess.DEVNULL)
    finally:
        handle.close()


def scalar(db: Path, sql: str, default: int = 0) -> int:
    """One number from the database, read in its own short connection; ``default``
    while the file or its tables do not exist yet or the database is busy."""
    if not db.exists():
        return default
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return default
    try:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else default
    except sqlite3.Error:
        return default
    finally:
        con.close()


def kill_when(proc: subprocess.Popen, ready, timeout: float = 60, poll: float = 0.01) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()`` is true.

    True when the process was killed while still running; False when it
    ended by itself first (the fault came too late to count).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return proc.returncode == -signal.SIGKILL
        time.sleep(poll)
    proc.kill()
    proc.wait(timeout=30)
    raise AssertionError("the process never reached the point where it was to be killed")


# -- consistency --------------------------------------------------------------------


@dataclass(slots=True)
class Consistency:
    """What ``check_consistency`` found; ``problems`` is empty for a sound database."""

    problems: list[str]
    rows_checked: int
    documents: int
    sources: int
    events: int
    evidence: int


def check_consistency(db: Path) -> Consistency:
    """The invariants every armswatch database must hold, even right after a kill.

    - SQLite's own ``integrity_check`` and ``foreign_key_check`` pass;
    - every document has at least one source, and every source a document;
    - every event belongs to a stored document, every evidence row to an event;
    - events only exist for documents marked as extracted;
    - no doc_id is stored twice and no document lists the same source twice.
    """
    con = sqlite3.connect(str(db), timeout=30)
    try:
        problems: list[str] = []
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        checks = {
            "documents without a source":
                "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id)",
            "sources without a document":
                "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)",
            "events without a document":
                "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.document_id)",
            "evidence without an event":
                "SELECT count(*) FROM evidence v WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = v.event_id)",
            "events of documents never extracted":
                "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id WHERE d.extracted_at IS NULL",
            "deal links to missing events":
                "SELECT count(*) FROM deal_events x WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id)",
            "doc_ids stored twice":
                "SELECT count(*) FROM (SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1)",
            "sources listed twice":
                "SELECT count(*) FROM (SELECT document_id, source FROM sources GROUP BY 1, 2 HAVING count(*) > 1)",
            "revised documents without a row for their latest revision":
                "SELECT count(*) FROM documents d WHERE d.revision > 1 AND NOT EXISTS (SELECT 1 FROM "
                "document_revisions r WHERE r.document_id = d.id AND r.revision = d.revision)",
            "revised documents without a row for every revision":
                "SELECT count(*) FROM documents d WHERE d.revision > 1 AND d.revision != (SELECT count(*) "
                "FROM document_revisions r WHERE r.document_id = d.id)",
            "revisions past a document's latest":
                "SELECT count(*) FROM document_revisions r JOIN documents d ON d.id = r.document_id "
                "WHERE r.revision > d.revision",
            "earlier revisions without their text":
                "SELECT count(*) FROM document_revisions r JOIN documents d ON d.id = r.document_id "
                "WHERE r.revision < d.revision AND r.text IS NULL",
            "revised documents with events but not extracted again":
                "SELECT count(*) FROM documents d WHERE d.revision > 1 AND d.extracted_at IS NULL "
                "AND EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id)",
        }
        for label, sql in checks.items():
            found = con.execute(sql).fetchone()[0]
            if found:
                problems.append(f"{found} {label}")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # fixed table names
                  for t in ("documents", "sources", "events", "evidence", "deal_events", "skips")}
        return Consistency(problems, sum(counts.values()), counts["documents"], counts["sources"],
                           counts["events"], counts["evidence"])
    finally:
        con.close()


def sources_by_document(db: Path) -> dict[str, list[str]]:
    """doc_id -> its sources, sorted (the stored state a rerun must reproduce)."""
    con = sqlite3.connect(str(db), timeout=30)
    try:
        out: dict[str, list[str]] = {}
        for doc_id, source in con.execute(
            "SELECT d.doc_id, s.source FROM documents d JOIN sources s ON s.document_id = d.id"
        ):
            out.setdefault(doc_id, []).append(source)
        return {k: sorted(v) for k, v in out.items()}
    finally:
        con.close()


def revisions_by_document(db: Path) -> dict[str, list[tuple]]:
    """doc_id -> its revisions as (number, content hash, source, earlier text), oldest first."""
    con = sqlite3.connect(str(db), timeout=30)
    try:
        out: dict[str, list[tuple]] = {}
        for doc_id, *rest in con.execute(
            "SELECT d.doc_id, r.revision, r.content_hash, r.source, r.text FROM documents d "
            "JOIN document_revisions r ON r.document_id = d.id ORDER BY d.doc_id, r.revision"
        ):
            out.setdefault(doc_id, []).append(tuple(rest))
        return out
    finally:
        con.close()


def events_by_document(db: Path) -> dict[str, list[tuple]]:
    """doc_id -> its events as sorted tuples of the stored fields (ids left out)."""
    con = sqlite3.connect(str(db), timeout=30)
    try:
        out: dict[str, list[tuple]] = {}
        for row in con.execute(
            "SELECT d.doc_id, e.type, e.supplier, e.recipient, e.weapon, e.quantity, e.year, e.modality, "
            "v.start, v.end FROM documents d JOIN events e ON e.document_id = d.id "
            "LEFT JOIN evidence v ON v.event_id = e.id"
        ):
            out.setdefault(row[0], []).append(tuple("" if x is None else x for x in row[1:]))
        return {k: sorted(v) for k, v in out.items()}
    finally:
        con.close()

