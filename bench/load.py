#!/usr/bin/env python3
"""Load benchmark of ``armswatch serve``: many concurrent readers, with and without an ingest running.

    .venv/bin/python bench/load.py                       # 20k documents, 200 readers, 30 s per phase
    .venv/bin/python bench/load.py --docs 2000 --seconds 10 --readers 50   # a quick look

1. Builds a store of ``--docs`` synthetic articles (the benchmark corpus of
   ``src/armswatch/scale/templates``) with the real pipeline: ingest, extract, link. It is
   kept in ``--dir`` (default ``.bench-load/``) and reused by later runs
   unless ``--rebuild``.
2. Starts ``armswatch serve`` on 127.0.0.1 (a free port) in its own process.
3. Phase "read": ``--readers`` clients, each sending one request after the
   other for ``--seconds`` seconds, over ``/api/deals``, ``/``,
   ``/api/overview``, ``/api/events`` and ``/api/documents``; every request
   has a 10 s timeout.
4. Phase "read + ingest": the same while ``armswatch ingest`` stores
   ``--ingest-docs`` new articles into the same database (another process),
   sampling the size of the SQLite write-ahead log.

Prints, per phase and URL: requests, requests/s, p50/p95/p99 latency (ms),
answers by status, timeouts and connection errors; then one JSON object as
the last line. Everything runs on loopback and ends by itself. Not a test:
run it by hand (it takes the machine for a few minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import armswatch  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

URLS = ("/api/deals", "/", "/api/overview", "/api/events?limit=50", "/api/documents?limit=50")
TIMEOUT = 10.0


def _armswatch() -> list[str]:
    return [sys.executable, "-c", "import sys; from armswatch.cli import main; sys.argv[0] = 'armswatch'; main()"]


def build_store(directory: Path, docs: int, rebuild: bool) -> Path:
    """The benchmark database (built with ingest + extract + link unless already there)."""
    from armswatch.scale.corpus import CorpusBuilder

    db = directory / "load.db"
    done = directory / "built.json"
    if done.exists() and not rebuild and json.loads(done.read_text()).get("docs") == docs and db.exists():
        return db
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    corpus = directory / "corpus.jsonl"
    CorpusBuilder().write_jsonl(corpus, docs)
    t0 = time.perf_counter()
    subprocess.run([*_armswatch(), "ingest", str(corpus), "--db", str(db)], check=True,
                   stderr=subprocess.DEVNULL)
    subprocess.run([*_armswatch(), "extract", "--db", str(db)], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([*_armswatch(), "link", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    done.write_text(json.dumps({"docs": docs, "build_seconds": round(time.perf_counter() - t0, 1)}))
    return db


def extra_corpus(directory: Path, start: int, n: int) -> Path:
    """``n`` further articles (numbered after the store's) for the concurrent ingest."""
    from armswatch.scale.corpus import CorpusBuilder

    path = directory / f"more-{start}-{n}.jsonl"
    builder = CorpusBuilder()
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(article.to_json(), ensure_ascii=False) + "\n" for article in builder.articles(n, start=start))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen([*_armswatch(), "serve", "--db", str(db), "--port", str(port),
                               "--log-level", "error", "--workers", str(workers)], stderr=subprocess.PIPE)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not start within 60 s")


class _Connection:
    """One keep-alive HTTP/1.1 connection to the server.

    A minimal client on purpose: with 200 connections in one process, httpx's
    pool spent more CPU than the server (about 45 requests/s in all), so the
    benchmark measured the client. This one only writes a GET and reads the
    status line, the headers and a Content-Length body.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, url: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _reader(port: int, k: int, until: float, results: dict) -> None:
    connection = _Connection(port)
    n = k
    while time.monotonic() < until:
        url = URLS[n % len(URLS)]
        n += 1
        t0 = time.perf_counter()
        try:
            outcome = str(await asyncio.wait_for(connection.get(url), TIMEOUT))
        except TimeoutError:
            outcome = "timeout"
            connection.close()
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            outcome = type(exc).__name__
            connection.close()
        results[url].append((time.perf_counter() - t0, outcome))
    connection.close()


async def _load(port: int, readers: int, seconds: float) -> dict:
    results: dict[str, list] = defaultdict(list)
    until = time.monotonic() + seconds
    await asyncio.gather(*(_reader(port, k, until, results) for k in range(readers)))
    return results


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summarise(results: dict, seconds: float) -> dict:
    out = {}
    for url in URLS:
        rows = results.get(url, [])
        latencies = [t for t, _ in rows]
        statuses = Counter(o for _, o in rows)
        out[url] = {
            "requests": len(rows),
            "rps": round(len(rows) / seconds, 1),
            "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
            "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
            "p99_ms": round(_percentile(latencies, 99) * 1000, 1),
            "by_status": dict(sorted(statuses.items())),
        }
    return out


def run_phase(port: int, readers: int, seconds: float, db: Path, ingest: Path | None) -> dict:
    writer = None
    wal = Path(f"{db}-wal")
    wal_max = 0
    if ingest is not None:
        writer = subprocess.Popen([*_armswatch(), "ingest", str(ingest), "--db", str(db)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: dict = {}

    async def main() -> None:
        nonlocal wal_max, results
        task = asyncio.create_task(_load(port, readers, seconds))
        while not task.done():
            if wal.exists():
                wal_max = max(wal_max, wal.stat().st_size)
            await asyncio.sleep(0.5)
        results = task.result()

    t0 = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - t0
    summary = {"seconds": round(elapsed, 1), "readers": readers, "urls": summarise(results, elapsed),
               "wal_max_mb": round(wal_max / 1e6, 1), "db_mb": round(db.stat().st_size / 1e6, 1)}
    if writer is not None:
        try:
            writer.wait(timeout=600)
        except subprocess.TimeoutExpired:
            writer.kill()
        summary["ingest_exit"] = writer.returncode
        summary["ingest_seconds_total"] = round(time.perf_counter() - t0, 1)
    return summary


def print_phase(name: str, s: dict) -> None:
    print(f"\n== {name}: {s['readers']} readers, {s['seconds']} s, WAL max {s['wal_max_mb']} MB "
          f"(database {s['db_mb']} MB)" + (f", ingest exit {s['ingest_exit']}" if "ingest_exit" in s else ""))
    print(f"{'url':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for url, u in s["urls"].items():
        print(f"{url:<26} {u['requests']:>8} {u['rps']:>7} {u['p50_ms']:>8} {u['p95_ms']:>8} {u['p99_ms']:>8}  "
              f"{u['by_status']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--readers", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--ingest-docs", type=int, default=3_000)
    ap.add_argument("--dir", default=".bench-load")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--server-workers", type=int, default=1, help="armswatch serve --workers")
    args = ap.parse_args(argv)
    if args.readers < 1 or args.readers > 1000 or args.seconds <= 0 or args.seconds > 600:
        ap.error("readers must be 1..1000 and seconds 0..600")
    directory = Path(args.dir)
    t0 = time.perf_counter()
    db = build_store(directory, args.docs, args.rebuild)
    print(f"store: {args.docs} documents in {db} ({time.perf_counter() - t0:.0f} s to build or reuse)")
    more = extra_corpus(directory, start=args.docs + int(time.time()) % 1_000_000 * 10, n=args.ingest_docs)
    port = free_port()
    server = start_server(db, port, args.server_workers)
    try:
        read = run_phase(port, args.readers, args.seconds, db, None)
        print_phase("read", read)
        mixed = run_phase(port, args.readers, args.seconds, db, more)
        print_phase("read + ingest", mixed)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(json.dumps({"docs": args.docs, "cores": os.cpu_count(), "server_workers": args.server_workers,
                      "read": read, "read_ingest": mixed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
