#!/usr/bin/env python3
"""Is the work per document linear in its length? Time at 10k and 100k characters, and the ratio.

    .venv/bin/python bench/linearity.py            # every shape, best of 3, about a minute
    .venv/bin/python bench/linearity.py --repeat 1 --shapes abbreviations,one-line

For texts of several shapes (ordinary prose, a period after every
abbreviation, a pronoun in every cue sentence, one line without a boundary,
a run of marks), it times sentence splitting, the screens (``plan_article``:
splitting, cue and party screens) and the whole extraction of one document
(``Extractor.extract``: the screens, spaCy, the rules) on 10,000 and 100,000
characters (CPU time, the median of at least three runs). Linear work gives a ratio
near 10; the target is below 15 for every shape and step. Prints a table,
then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

try:
    import armswatch  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from armswatch.extract import pipeline
from armswatch.extract.pipeline import Extractor
from armswatch.extract.sentences import split_sentences
from armswatch.model import Article

# Each shape is one unit repeated to the length wanted (own wording).
SHAPES = {
    "prose": "Russia agreed to sell 12 Su-30 jets to India in 2015. It said the U.S. would object. ",
    "abbreviations": "Gen. Smith met Col. Jones and Dr. Lee in Washington on Jan. 5 after the U.S. talks. ",
    "pronouns": "Russia is a large exporter. It agreed to buy tanks. ",
    "one-line": "Russia agreed to sell jets to India and it said so and ",
    "marks": "!!!!!!!!!!!!!!!!!!!!?",
}
SIZES = (10_000, 100_000)
TARGET = 15.0


def _text(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _best(fn, text: str, repeat: int) -> float:
    """CPU seconds of one call: the median of at least ``repeat`` runs, and of as many as fit in half a second.

    CPU time of this thread, not wall time: on a shared machine a 20 ms run
    is preempted far more often than a 1 ms one, which would inflate the
    ratio. The median, unlike the minimum, does not favour the size that
    gets more runs.
    """
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < repeat or (time.perf_counter() - started < 0.5 and len(times) < 200):
        t0 = time.thread_time()
        fn(text)
        times.append(time.thread_time() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="least runs per measurement; the median counts")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args(argv)
    extractor = Extractor(time_budget=0)
    extractor.extract(Article(doc_id="warm-up", text=SHAPES["prose"]))  # model and automata loaded
    steps = {
        "split": split_sentences,
        "screens": pipeline.plan_article,
        "extract": lambda t: extractor.extract(Article(doc_id="bench", text=t)),
    }
    rows = []
    print(f"{'shape':<14} {'step':<8} {'10k s':>9} {'100k s':>9} {'ratio':>6}")
    for shape in args.shapes.split(","):
        unit = SHAPES[shape]
        for step, fn in steps.items():
            small, large = (_best(fn, _text(unit, n), args.repeat) for n in SIZES)
            ratio = large / small if small > 0 else float("inf")
            rows.append({"shape": shape, "step": step, "seconds_10k": round(small, 4),
                         "seconds_100k": round(large, 4), "ratio": round(ratio, 1)})
            print(f"{shape:<14} {step:<8} {small:>9.4f} {large:>9.4f} {ratio:>6.1f}", flush=True)
    worst = max(r["ratio"] for r in rows)
    print(f"worst ratio {worst:.1f} (target < {TARGET:g})")
    print(json.dumps({"target": TARGET, "worst_ratio": worst, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
