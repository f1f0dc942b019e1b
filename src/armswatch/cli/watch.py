"""``armswatch watch``, and the input options of ``ingest``, ``run`` and ``extract``.

The input options (``--refresh``, ``--field PART=KEY``) are added to the
commands that read inputs by ``add_input_options``: each option is put in force with
``ingest.options.using`` around the command, so the readers see it without
the commands passing it along.
"""

from __future__ import annotations

import functools
import signal
import threading
from collections.abc import Iterable
from typing import Any

import click

REFRESH_HELP = "Fetch URLs again even when already stored (a conditional GET still answers 'not modified')."
FIELD_HELP = ("Corpus field map: take PART (text, html, title, published, url, id, publisher, source) "
              "from column/key KEY, e.g. --field published=my_date. Repeatable.")


def _with_input_options(command: click.Command) -> None:
    """Give ``command`` the --refresh and --field options, in force while it runs."""
    if any(p.name == "fields" for p in command.params):
        return
    command.params.append(click.Option(["--refresh"], is_flag=True, default=False, help=REFRESH_HELP))
    command.params.append(click.Option(["--field", "fields"], multiple=True, metavar="PART=KEY", help=FIELD_HELP))
    callback = command.callback
    if callback is None:
        return

    @functools.wraps(callback)
    def wrapped(*args: Any, refresh: bool = False, fields: tuple[str, ...] = (), **kwargs: Any) -> Any:
        from armswatch.ingest.options import InputOptions, using
        from armswatch.ingest.shapes import parse_field_overrides

        try:
            overrides = parse_field_overrides(fields)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--field") from None
        with using(InputOptions(fields=overrides, refresh=refresh)):
            return callback(*args, **kwargs)

    command.callback = wrapped


@click.command()
@click.argument("sources_file", metavar="SOURCES.txt", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True, help="Time between cycles: 30s, 15m, 2h ...")
@click.option("--once", is_flag=True, help="Run one cycle and exit (for cron).")
@click.option("--db", envvar="ARMSWATCH_DB", default=None,
              help="Database: a file path (SQLite) or an SQLAlchemy URL. Default: $ARMSWATCH_DB or ./armswatch.db")
@click.option("--time-budget", type=click.FloatRange(min=0), default=None,
              help="Seconds of extraction one document may take (as for `run`).")
def watch(sources_file: str, every: str, once: bool, db: str | None, time_budget: float | None) -> None:
    """Poll the feeds, pages and folders listed in SOURCES.txt; ingest, extract and link what is new.

    One line per cycle on stderr. Ctrl-C or SIGTERM stops between documents;
    a restart takes up where it stopped.
    """
    from armswatch.cli.common import open_db, report_skip
    from armswatch.cli.pipeline import _extractor
    from armswatch.terminal import one_line
    from armswatch.watch import parse_interval
    from armswatch.watch import watch as watch_job

    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    stopping = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt  # a second signal: stop now
        click.echo(f"armswatch: {signal.Signals(signum).name}: stopping after the current document", err=True)
        stopping.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with open_db(db) as store:
            extractor = _extractor(time_budget)
            watch_job(store, sources_file, seconds, extractor, once=once, stop=stopping.is_set,
                      wait=stopping.wait, log=lambda line: click.echo(one_line(line), err=True),
                      on_skip=report_skip)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


COMMANDS = [watch]


def add_input_options(commands: Iterable[click.Command]) -> None:
    """Give ``ingest``, ``run`` and ``extract`` among ``commands`` the --refresh and --field options."""
    for command in commands:
        if command.name in ("ingest", "run", "extract"):
            _with_input_options(command)
