#!/usr/bin/env python3
"""SIPRI benchmark: a full-size register (~30,000 rows, the real layout) against the seeds store.

    .venv/bin/python bench/sipri.py                    # 29,519 rows, as a full export of 13 Mar 2025
    .venv/bin/python bench/sipri.py --rows 5000 --keep ../sipri-bench   # keep the files, outside the project

Builds the register from ../shared/samples/sipri/trade-register-pakistan.csv
(its notes block, header and 520 rows, byte-compatible Latin-1), adding copies
of its rows for other recipients and shifted years until it has ``--rows``
rows; builds a store of ../shared/samples/seeds/ with ``armswatch run``; then
times, as an analyst runs them:

- ``armswatch sipri import REGISTER`` (reference deals stored and linked),
- ``armswatch reconcile REGISTER`` (scoped: the default),
- ``armswatch reconcile`` (the imported register),
- ``armswatch reconcile REGISTER --scope all`` (for contrast: the old behaviour's line count).

Each is a fresh process (start-up included). Prints a table, then one JSON
object as its last line. Targets (issue 13): import and scoped reconcile
under 5 s each, scoped output under 200 lines. The register is written to a
temporary directory, never into the project (the sample is SIPRI's).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "sipri" / "trade-register-pakistan.csv"
SEEDS = ROOT.parent / "shared" / "samples" / "seeds"
ARMSWATCH = [str(Path(sys.executable).with_name("armswatch"))]


def recipients() -> list[str]:
    """Register spellings of states other than Pakistan (from the project's name table)."""
    sys.path.insert(0, str(ROOT / "src"))
    from armswatch.sipri.data import data_rows

    return [r["name"] for r in data_rows("sipri_names.csv") if r["kind"] == "state" and r["code"] != "PAK"]


def build_register(target: Path, n_rows: int) -> int:
    """Write a register of ``n_rows`` rows in the sample's layout; returns the row count."""
    text = SAMPLE.read_bytes().decode("latin-1")
    lines = text.splitlines(keepends=True)
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier,"))
    head, body = lines[: header_at + 1], lines[header_at + 1 :]
    rows = list(csv.reader(io.StringIO("".join(body))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if lines[0].endswith("\r\n") else "\n")
    for row in rows:
        writer.writerow(row)
    written, names, copy = len(rows), recipients(), 0
    while written < n_rows:
        copy += 1
        recipient, shift = names[copy % len(names)], (copy // len(names)) % 7 - 3
        for row in rows:
            if written >= n_rows:
                break
            new = list(row)
            new[0] = recipient
            if new[2].isdigit():
                new[2] = str(int(new[2]) + shift)
            new[10] = "; ".join(str(int(y) + shift) for y in new[10].split("; ") if y.strip().isdigit())
            writer.writerow(new)
            written += 1
    target.write_bytes(("".join(head) + out.getvalue()).encode("latin-1"))
    return written


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(ARMSWATCH + args, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=29519)
    parser.add_argument("--keep", type=Path, help="Directory to keep the register and store in.")
    args = parser.parse_args()
    if not SAMPLE.is_file() or not SEEDS.is_dir():
        print(f"needs {SAMPLE} and {SEEDS}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="armswatch-sipri-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    register, db = work / "register.csv", work / "seeds.db"
    db.unlink(missing_ok=True)
    rows = build_register(register, args.rows)
    subprocess.run(ARMSWATCH + ["run", str(SEEDS), "--db", str(db)], capture_output=True, check=True)

    results = {"register_rows": rows, "register_mb": round(register.stat().st_size / 1e6, 1)}
    results["import_s"], out = timed(["sipri", "import", str(register), "--db", str(db)])
    results["import_output"] = out.strip()
    results["reconcile_s"], out = timed(["reconcile", str(register), "--db", str(db)])
    results["reconcile_lines"], results["reconcile_summary"] = len(out.splitlines()), out.splitlines()[-1]
    results["reconcile_stored_s"], out = timed(["reconcile", "--db", str(db)])
    results["reconcile_stored_lines"] = len(out.splitlines())
    results["reconcile_all_s"], out = timed(["reconcile", str(register), "--db", str(db), "--scope", "all"])
    results["reconcile_all_lines"] = len(out.splitlines())
    results["noop_s"], _ = timed(["--version"])

    print(f"register: {rows} rows ({results['register_mb']} MB, Latin-1); store: the two seed articles")
    print(f"{'command':<44} {'seconds':>8} {'lines':>7}")
    for label, key, lines in (
        ("armswatch sipri import REGISTER", "import_s", 1),
        ("armswatch reconcile REGISTER (scoped)", "reconcile_s", results["reconcile_lines"]),
        ("armswatch reconcile (imported register)", "reconcile_stored_s", results["reconcile_stored_lines"]),
        ("armswatch reconcile REGISTER --scope all", "reconcile_all_s", results["reconcile_all_lines"]),
        ("armswatch --version (start-up only)", "noop_s", 1),
    ):
        results[key] = round(results[key], 2)
        print(f"{label:<44} {results[key]:>8.2f} {lines:>7}")
    print(f"summary: {results['reconcile_summary']}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
