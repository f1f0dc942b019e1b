"""``armswatch serve``: the web UI and JSON API over a store, with uvicorn."""

from __future__ import annotations

import click

from armswatch.cli.common import DB_HELP


@click.command()
@click.option("--db", envvar="ARMSWATCH_DB", default=None, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--token",
    envvar="ARMSWATCH_API_TOKEN",
    default=None,
    help="Bearer token that enables the write routes (POST /api/documents, /api/link). "
    "Default: $ARMSWATCH_API_TOKEN; without one, writes are disabled.",
)
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each with its own request threads and connection pool).")
def serve(db: str | None, host: str, port: int, token: str | None, log_level: str, workers: int) -> None:
    """Serve the web UI and the JSON API (/api, schema at /openapi.json)."""
    import os

    import uvicorn

    from armswatch.api.app import TOKEN_ENV, check_token, create_app
    from armswatch.store.engine import ENV_VAR, resolve_url

    try:
        check_token(token)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--token' / $ARMSWATCH_API_TOKEN") from None
    options = {"host": host, "port": port, "log_level": log_level, "server_header": False}
    if workers == 1:
        app = create_app(db, token=token)
        click.echo(f"armswatch: serving {app.state.store.url} at http://{host}:{port}/ "
                   f"(writes {'enabled' if app.state.token else 'disabled'})", err=True)
        uvicorn.run(app, **options)
        return
    # Worker processes build the app themselves, from the environment.
    os.environ[ENV_VAR] = resolve_url(db)
    if token:
        os.environ[TOKEN_ENV] = token
    create_app(db, token=token).state.store.close()  # migrate once, and fail here rather than in every worker
    click.echo(f"armswatch: serving {os.environ[ENV_VAR]} at http://{host}:{port}/ with {workers} processes "
               f"(writes {'enabled' if token else 'disabled'})", err=True)
    uvicorn.run("armswatch.api.app:app_from_environment", factory=True, workers=workers, **options)


COMMANDS = (serve,)
