"""Opening the store for a read command: a database that is not there is an error, not a new empty one."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.engine import make_url

from armswatch.store import open_store
from armswatch.store.engine import resolve_url
from armswatch.terminal import one_line


def open_for_reading(db: str | None):
    """The store at ``db`` for a command that only reads; refuses an SQLite file that does not exist.

    Creating it (and its folder) would answer "(no events)" about a database the user mistyped.
    """
    url = make_url(resolve_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise click.ClickException(
            f"no database at {one_line(url.database)} (give --db, or run `armswatch ingest` first)")
    return open_store(db)
