"""The per-article floor on a real stream: cleaning and storing time per article (prints numbers; not a test).

    .venv/bin/python bench/floor.py [--corpus ../shared/bench/reuters21578.jsonl.gz] [--limit 2000] [--repeat 3]

Reads the first N records of a JSONL(.gz) corpus, then times in this process: ``clean_document``
over all of them (median of ``--repeat`` passes), and ``Store.store_articles`` of the cleaned
articles into a fresh SQLite file (median of fresh stores). Reports ms per article for each and the
statuses stored, so a speed-up that changed what is stored would show. See docs/SPEED.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from armswatch.clean import clean_document
from armswatch.model import Article, RawDocument
from armswatch.store import open_store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "reuters21578.jsonl.gz"


def read_raw(path: Path, limit: int) -> list[RawDocument]:
    """The first ``limit`` records of a JSONL(.gz) corpus, as read (not cleaned)."""
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[RawDocument] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            out.append(RawDocument(doc_id=str(obj["id"]), source=str(path), body=obj.get("text") or "",
                                   title=obj.get("title"), published=obj.get("published")))
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    raws = read_raw(args.corpus, args.limit)
    clean_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        cleaned = [clean_document(raw) for raw in raws]
        clean_times.append(time.perf_counter() - t0)
    articles = [a for a in cleaned if isinstance(a, Article)]
    store_times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            with open_store(f"sqlite:///{tmp}/floor-{i}.db") as store:
                t0 = time.perf_counter()
                added = store.store_articles(articles)
                store_times.append(time.perf_counter() - t0)
    statuses = Counter(a.status for a in added)
    print(f"documents {len(raws)}  articles {len(articles)}  stored {dict(sorted(statuses.items()))}")
    print(f"clean  {statistics.median(clean_times) / len(raws) * 1000:6.2f} ms/document   (median of {args.repeat})")
    print(f"store  {statistics.median(store_times) / len(articles) * 1000:6.2f} ms/article    (median of {args.repeat})")


if __name__ == "__main__":
    main()
