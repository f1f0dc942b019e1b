"""The ``armswatch`` command group: exit statuses and one-line errors.

Exit status 0: all went well; 1: some inputs could not be read (the rest were processed), or a
database, URL or configuration problem ended the command; 2: a usage error (a mistyped option
or value, with "did you mean" where the value is near a known one). A database, URL or
configuration problem is one line, ``armswatch: error: ...``; ``--debug`` (or
``$ARMSWATCH_DEBUG=1``) shows the traceback instead.
"""

from __future__ import annotations

import os
from typing import Any

import click

from armswatch.terminal import one_line


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.meta.get("armswatch.debug")) or os.environ.get("ARMSWATCH_DEBUG", "") not in ("", "0")


class _Main(click.Group):
    """The command group; a database, disk or configuration failure ends a command with one line and status 1.

    Every write is one transaction, so what failed left nothing half-written;
    a traceback would add nothing for the user (``--debug`` shows it).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except (click.UsageError, click.Abort):
            raise
        except click.ClickException as exc:
            if _debugging(ctx):
                raise
            click.echo(f"armswatch: error: {one_line(exc.format_message())}", err=True)
            ctx.exit(exc.exit_code)
        except Exception as exc:  # only what explain() recognises is handled; the rest is raised again
            from armswatch.store.errors import explain

            message = explain(exc)
            if message is None or _debugging(ctx):
                raise
            click.echo(f"armswatch: error: {one_line(message)}", err=True)
            ctx.exit(1)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["armswatch.debug"] = True
    return value


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="armswatch")
@click.option(
    "--debug",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_set_debug,
    help="Show the traceback of an error instead of one line (also $ARMSWATCH_DEBUG=1).",
)
def main() -> None:
    """armswatch: news about international arms transfers -> a sourced database of events.

    Exit status: 0 all good; 1 some inputs unreadable (the rest processed) or a database/URL
    problem; 2 a usage error.
    """
