"""Fixtures of the web tests: the seed database (shared with tests/api), a TestClient,
and, for the browser tests, a uvicorn server on a free local port plus headless Debian chromium."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
try:
    import armswatch  # noqa: F401
except ImportError:  # not installed into the venv yet: use the source tree
    sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE.parent / "api"))

import apiweb_seed  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    db, extractor = apiweb_seed.seed_database(tmp_path_factory.getbasetemp() / "apiweb-seed")
    from armswatch.api import service

    service.set_extractor(extractor)
    return db


@pytest.fixture(scope="session")
def client(seed_db):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    # Some tests swap service functions while the session's client lives (no deal
    # linking, failures); a kept answer would hide the swap. The cache has its own
    # tests (tests/api/test_api_load.py).
    with TestClient(create_app(seed_db, token=apiweb_seed.TOKEN, cache=False)) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(seed_db):
    """Base URL of uvicorn serving the app over the seed database, in a thread."""
    import uvicorn

    from armswatch.api.app import create_app

    app = create_app(seed_db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, name="armswatch-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (Debian packages chromium, chromium-driver; see .ci/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every JavaScript dialog a page opened (must stay empty)."""
    return []


@pytest.fixture
def page(browser, live_server, dialogs):
    """A fresh page; any JavaScript dialog (alert, confirm) is recorded and fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    pg = context.new_page()

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
    assert not dialogs, f"a script ran in the page: dialog(s) {dialogs}"
