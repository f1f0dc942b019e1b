"""What every command module shares: the ``--db`` option, opening the store, reporting skips.

Opening for a read command refuses a database that is not there: creating it (and its folder)
would answer "(no events)" about a database the user mistyped.
"""

from __future__ import annotations

from pathlib import Path

import click

from armswatch.model import Skipped
from armswatch.terminal import one_line

DB_HELP = "Database: a file path (SQLite) or an SQLAlchemy URL. Default: $ARMSWATCH_DB or ./armswatch.db"

db_option = click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)


def open_db(db: str | None):
    """The store at ``db`` (created and migrated when needed), for commands that write."""
    from armswatch.store import open_store

    return open_store(db)


def open_for_reading(db: str | None):
    """The store at ``db`` for a command that only reads; refuses an SQLite file that does not exist."""
    from sqlalchemy.engine import make_url

    from armswatch.store import open_store
    from armswatch.store.engine import resolve_url

    url = make_url(resolve_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise click.ClickException(
            f"no database at {one_line(url.database)} (give --db, or run `armswatch ingest` first)")
    return open_store(db)


def report_skip(s: Skipped) -> None:
    """One escaped line on standard error for a document that was not processed."""
    click.echo(one_line(s.describe()), err=True)


def report_revision(added) -> None:
    """One line on standard error for a document whose text changed since it was stored."""
    from armswatch.escape import escape_controls

    click.echo(escape_controls(f"armswatch: revised {added.doc_id}: new text stored as revision "
                               f"{added.revision}, events to be extracted again"), err=True)
