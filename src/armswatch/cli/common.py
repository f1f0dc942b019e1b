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


def _shown(db: str | None) -> str:
    """The database as the user may see it: the URL without its password."""
    from sqlalchemy.engine import make_url

    from armswatch.store.engine import resolve_url

    try:
        return make_url(resolve_url(db)).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as given
        return str(db)


def _opened(db: str | None):
    """``open_store(db)``; a URL, driver or connection problem becomes one ``armswatch: error`` line."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from armswatch.store import open_store
    from armswatch.store.errors import explain

    try:
        return open_store(db)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise click.ClickException(
            f"cannot open the database {_shown(db)}: {exc} "
            "(give a file path, sqlite:///PATH or postgresql+psycopg://...)"
        ) from exc
    except ModuleNotFoundError as exc:
        raise click.ClickException(
            f"cannot open the database {_shown(db)}: its driver is not installed "
            f"({exc}); armswatch supports SQLite and PostgreSQL (postgresql+psycopg://...)"
        ) from exc
    except DBAPIError as exc:
        raise click.ClickException(f"cannot open the database {_shown(db)}: {explain(exc)}") from exc


#: File name endings of inputs and exports, never of a database: ``--db corpus.jsonl`` is a slip.
NOT_A_DATABASE = (".csv", ".tsv", ".json", ".jsonl", ".txt", ".html", ".htm", ".xml", ".parquet", ".gz", ".warc")


def _sqlite_path(db: str | None) -> str | None:
    """The file of an SQLite ``db`` (None for another backend, memory, or a URL that does not parse)."""
    from sqlalchemy.engine import make_url

    from armswatch.store.engine import resolve_url

    try:
        url = make_url(resolve_url(db))
    except Exception:  # left to _opened, which says what is wrong with it
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database


def open_db(db: str | None):
    """The store at ``db`` (created and migrated when needed), for commands that write."""
    path = _sqlite_path(db)
    if path is not None and path.lower().endswith(NOT_A_DATABASE) and not Path(path).exists():
        raise click.ClickException(f"{one_line(path)} is not a database (give a .db file or a URL with --db)")
    return _opened(db)


def open_for_reading(db: str | None):
    """The store at ``db`` for a command that only reads; refuses an SQLite file that does not exist."""
    path = _sqlite_path(db)
    if path is not None and not Path(path).exists():
        raise click.ClickException(f"no database at {one_line(path)} (give --db, or run `armswatch ingest` first)")
    return _opened(db)


def report_skip(s: Skipped) -> None:
    """One escaped line on standard error for a document that was not processed."""
    click.echo(one_line(s.describe()), err=True)


def report_revision(added) -> None:
    """One line on standard error for a document whose text changed since it was stored."""
    from armswatch.escape import escape_controls

    click.echo(
        escape_controls(
            f"armswatch: revised {added.doc_id}: new text stored as revision "
            f"{added.revision}, events to be extracted again"
        ),
        err=True,
    )
