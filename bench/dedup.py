#!/usr/bin/env python3
"""Dedup benchmark: how many distinct articles each dedup rule merges, and how fast it is.

    .venv/bin/python bench/dedup.py              # 20,000 synthetic articles (about a minute on 2 cores)
    .venv/bin/python bench/dedup.py --n 5000

The articles come from the benchmark corpus generator (``armswatch.scale.corpus``,
templates in ``src/armswatch/scale/templates``): every one is a different text. Both rules are
replayed in order as ``Store.add_article`` applies them (exact hash first, then
the nearest simhash within 3 bits):

- legacy: SHA-1 of the body lower-cased without punctuation, simhash of it
  (the rule before issue 16);
- current: ``armswatch.clean.dedup.fingerprint`` of title and body (SHA-256 of
  the text, claim key, simhash), near duplicates only with an equal claim key.

A merge is "of different claims" when the two texts' claim words
(``armswatch.clean.claims.split_claims``) differ. Prints a table and, as its
last line, one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

try:
    import armswatch  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from armswatch.clean.claims import split_claims
from armswatch.clean.dedup import fingerprint, hamming, normalise, simhash
from armswatch.scale.corpus import CorpusBuilder

BITS = 3


def _bands(value: int) -> list[tuple[int, int]]:
    return [(i, (value >> (16 * i)) & 0xFFFF) for i in range(4)]


class Replay:
    """The store's dedup decisions over fingerprints, in memory."""

    def __init__(self) -> None:
        self.by_hash: dict[str, int] = {}
        self.by_band: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        self.simhashes: dict[int, int] = {}

    def add(self, index: int, content: str, key: str, value: int) -> int | None:
        """The index of the stored article this one is merged with, or None (stored)."""
        if content in self.by_hash:
            return self.by_hash[content]
        best = None
        if value:
            for band in _bands(value):
                for other in self.by_band.get((key, *band), ()):
                    distance = hamming(value, self.simhashes[other])
                    if distance <= BITS and (best is None or (distance, other) < best):
                        best = (distance, other)
        if best is not None:
            return best[1]
        self.by_hash[content] = index
        self.simhashes[index] = value
        if value:
            for band in _bands(value):
                self.by_band[(key, *band)].append(index)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles to generate (default 20,000)")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)

    builder = CorpusBuilder(seed=args.seed)
    articles = list(builder.articles(args.n))
    texts = [f"{a.title}\n\n{a.text}" for a in articles]
    distinct = len(set(texts))

    t0 = time.perf_counter()
    legacy = []
    for a in articles:
        normal = normalise(a.text)
        legacy.append((hashlib.sha1(normal.encode()).hexdigest(), "", simhash(normal)))
    t_legacy = time.perf_counter() - t0
    t0 = time.perf_counter()
    current = [(f.content_hash, f.claim_key, f.simhash) for f in map(fingerprint, texts)]
    t_current = time.perf_counter() - t0

    results = {"articles": args.n, "distinct_texts": distinct}
    for name, prints, seconds in (("legacy", legacy, t_legacy), ("current", current, t_current)):
        replay = Replay()
        merged = wrong = 0
        examples: list[str] = []
        for i, (content, key, value) in enumerate(prints):
            other = replay.add(i, content, key, value)
            if other is None:
                continue
            merged += 1
            if texts[i] != texts[other] and split_claims(texts[i]).claims != split_claims(texts[other]).claims:
                wrong += 1
                if len(examples) < 3:
                    a, b = split_claims(texts[i]).claims, split_claims(texts[other]).claims
                    diff = next(k for k in range(min(len(a), len(b)) + 1)
                                if k == min(len(a), len(b)) or a[k] != b[k])
                    examples.append(f"{' '.join(b[max(0, diff - 3):diff + 2])!r} ~ {' '.join(a[max(0, diff - 3):diff + 2])!r}")
        results[name] = {"merged": merged, "merged_different_claims": wrong,
                         "fingerprint_ms_per_article": round(1000 * seconds / args.n, 3), "examples": examples}

    print(f"{args.n:,} generated articles, {distinct:,} distinct texts")
    print(f"{'rule':<8} {'merged':>7} {'of different claims':>20} {'ms/article':>11}")
    for name in ("legacy", "current"):
        r = results[name]
        print(f"{name:<8} {r['merged']:>7,} {r['merged_different_claims']:>20,} {r['fingerprint_ms_per_article']:>11}")
        for example in r["examples"]:
            print(f"         e.g. {example}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
