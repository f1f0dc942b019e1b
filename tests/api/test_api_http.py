"""Issue 14, HTTP: HEAD, gzip, ETag/Cache-Control with 304, and the Host allow-list."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from armswatch.api.app import create_app
from armswatch.api.http import allowed_hosts

GETS = ["/", "/network", "/deals", "/documents", "/search?q=helicopters", "/api/overview", "/api/events",
        "/api/deals", "/static/style.css"]


@pytest.mark.parametrize("url", GETS)
def test_head_answers_like_get_without_a_body(client, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


@pytest.mark.parametrize("url", ["/", "/api/events", "/deals"])
def test_large_answers_are_gzipped_when_asked(client, url):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("content-encoding") == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.text == plain.text  # httpx decompresses


@pytest.mark.parametrize("url", ["/", "/api/overview", "/api/events?limit=5"])
def test_etag_and_304(client, url):
    first = client.get(url)
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_static_files_may_be_kept(client):
    assert "max-age" in client.get("/static/style.css").headers["cache-control"]


def test_errors_get_no_etag(client):
    r = client.get("/api/deals/999999")
    assert r.status_code == 404 and "etag" not in r.headers


def test_foreign_host_header_is_refused(seed_db):
    with TestClient(create_app(seed_db, cache=False), base_url="http://evil.example") as c:
        assert c.get("/api/overview").status_code == 400
    with TestClient(create_app(seed_db, cache=False), base_url="http://localhost:8000") as c:
        assert c.get("/api/overview").status_code == 200
    with TestClient(create_app(seed_db, cache=False, allow_hosts=["arms.example"]),
                    base_url="http://arms.example") as c:
        assert c.get("/api/overview").status_code == 200


def test_allowed_hosts_from_environment(monkeypatch):
    monkeypatch.setenv("ARMSWATCH_ALLOWED_HOSTS", "a.example, b.example")
    hosts = allowed_hosts(["c.example"])
    assert {"localhost", "127.0.0.1", "a.example", "b.example", "c.example"} <= set(hosts)
