"""``armswatch bench``: the throughput benchmark of bench/run.py (see docs/SCALE.md)."""

from __future__ import annotations

import json
import sys

import click


@click.command()
@click.option("--sizes", default="1k,10k,50k", show_default=True, help="Corpus sizes, e.g. 1k,10k,50k.")
@click.option("--baseline", type=int, default=1000, show_default=True,
              help="Articles for the plain spaCy baseline (0: no baseline).")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Dask worker processes for the sizes (1: one process, no Dask).")
@click.option("--no-single", is_flag=True, help="With workers, do not also run the baseline sample in one process.")
@click.option("--seed", type=int, default=20240601, show_default=True)
@click.option("--templates", type=click.Path(exists=True, file_okay=False), default=None,
              help="Template folder (default: the templates installed with armswatch, or $ARMSWATCH_BENCH_TEMPLATES).")
@click.option("--workdir", type=click.Path(file_okay=False), default=None,
              help="Keep the generated corpora here (default: a temporary folder).")
@click.option("--json-only", is_flag=True, help="Print only the JSON line.")
def bench(sizes: str, baseline: int, workers: int, no_single: bool, seed: int, templates: str | None,
          workdir: str | None, json_only: bool) -> None:
    """Measure throughput on a synthetic mixed news stream: articles/s, words/s, peak RSS, events, speed-up over plain spaCy."""
    from armswatch.scale.bench import format_report, parse_sizes, run_benchmark

    try:
        report = run_benchmark(parse_sizes(sizes), baseline, workers, seed, templates, workdir, single=not no_single,
                               echo=None if json_only else (lambda m: click.echo(m, err=True)))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not json_only:
        click.echo(format_report(report))
    sys.stdout.write(json.dumps(report, sort_keys=True) + "\n")


COMMANDS = (bench,)
