"""Smoke tests of the benchmark (bench/run.py, armswatch bench) at a tiny size.

They check that the report has its fields and sensible values; timings are
never asserted here (see docs/SCALE.md for the measured figures).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from armswatch.scale.bench import parse_sizes
from armswatch.scale.corpus import CorpusBuilder

ROOT = Path(__file__).resolve().parents[2]
ROW_FIELDS = ("articles", "words", "seconds", "articles_per_s", "words_per_s", "ms_per_article", "peak_rss_mb")


def _check_report(report: dict, n: int, mode: str) -> None:
    assert report["bench"] == "armswatch"
    assert report["mode"] == mode
    (row,) = report["sizes"]
    assert row["articles"] == n
    for name in ROW_FIELDS:
        assert row[name] > 0, name
    assert row["events"] > 0
    assert 0 < row["arms_articles"] < n
    assert "baseline" not in report and "speedup_vs_spacy" not in report
    assert set(report["targets"]) == {"articles_per_s>=40", "peak_rss<=1GB"}


def test_cli_bench_reports_a_json_line():
    from armswatch.cli import main

    result = CliRunner(mix_stderr=False).invoke(main, ["bench", "--sizes", "50", "--baseline", "0", "--json-only"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    _check_report(report, 50, "dask-2-workers")
    assert report["sizes"][0]["processes"] == 3  # the client and two workers


def test_bench_script_prints_table_then_json(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "40", "--baseline", "0",
                           "--workers", "1", "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.strip().splitlines()
    assert out[0].startswith("armswatch bench:")
    assert any(line.startswith("armswatch-1p ") and " 40 " in line for line in out)
    _check_report(json.loads(out[-1]), 40, "single-process")
    assert (tmp_path / "corpus-40.jsonl").is_file()


def test_corpus_is_deterministic_mixed_and_fully_filled():
    a = list(CorpusBuilder(seed=3).articles(400))
    b = list(CorpusBuilder(seed=3).articles(100))
    assert [x.text for x in a[:100]] == [x.text for x in b]
    arms = sum(x.is_arms for x in a)
    assert 0.08 * len(a) <= arms <= 0.22 * len(a)
    assert len({x.topic for x in a}) >= 6
    for x in a:
        assert "{" not in x.text and "}" not in x.title
        assert 80 <= len(x.text.split()) <= 900


def test_parse_sizes():
    assert parse_sizes("1k,10k, 50k") == [1000, 10000, 50000]
    assert parse_sizes("50 2.5k") == [50, 2500]
