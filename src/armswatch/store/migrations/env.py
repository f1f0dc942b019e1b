"""Alembic environment of the armswatch store.

Normally run from ``armswatch.store.engine.upgrade()``, which passes an open
connection in ``config.attributes["connection"]`` (inside a transaction it
owns). Run by the ``alembic`` command instead, it connects to the URL in the
config's ``sqlalchemy.url``, else ``$ARMSWATCH_DB``, else ``armswatch.db``.
"""

from __future__ import annotations

from alembic import context

from armswatch.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    """Emit the SQL to standard output (``alembic upgrade --sql``)."""
    from armswatch.store.engine import resolve_url

    context.configure(
        url=resolve_url(config.get_main_option("sqlalchemy.url")),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection handed in, or one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    from armswatch.store.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
