"""Database URLs, engines and migrations.

- ``resolve_url`` turns what a user gives (nothing, a file path, or an
  SQLAlchemy URL) into an SQLAlchemy URL.
- ``make_engine`` builds the engine; on SQLite it turns on WAL, foreign keys
  and a busy timeout, and makes transactions real (see below).
- ``upgrade`` migrates a database to the newest revision shipped in
  ``migrations/``; no ``alembic.ini`` is needed.

SQLite transactions: Python's ``sqlite3`` module by default starts a
transaction only before the first INSERT/UPDATE/DELETE, so the reads a write
depends on (is this document already stored?) would run outside it. Here the
driver's own handling is switched off and every transaction is begun
explicitly: ``BEGIN`` for readers, ``BEGIN IMMEDIATE`` for connections of the
engine returned by ``writer(engine)``, so that a writer takes the write lock
up front (waiting up to the busy timeout for another writer) and everything
it reads stays valid until it commits. With WAL, readers never wait for a
writer.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL

#: Environment variable naming the database when none is given.
ENV_VAR = "ARMSWATCH_DB"
#: The database used when neither an argument nor ``$ARMSWATCH_DB`` names one.
DEFAULT_FILE = "armswatch.db"
#: How long (ms) an SQLite connection waits for a lock before failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: Bytes of write-ahead log above which a long ingest truncates it (see ``checkpoint``).
WAL_SIZE_LIMIT = 64 * 1024 * 1024
#: How long (ms) a truncating checkpoint waits for readers before giving up until the next batch.
CHECKPOINT_WAIT_MS = 2_000

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_WRITE_OPTION = "armswatch_write"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url``.

    ``None`` means ``$ARMSWATCH_DB``, else ``armswatch.db`` in the current
    directory. A string without ``://`` is a file path (``sqlite:///path``).
    ``postgresql://`` and ``postgres://`` URLs are given the psycopg (3)
    driver, the one the project installs.
    """
    if url is None:
        url = os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _set_wal(cursor) -> None:
    """Switch to WAL, retrying while another connection holds a lock.

    Switching a new database's journal mode needs an exclusive lock, and
    SQLite may answer "database is locked" at once instead of waiting out the
    busy timeout (when waiting could deadlock): processes opening a new
    database together would then fail. So wait here, up to the same timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _sqlite_on_connect(dbapi_connection, _record, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    # Hand transaction control to SQLAlchemy (see module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # After a checkpoint, the WAL file is cut back to this size instead of
        # staying as large as it ever grew.
        cursor.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, *, pool_size: int | None = None, pool_timeout: float | None = None,
                busy_timeout: float | None = None) -> Engine:
    """An engine for ``url`` (resolved by ``resolve_url``), set up for this store.

    ``pool_size``: connections kept (and at most open: no overflow) when
    given; ``pool_timeout``: seconds to wait for one before
    ``sqlalchemy.exc.TimeoutError``; ``busy_timeout``: seconds an SQLite
    connection waits for a lock (default 30).
    """
    sa_url = make_url(resolve_url(url))
    pool: dict = {}
    if pool_size is not None:
        pool.update(pool_size=pool_size, max_overflow=0)
    if pool_timeout is not None:
        pool["pool_timeout"] = pool_timeout
    if _is_sqlite(sa_url):
        database = sa_url.database
        in_memory = not database or database == ":memory:" or database.startswith("file:")
        if not in_memory:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        else:
            pool = {}  # one shared connection: there is no pool to size
        busy_ms = int(SQLITE_BUSY_TIMEOUT_MS if busy_timeout is None else busy_timeout * 1000)
        engine = create_engine(sa_url, connect_args={"timeout": busy_ms / 1000}, **pool)
        event.listen(engine, "connect", lambda conn, record: _sqlite_on_connect(conn, record, busy_ms))
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(sa_url, pool_pre_ping=True, **pool)


def checkpoint(engine: Engine) -> None:
    """Fold SQLite's write-ahead log back into the database file (no-op elsewhere).

    SQLite checkpoints on its own, but a checkpoint cannot pass a reader
    that still sees an older snapshot, so under a steady stream of readers the
    WAL only grows. A long ingest calls this between batches: a passive
    checkpoint always, and once the WAL is past ``WAL_SIZE_LIMIT`` a
    truncating one that waits (at most ``CHECKPOINT_WAIT_MS``) for readers
    to move on. Readers are never blocked by either.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    wal = Path(f"{database}-wal") if database and database != ":memory:" else None
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            if wal is not None and wal.exists() and wal.stat().st_size > WAL_SIZE_LIMIT:
                (busy_ms,) = cursor.execute("PRAGMA busy_timeout").fetchone()
                cursor.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
                try:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        finally:
            cursor.close()


def writer(engine: Engine) -> Engine:
    """The same engine (same pool), whose transactions are write transactions.

    On SQLite they begin with ``BEGIN IMMEDIATE``; elsewhere nothing changes.
    """
    return engine.execution_options(**{_WRITE_OPTION: True})


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration shipped with this version of armswatch."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database behind ``connection`` is at (None if empty)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` in one transaction.

    Several processes may open a new database at once: on SQLite the
    transaction takes the write lock first; on PostgreSQL a transaction-level
    advisory lock serialises them. Whoever comes second finds the work done.
    """
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x61726D73}
            )
        if revision == "head" and current_revision(connection) == head_revision():
            return
        command.upgrade(alembic_config(connection), revision)


__all__ = [
    "DEFAULT_FILE",
    "ENV_VAR",
    "MIGRATIONS",
    "SQLITE_BUSY_TIMEOUT_MS",
    "alembic_config",
    "checkpoint",
    "current_revision",
    "head_revision",
    "make_engine",
    "resolve_url",
    "upgrade",
    "writer",
]
