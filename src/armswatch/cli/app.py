"""The ``armswatch`` command group: one-line errors for database and disk failures."""

from __future__ import annotations

import click

from armswatch.terminal import one_line


class _Main(click.Group):
    """The command group; a database or disk failure ends a command with one line and status 1.

    Every write is one transaction, so what failed left nothing half-written;
    a traceback would add nothing for the user.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:  # only what explain() recognises is handled; the rest is raised again
            from armswatch.store.errors import explain

            message = explain(exc)
            if message is None:
                raise
            click.echo(f"armswatch: error: {one_line(message)}", err=True)
            ctx.exit(1)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="armswatch")
def main() -> None:
    """armswatch: news about international arms transfers -> a sourced database of events."""

