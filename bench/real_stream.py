"""Extractor vs plain spaCy on a real news stream (prints numbers; not a test).

    .venv/bin/python bench/real_stream.py [--corpus ../shared/bench/reuters21578.jsonl.gz] [--limit 2000]

Cleans the first N articles as ``armswatch extract`` does, then times, in this process and on
the same cleaned texts: the extractor (screens, parsing of candidate sentences, rules) and plain
spaCy ``en_core_web_sm`` over every text with ``nlp.pipe``. Reports articles/s, words/s, the
speed-up, and the events found (so speed is never bought with recall).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from armswatch.clean import clean_document
from armswatch.extract.pipeline import Extractor, load_model
from armswatch.model import Article, RawDocument

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "reuters21578.jsonl.gz"


def read_articles(path: Path, limit: int) -> list[Article]:
    """The first ``limit`` records of a JSONL(.gz) corpus, cleaned."""
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[Article] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            raw = RawDocument(doc_id=str(obj["id"]), source=str(path), body=obj.get("text") or "",
                              title=obj.get("title"), published=obj.get("published"))
            cleaned = clean_document(raw)
            if isinstance(cleaned, Article):
                out.append(cleaned)
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    articles = read_articles(args.corpus, args.limit)
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor()
    extractor.extract(Article(doc_id="warm", text="Russia sold tanks to India."))
    t0 = time.perf_counter()
    events = sum(len(evs) for _, evs in extractor.extract_many(articles))
    t_extract = time.perf_counter() - t0
    nlp = load_model(numeric_ner=False)
    t0 = time.perf_counter()
    for _ in nlp.pipe((a.text for a in articles), batch_size=64):
        pass
    t_spacy = time.perf_counter() - t0
    print(f"articles {len(articles)}  words {words:,}")
    print(f"armswatch extract  {t_extract:7.2f} s  {len(articles) / t_extract:8.1f} articles/s  "
          f"{words / t_extract:9.0f} words/s  events {events}")
    print(f"plain spaCy sm     {t_spacy:7.2f} s  {len(articles) / t_spacy:8.1f} articles/s  {words / t_spacy:9.0f} words/s")
    print(f"speed-up           {t_spacy / t_extract:7.2f} x")


if __name__ == "__main__":
    main()
