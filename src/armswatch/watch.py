"""Watch mode: poll a list of sources, ingest what is new, extract and link it, again and again.

A sources file holds one source a line: a feed or page URL, or a file or
folder path (relative paths are read from the file's folder); blank lines
and lines starting with ``#`` are ignored. Each cycle ingests every source
(``jobs.ingest``: conditional GET, stored URLs not fetched again), extracts
the documents not yet extracted and links deals; ``CycleReport`` says what
it changed.

Stopping: ``stop()`` is looked at between documents, in ingest and in
extraction. What was stored stays stored; what was not is taken up by the
next cycle or run (a feed's validators are kept only after its last item,
extraction resumes with the documents not yet extracted), so a stopped and
restarted watch ends with the store an uninterrupted one would have.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from armswatch.jobs import SkipHandler, extract_stored, ingest
from armswatch.store import Store

__all__ = ["CycleReport", "parse_interval", "read_sources", "run_cycle", "watch"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``"15m"``, ``"30s"``, ``"2h"``, ``"1d"`` or plain seconds to seconds; ValueError otherwise."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"not an interval: {text!r} (e.g. 30s, 15m, 2h)")
    seconds = float(match.group(1)) * _UNIT[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ValueError(f"interval must be more than 0: {text!r}")
    return seconds


def read_sources(path: str) -> list[str]:
    """The sources listed in a sources file, in order, each once."""
    base = os.path.dirname(os.path.abspath(path))
    out: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if "://" not in entry and entry != "-" and not os.path.isabs(entry):
                entry = os.path.join(base, entry)
            if entry not in out:
                out.append(entry)
    return out


@dataclass(slots=True)
class CycleReport:
    """What one cycle did."""

    cycle: int
    new_articles: int = 0
    revised: int = 0
    new_events: int = 0
    deals_changed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    stopped: bool = False

    def line(self) -> str:
        """The one log line of the cycle."""
        end = " (stopped)" if self.stopped else ""
        return (f"armswatch: cycle {self.cycle}: {self.new_articles} new articles, {self.revised} revised, "
                f"{self.new_events} new events, {self.deals_changed} deals changed, {self.skipped} skipped; "
                f"{self.seconds:.1f}s{end}")


def _link(store: Store) -> int:
    """Link deals; the number of deals created, updated or removed."""
    from armswatch.link import link_store
    from armswatch.sipri.reference import refresh_links

    summary = link_store(store)
    refresh_links(store)
    return summary.new_deals + summary.updated_deals + summary.removed_deals


def run_cycle(store: Store, sources: list[str], extractor, cycle: int = 1,
              stop: Callable[[], bool] | None = None, on_skip: SkipHandler | None = None) -> CycleReport:
    """One cycle over ``sources``: ingest, extract, link (linking is skipped once stopped)."""
    from armswatch.sipri.overlay import apply_overlay

    t0 = time.perf_counter()
    report = CycleReport(cycle=cycle)
    # One commit per document: a watch stopped (or killed) loses at most the one in hand.
    summary = ingest(store, sources, on_skip=on_skip, stop=stop, batch_size=1)
    report.new_articles, report.revised, report.skipped = summary.new, summary.revised, summary.skipped
    apply_overlay(store)
    report.new_events = extract_stored(store, extractor, on_skip=on_skip, stop=stop)
    if stop is not None and stop():
        report.stopped = True
    else:
        report.deals_changed = _link(store)
    report.seconds = time.perf_counter() - t0
    return report


def watch(store: Store, sources_file: str, every: float, extractor, *, once: bool = False,
          stop: Callable[[], bool] | None = None, wait: Callable[[float], bool] | None = None,
          log: Callable[[str], None] = print, on_skip: SkipHandler | None = None) -> int:
    """Run cycles until ``stop()`` (or one, with ``once``); the number of cycles run.

    The sources file is read again at every cycle, so sources can be added
    while a watch runs. ``wait(seconds)`` sleeps between cycles and returns
    True when woken to stop (``threading.Event.wait`` fits).
    """
    stop = stop or (lambda: False)
    cycle = 0
    while True:
        cycle += 1
        report = run_cycle(store, read_sources(sources_file), extractor, cycle, stop, on_skip)
        log(report.line())
        if once or stop():
            return cycle
        if wait is not None:
            if wait(every):
                return cycle
        else:
            time.sleep(every)
        if stop():
            return cycle
