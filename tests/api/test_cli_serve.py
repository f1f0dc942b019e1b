"""``armswatch serve``: registered on the CLI, passes its options to uvicorn, serves for real."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from armswatch.cli import main


def test_serve_is_registered_with_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token"):
        assert option in result.output


def test_serve_hands_the_app_to_uvicorn(seed_db, monkeypatch):
    import uvicorn

    seen = {}

    def fake_run(app, **kwargs):
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(main, ["serve", "--db", seed_db, "--port", "8765", "--token", "abc"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8765
    assert seen["app"].state.token == "abc"
    assert "writes enabled" in result.output
    seen["app"].state.store.close()


def test_serve_answers_over_http(seed_db, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("armswatch")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "armswatch.cli"]
    env = {k: v for k, v in os.environ.items() if k != "ARMSWATCH_API_TOKEN"}
    proc = subprocess.Popen([*cmd, "serve", "--db", seed_db, "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["documents"] == 3
        assert "server" not in r.headers  # no software banner
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
        assert httpx.post(f"http://127.0.0.1:{port}/api/link", timeout=5).status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
