"""``armswatch serve``: the web UI and JSON API over a store, with uvicorn."""

from __future__ import annotations

from typing import Any

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
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="A Host name the server answers to besides the loopback names (repeatable; '*' for any). "
              "Also $ARMSWATCH_ALLOWED_HOSTS, comma-separated.")
def serve(db: str | None, host: str, port: int, token: str | None, log_level: str, workers: int,
          allow_host: tuple[str, ...]) -> None:
    """Serve the web UI and the JSON API (/api, schema at /openapi.json)."""
    import os

    from armswatch.api.http import HOSTS_ENV

    import uvicorn

    from armswatch.api.app import TOKEN_ENV, check_token, create_app
    from armswatch.store.engine import ENV_VAR, resolve_url

    try:
        check_token(token)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--token' / $ARMSWATCH_API_TOKEN") from None
    options: dict[str, Any] = {"host": host, "port": port, "log_level": log_level, "server_header": False}
    # The interface it listens on is a name clients may use (unless it is every interface).
    hosts = [*allow_host, *([host] if host not in ("0.0.0.0", "::", "") else [])]
    if workers == 1:
        app = create_app(db, token=token, allow_hosts=hosts)
        click.echo(f"armswatch: serving {app.state.store.url} at http://{host}:{port}/ "
                   f"(writes {'enabled' if app.state.token else 'disabled'})", err=True)
        uvicorn.run(app, **options)
        return
    # Worker processes build the app themselves, from the environment.
    os.environ[ENV_VAR] = resolve_url(db)
    if token:
        os.environ[TOKEN_ENV] = token
    os.environ[HOSTS_ENV] = ",".join(filter(None, [os.environ.get(HOSTS_ENV, ""), *hosts]))
    create_app(db, token=token).state.store.close()  # migrate once, and fail here rather than in every worker
    click.echo(f"armswatch: serving {os.environ[ENV_VAR]} at http://{host}:{port}/ with {workers} processes "
               f"(writes {'enabled' if token else 'disabled'})", err=True)
    uvicorn.run("armswatch.api.app:app_from_environment", factory=True, workers=workers, **options)


COMMANDS = (serve,)
