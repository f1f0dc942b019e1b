"""The throughput benchmark behind ``bench/run.py`` and ``armswatch bench``.

For each corpus size a fresh Python process reads the synthetic JSONL corpus
and runs the path of ``armswatch extract --workers 2 FILE`` (a LocalCluster
of two worker processes; read, clean, screen, parse, rules), or with
``workers=1`` that of ``armswatch extract FILE`` in one process. Each run
reports its wall and CPU time after the models are loaded and its peak
resident memory (``VmHWM`` from ``/proc/self/status``; for Dask the sum over
the client and worker processes, each counted once: a LocalCluster's
scheduler and nannies live in the client process). The baseline is plain
``spacy.load(MODEL)`` + ``nlp.pipe(texts)`` over the same cleaned texts in
one process. Timings exclude corpus generation and model loading (reported
apart).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_SIZES = (1_000, 10_000, 50_000)
DEFAULT_BASELINE = 1_000
DEFAULT_SEED = 20240601
# The targets are for two cores, and two Dask worker processes are how
# armswatch uses them (``armswatch extract --workers 2``).
DEFAULT_WORKERS = 2

# Targets of issue 6, checked in the report (never in tests).
TARGET_ARTICLES_PER_S = 40.0
TARGET_SPEEDUP = 3.0
TARGET_RSS_MB = 1024.0
TARGET_LINEARITY = 0.10


def peak_rss_kb() -> int:
    """This process's peak resident set size (VmHWM), in kB; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# -- measurement processes --------------------------------------------------------


def _pid_rss() -> tuple[int, int]:
    return os.getpid(), peak_rss_kb()


def _measure_extract(path: str, workers: int | None) -> dict:
    from armswatch.jobs import iter_articles

    skipped = 0

    def on_skip(_s) -> None:
        nonlocal skipped
        skipped += 1

    if workers:
        return _measure_distributed(path, workers)
    t0 = time.perf_counter()
    from armswatch.extract.pipeline import Extractor

    extractor = Extractor()
    t1, c1 = time.perf_counter(), time.process_time()
    articles = events = 0
    for _, found in extractor.extract_many(iter_articles([path], on_skip)):
        articles += 1
        if isinstance(found, list):
            events += len(found)
        else:
            on_skip(found)
    t2, c2 = time.perf_counter(), time.process_time()
    return {"articles": articles, "skipped": skipped, "events": events, "seconds": t2 - t1, "cpu_seconds": c2 - c1,
            "load_seconds": t1 - t0, "peak_rss_mb": peak_rss_kb() / 1024, "processes": 1}


def _measure_distributed(path: str, workers: int) -> dict:
    from armswatch.scale import _warm, cluster_client, map_documents
    from armswatch.model import Skipped

    t0 = time.perf_counter()
    with cluster_client(workers=workers) as client:
        client.run(_warm)  # every worker loads its model before the clock starts
        t1, c1 = time.perf_counter(), time.process_time()
        cpu0 = client.run(time.process_time)
        articles = events = skipped = 0
        for outcome in map_documents(client, [path]):
            if isinstance(outcome, Skipped):
                skipped += 1
                continue
            articles += 1
            events += len(outcome[1])
        t2, c2 = time.perf_counter(), time.process_time()
        cpu = sum(client.run(time.process_time).values()) - sum(cpu0.values()) + (c2 - c1)
        workers = dict(client.run(_pid_rss).values())
        # A LocalCluster's nannies (and its scheduler) live in this process: count each process once.
        nannies = dict(client.run(_pid_rss, nanny=True).values())
    processes = {**nannies, **workers, os.getpid(): peak_rss_kb()}
    worker_kb = list(workers.values())
    total_kb = sum(processes.values())
    return {"articles": articles, "skipped": skipped, "events": events, "seconds": t2 - t1, "cpu_seconds": cpu,
            "load_seconds": t1 - t0, "peak_rss_mb": total_kb / 1024, "peak_rss_worker_mb": max(worker_kb, default=0) / 1024,
            "processes": len(processes)}


def _measure_baseline(path: str) -> dict:
    import spacy

    from armswatch.extract.pipeline import MODEL
    from armswatch.jobs import iter_articles

    texts = [a.text for a in iter_articles([path])]
    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    t1, c1 = time.perf_counter(), time.process_time()
    tokens = 0
    for doc in nlp.pipe(texts):
        tokens += len(doc)
    t2, c2 = time.perf_counter(), time.process_time()
    return {"articles": len(texts), "tokens": tokens, "seconds": t2 - t1, "cpu_seconds": c2 - c1, "load_seconds": t1 - t0,
            "peak_rss_mb": peak_rss_kb() / 1024, "processes": 1}


def _child_main(argv: Sequence[str]) -> None:
    mode, path = argv[0], argv[1]
    workers = int(argv[2]) if len(argv) > 2 and argv[2] != "0" else None
    result = _measure_baseline(path) if mode == "baseline" else _measure_extract(path, workers)
    sys.stdout.write(json.dumps(result) + "\n")


def _run_child(mode: str, path: Path, workers: int | None) -> dict:
    cmd = [sys.executable, "-m", "armswatch.scale.bench", "--child", mode, str(path), str(workers or 0)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark process failed ({' '.join(cmd)}):\n{proc.stderr[-4000:]}")
    return json.loads(lines[-1])


# -- the benchmark ----------------------------------------------------------------


def _write_prefix(src: Path, dst: Path, n: int) -> None:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        for i, line in enumerate(fin):
            if i >= n:
                break
            fout.write(line)


def run_benchmark(sizes: Sequence[int] = DEFAULT_SIZES, baseline: int | None = DEFAULT_BASELINE,
                  workers: int | None = DEFAULT_WORKERS, seed: int = DEFAULT_SEED, templates: str | None = None,
                  workdir: str | None = None, single: bool = True,
                  echo: Callable[[str], None] | None = None) -> dict:
    """Build the corpora, measure every size (and the baselines), return the report as a dict.

    ``workers`` > 1 runs the sizes on a local Dask cluster of that many
    worker processes (``armswatch extract --workers N``); 0 or 1 runs them in
    one process. With a baseline and ``single``, the baseline sample is also
    run in one process, so both ratios are reported.
    """
    from armswatch.extract.pipeline import EXTRACTOR_VERSION, MODEL
    from armswatch.scale.corpus import CorpusBuilder

    say = echo or (lambda _m: None)
    started = time.perf_counter()
    load_start = _loadavg()
    sizes = sorted({int(n) for n in sizes if int(n) > 0})
    if not sizes:
        raise ValueError("give at least one corpus size")
    workers = workers if workers and workers > 1 else None
    baseline = int(baseline) if baseline else 0
    own_dir = None if workdir else tempfile.TemporaryDirectory(prefix="armswatch-bench-")
    base = Path(workdir or own_dir.name)  # type: ignore[union-attr]
    base.mkdir(parents=True, exist_ok=True)
    try:
        builder = CorpusBuilder(templates, seed=seed)
        largest = max(sizes + ([baseline] if baseline else []))
        t = time.perf_counter()
        full = base / f"corpus-{largest}.jsonl"
        stats = [_article_stats(a) for a in _write_corpus(builder, full, largest)]
        gen_seconds = time.perf_counter() - t
        say(f"corpus: {largest} articles written in {gen_seconds:.1f}s ({full})")

        def corpus(n: int) -> Path:
            path = base / f"corpus-{n}.jsonl"
            if not path.exists():
                _write_prefix(full, path, n)
            return path

        name = f"armswatch-{workers}w" if workers else "armswatch-1p"
        rows = []
        for n in sizes:
            say(f"measuring {n} articles{f' on {workers} Dask workers' if workers else ' in one process'} ...")
            rows.append(_row(name, n, stats, _run_child("extract", corpus(n), workers)))
            say(_fmt_row(rows[-1]))
        report: dict = {
            "bench": "armswatch", "extractor_version": EXTRACTOR_VERSION, "model": MODEL, "seed": seed,
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "mode": f"dask-{workers}-workers" if workers else "single-process",
            "corpus_seconds": round(gen_seconds, 2), "sizes": rows,
        }
        if baseline:
            ours = next((r for r in rows if r["requested"] == baseline), None)
            if ours is None:
                say(f"measuring {baseline} articles for the baseline comparison ...")
                ours = _row(name, baseline, stats, _run_child("extract", corpus(baseline), workers))
                report["compared"] = ours
            if workers and single:
                say(f"measuring {baseline} articles in one process ...")
                one = _row("armswatch-1p", baseline, stats, _run_child("extract", corpus(baseline), None))
                report["single_process"] = one
                say(_fmt_row(one))
            say(f"measuring the plain spaCy baseline on {baseline} articles ...")
            brow = _row("spacy-baseline", baseline, stats, _run_child("baseline", corpus(baseline), None),
                        baseline=True)
            report["baseline"] = brow
            say(_fmt_row(brow))
            report["speedup_vs_spacy"] = round(ours["articles_per_s"] / brow["articles_per_s"], 2)
            if "single_process" in report:
                report["speedup_single_process_vs_spacy"] = round(
                    report["single_process"]["articles_per_s"] / brow["articles_per_s"], 2)
        by_n = {r["requested"]: r for r in rows}
        if 10_000 in by_n and 50_000 in by_n:
            report["cost_ratio_50k_vs_10k"] = round(by_n[50_000]["ms_per_article"] / by_n[10_000]["ms_per_article"], 3)
        report["total_seconds"] = round(time.perf_counter() - started, 1)
        report["loadavg"] = [load_start, _loadavg()]
        report["targets"] = _targets(report)
        return report
    finally:
        if own_dir is not None:
            own_dir.cleanup()


def _loadavg() -> float:
    """The 1-minute load average: how busy the machine was (other work skews wall-clock figures)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


def _write_corpus(builder, path: Path, n: int):
    with open(path, "w", encoding="utf-8") as fh:
        for a in builder.articles(n):
            fh.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
            yield a


def _article_stats(a) -> tuple[int, bool]:
    return len(a.title.split()) + len(a.text.split()), a.is_arms


def _row(name: str, n: int, stats: list[tuple[int, bool]], m: dict, baseline: bool = False) -> dict:
    words = sum(w for w, _ in stats[:n])
    secs = max(m["seconds"], 1e-9)
    row = {
        "name": name,
        "requested": n,
        "articles": m["articles"],
        "arms_articles": sum(1 for _, arms in stats[:n] if arms),
        "words": words,
        "seconds": round(m["seconds"], 3),
        "cpu_seconds": round(m.get("cpu_seconds", 0.0), 3),
        "load_seconds": round(m["load_seconds"], 2),
        "articles_per_s": round(m["articles"] / secs, 1),
        "words_per_s": round(words / secs),
        "ms_per_article": round(1000 * secs / max(m["articles"], 1), 3),
        "peak_rss_mb": round(m["peak_rss_mb"], 1),
        "processes": m.get("processes", 1),
    }
    if not baseline:
        row["events"] = m["events"]
        row["skipped"] = m.get("skipped", 0)
    if "peak_rss_worker_mb" in m:
        row["peak_rss_worker_mb"] = round(m["peak_rss_worker_mb"], 1)
    return row


def _targets(report: dict) -> dict:
    rows = report["sizes"] + [report[k] for k in ("compared", "single_process") if k in report]
    out = {
        "articles_per_s>=40": all(r["articles_per_s"] >= TARGET_ARTICLES_PER_S for r in rows),
        "peak_rss<=1GB": all(r["peak_rss_mb"] <= TARGET_RSS_MB for r in rows),
    }
    if "speedup_vs_spacy" in report:
        out["speedup>=3x"] = report["speedup_vs_spacy"] >= TARGET_SPEEDUP
    if "cost_ratio_50k_vs_10k" in report:
        out["linear_within_10%"] = abs(report["cost_ratio_50k_vs_10k"] - 1) <= TARGET_LINEARITY
    return out


def _fmt_row(r: dict) -> str:
    events = r.get("events", "-")
    return (f"{r['name']:<15} {r['articles']:>7} {r['words']:>10,} {r['seconds']:>9.1f} {r['cpu_seconds']:>8.1f} "
            f"{r['articles_per_s']:>9.1f} {r['words_per_s']:>10,} {r['ms_per_article']:>8.2f} {r['peak_rss_mb']:>8.0f} "
            f"{events:>7}")


def format_report(report: dict) -> str:
    """The table and the verdicts, for humans (the JSON line is printed apart)."""
    head = (f"{'run':<15} {'articles':>7} {'words':>10} {'seconds':>9} {'CPU s':>8} {'art/s':>9} {'words/s':>10} "
            f"{'ms/art':>8} {'RSS MB':>8} {'events':>7}")
    lines = [f"armswatch bench: {report['mode']}, {report['cpus']} CPUs, model {report['model']}, seed {report['seed']}",
             head, "-" * len(head)]
    lines += [_fmt_row(r) for r in report["sizes"]]
    for key in ("compared", "single_process", "baseline"):
        if key in report:
            lines.append(_fmt_row(report[key]))
    lines.append("")
    if "speedup_vs_spacy" in report:
        line = (f"speed-up over plain spaCy (one process) on the same {report['baseline']['articles']} texts: "
                f"{report['speedup_vs_spacy']:.2f}x ({report['mode']})")
        if "speedup_single_process_vs_spacy" in report:
            line += f", {report['speedup_single_process_vs_spacy']:.2f}x (single-process)"
        lines.append(line)
    if "cost_ratio_50k_vs_10k" in report:
        lines.append(f"per-article cost, 50k vs 10k: {report['cost_ratio_50k_vs_10k']:.3f}")
    lines.append("targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in report["targets"].items()))
    lines.append(f"corpus generation {report['corpus_seconds']:.1f}s; whole run {report['total_seconds']:.1f}s; "
                 f"load average {report['loadavg'][0]:.2f} at start, {report['loadavg'][1]:.2f} at end")
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    """"1k,10k,50k" or "1000 10000" -> [1000, 10000]."""
    out = []
    for part in text.replace(",", " ").split():
        part = part.strip().lower()
        mult = 1
        if part.endswith("k"):
            part, mult = part[:-1], 1_000
        elif part.endswith("m"):
            part, mult = part[:-1], 1_000_000
        out.append(int(float(part) * mult))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of ``bench/run.py`` (``armswatch bench`` has the same options)."""
    import argparse

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        _child_main(argv[1:])
        return 0
    p = argparse.ArgumentParser(prog="bench/run.py", description="armswatch throughput benchmark")
    p.add_argument("--sizes", default="1k,10k,50k", help="corpus sizes, e.g. 1k,10k,50k (default)")
    p.add_argument("--baseline", type=int, default=DEFAULT_BASELINE,
                   help="articles for the plain spaCy baseline (0: none; default 1000)")
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                   help="Dask worker processes for the sizes (default 2; 1: one process, no Dask)")
    p.add_argument("--no-single", action="store_true",
                   help="with workers, do not also run the baseline sample in one process")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--templates", default=None, help="template folder (default: the templates installed with armswatch)")
    p.add_argument("--workdir", default=None, help="keep the corpora here (default: a temporary folder)")
    p.add_argument("--json-only", action="store_true", help="print only the JSON line")
    a = p.parse_args(argv)
    report = run_benchmark(parse_sizes(a.sizes), a.baseline, a.workers, a.seed, a.templates, a.workdir,
                           single=not a.no_single, echo=None if a.json_only else (lambda m: print(m, file=sys.stderr, flush=True)))
    if not a.json_only:
        print(format_report(report))
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
