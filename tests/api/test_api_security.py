"""Write routes, tokens, body limits, headers, CORS."""

from __future__ import annotations

import pytest
from apiweb_seed import TOKEN

from armswatch.api.app import MAX_BODY_BYTES, create_app

ARTICLE = {
    "id": "api-posted-1",
    "title": "Own-wording test article",
    "published": "2023-03-02",
    "url": "https://example.org/posted-1",
    "text": "Germany delivered four IRIS-T air defence systems to Ukraine in 2023, the ministry said.",
}


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Basic dXNlcjpwdw=="}, 401),
        ({"Authorization": "Bearer wrong-token"}, 403),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403),
        ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 403),
    ],
)
def test_writes_need_the_right_token(write_client, headers, status):
    r = write_client.post("/api/documents", json=ARTICLE, headers=headers)
    assert r.status_code == status
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"
    assert write_client.post("/api/link", headers=headers).status_code == status
    assert write_client.get("/api/documents/api-posted-1").status_code == 404


def test_posting_an_article_ingests_and_extracts_it(write_client):
    r = write_client.post("/api/documents", json=ARTICLE, headers=auth())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body == {"doc_id": "api-posted-1", "is_new": True, "events": body["events"], "skipped": None,
                    "not_extracted": None}
    doc = write_client.get("/api/documents/api-posted-1").json()
    assert doc["title"] == ARTICLE["title"] and len(doc["events"]) == body["events"]
    assert body["events"] >= 1 and doc["events"][0]["recipient"] == "UKR"
    again = write_client.post("/api/documents", json=ARTICLE, headers=auth())
    assert again.status_code == 200 and again.json()["is_new"] is False


def test_posting_html_without_an_id(write_client):
    html = "<html><head><title>Posted page</title></head><body><article><p>" + \
        "India signed a contract for 26 Rafale Marine jets from France in 2025, officials said. " * 3 + \
        "</p></article></body></html>"
    r = write_client.post("/api/documents?extract=false", json={"html": html}, headers=auth())
    assert r.status_code == 201, r.text
    assert r.json()["doc_id"].startswith("api-") and r.json()["events"] == 0


@pytest.mark.parametrize(
    "body",
    [{"id": "x"}, {"id": "x", "text": "   "}, {"id": "x", "text": "t", "extra_field": 1}, {"text": 5}, []],
)
def test_invalid_articles_are_422(write_client, body):
    assert write_client.post("/api/documents", json=body, headers=auth()).status_code == 422


def test_link_route_runs_linking(write_client):
    r = write_client.post("/api/link", headers=auth())
    if r.status_code == 503:
        assert r.json()["detail"] == "deal linking not available"
        return
    assert r.status_code == 200 and r.json()["linked"] is True
    assert "deals" in r.json()["summary"]


def test_without_a_configured_token_writes_are_disabled(seed_db, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.delenv("ARMSWATCH_API_TOKEN", raising=False)
    with TestClient(create_app(seed_db, token=None)) as c:
        for headers in ({}, auth(), auth("")):
            assert c.post("/api/documents", json=ARTICLE, headers=headers).status_code == 403
            assert c.post("/api/link", headers=headers).status_code == 403


def test_token_from_the_environment(seed_db, tmp_path, monkeypatch):
    from apiweb_seed import copy_database
    from fastapi.testclient import TestClient

    monkeypatch.setenv("ARMSWATCH_API_TOKEN", "env-token")
    with TestClient(create_app(copy_database(seed_db, tmp_path))) as c:
        assert c.post("/api/documents?extract=false", json=ARTICLE, headers=auth()).status_code == 403
        assert c.post("/api/documents?extract=false", json=ARTICLE, headers=auth("env-token")).status_code == 201


def test_body_size_limit(write_client):
    big = {"id": "big", "text": "x" * (MAX_BODY_BYTES + 10)}
    for headers in ({}, auth()):
        r = write_client.post("/api/documents", json=big, headers=headers)
        assert r.status_code == 413
        assert r.headers["x-content-type-options"] == "nosniff"


def test_body_size_limit_without_content_length(write_client):
    def chunks():
        for _ in range(5):
            yield b" " * (MAX_BODY_BYTES // 4)

    r = write_client.post("/api/documents", content=chunks(),
                          headers={**auth(), "Content-Type": "application/json"})
    assert r.status_code == 413


def test_smaller_configured_body_limit(seed_db, tmp_path):
    from apiweb_seed import copy_database
    from fastapi.testclient import TestClient

    with TestClient(create_app(copy_database(seed_db, tmp_path), token=TOKEN, max_body=1000)) as c:
        assert c.post("/api/documents", json={"id": "a", "text": "y" * 2000}, headers=auth()).status_code == 413


@pytest.mark.parametrize("url", ["/", "/api/stats", "/api/events?limit=1000", "/api/nothing", "/network",
                                 "/static/style.css", "/openapi.json"])
def test_safe_headers_everywhere(client, url):
    r = client.get(url, headers={"Origin": "https://evil.example"})
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "*" not in csp
    assert "access-control-allow-origin" not in r.headers


def test_cors_preflight_is_not_answered(client):
    r = client.options(
        "/api/documents",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in r.headers
    assert r.status_code in (404, 405)


def test_sql_injection_attempts_are_plain_text(client):
    total = client.get("/api/events").json()["total"]
    for payload in ("' OR 1=1 --", "RUS' OR '1'='1", "\"; DROP TABLE events; --"):
        # A party that names nothing is refused (422, naming the parameter), never run as SQL.
        r = client.get("/api/events", params={"party": payload})
        assert r.status_code == 422 and "party" in r.text and "no party called" in r.text
        assert client.get("/api/search", params={"q": payload}).json()["total"] == 0
    assert client.get("/api/events").json()["total"] == total
