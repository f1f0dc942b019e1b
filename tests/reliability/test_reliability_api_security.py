"""API security checks that ``tests/api`` does not already make.

``tests/api/test_api_security.py`` covers tokens (missing, wrong, from the
environment), the body limit, safe headers on normal pages, CORS and SQL
injection; ``tests/api/test_api_read.py`` the page-size caps. Here: that the
token is compared in constant time, that it is only taken from the
Authorization header, that hostile request bodies and parameters get a 4xx
answer and never a 5xx, and that error answers carry the safe headers too.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from reliability_helpers import tally

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("armswatch.api.app") is None or importlib.util.find_spec("fastapi") is None,
    reason="the API (armswatch.api.app.create_app) is not available yet",
)

TOKEN = "reliability-token-0123456789"
ARTICLE = {"id": "sec-1", "title": "Own words", "text": "Norway delivered eight air defence launchers to Ukraine in 2022."}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    db = tmp_path_factory.mktemp("api-security") / "api.db"
    with TestClient(create_app(str(db), token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_token_is_compared_in_constant_time(client, monkeypatch):
    import hmac

    from armswatch.api import routes

    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(routes.hmac, "compare_digest", spy)
    assert client.post("/api/documents?extract=false", json=ARTICLE, headers=_auth("nope")).status_code == 403
    assert client.post("/api/documents?extract=false", json=ARTICLE, headers=_auth()).status_code in (200, 201)
    assert len(calls) == 2, "every token check goes through hmac.compare_digest"


@pytest.mark.parametrize("where", ["query", "cookie", "other-header", "basic"])
def test_the_token_is_only_read_from_the_authorization_header(client, where):
    kwargs: dict = {"json": {**ARTICLE, "id": f"sec-{where}"}}
    url = "/api/documents?extract=false"
    if where == "query":
        url += f"&token={TOKEN}&access_token={TOKEN}"
    elif where == "cookie":
        client.cookies.set("token", TOKEN)
    elif where == "other-header":
        kwargs["headers"] = {"X-Api-Token": TOKEN, "X-Auth-Token": TOKEN}
    else:
        kwargs["headers"] = {"Authorization": f"Basic {TOKEN}"}
    try:
        response = client.post(url, **kwargs)
    finally:
        client.cookies.clear()
    assert response.status_code == 401
    assert client.get(f"/api/documents/sec-{where}").status_code == 404


def test_a_non_ascii_token_is_refused_not_a_crash(client):
    response = client.post("/api/documents?extract=false", json=ARTICLE,
                           headers={"Authorization": b"Bearer r\xe9liability"})
    assert response.status_code == 403


def test_an_empty_configured_token_disables_writes(tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    with TestClient(create_app(str(tmp_path / "x.db"), token="")) as c:
        for headers in ({}, _auth(""), {"Authorization": "Bearer "}):
            assert c.post("/api/documents?extract=false", json=ARTICLE, headers=headers).status_code in (401, 403)


HOSTILE_BODIES = {
    "deep-array": "[" * 100_000 + "]" * 100_000,
    "deep-object": '{"id":' * 30_000 + "1" + "}" * 30_000,
    "deep-title": '{"id": "d", "text": "x", "title": ' + "[" * 5_000 + "]" * 5_000 + "}",
    "binary": b"\xff\xfe\x00\x01garbage\x00",
    "not-json": "id=1&text=hello",
    "empty": "",
    "null": "null",
    "big-int-id": '{"id": ' + "9" * 5000 + ', "text": "Some text."}',
    "wrong-types": '{"id": ["a"], "text": {"b": 1}, "published": 5}',
    "only-markup": json.dumps({"id": "mk", "html": "<div>" * 50_000}),
    "script-only": json.dumps({"id": "sc", "html": "<script>alert(1)</script>"}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_bodies_get_a_4xx_never_a_5xx(client, name):
    body = HOSTILE_BODIES[name]
    response = client.post("/api/documents?extract=false", content=body,
                           headers={**_auth(), "Content-Type": "application/json"})
    tally("requests_made")
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    json.loads(response.text)


@pytest.mark.parametrize("body", [
    '{"id": "s\\udc80", "text": "Some text."}',
    '{"id": "n", "text": "Some text.", "published": NaN}',
    "1e999999",
], ids=["lone-surrogate", "nan", "infinity"])
def test_unencodable_input_in_a_422_is_still_a_4xx(client, body):
    response = client.post("/api/documents?extract=false", content=body,
                           headers={**_auth(), "Content-Type": "application/json"})
    assert 400 <= response.status_code < 500


def test_a_nul_character_in_the_text_is_dropped(client):
    response = client.post("/api/documents?extract=false", json={"id": "nul", "text": "Some\u0000 text here."},
                           headers=_auth())
    assert response.status_code == 201
    assert "\u0000" not in client.get("/api/documents/nul").json()["text"]


HOSTILE_QUERIES = [
    "/api/events?limit=" + "9" * 40,
    "/api/events?offset=-1",
    "/api/events?offset=" + "9" * 40,
    "/api/events?year_from=" + "9" * 30,
    "/api/events?type=NOT_A_TYPE",
    "/api/events?party=" + "A" * 5000,
    "/api/events/" + "9" * 40,
    "/api/events/-1",
    "/api/deals/" + "9" * 40,
    "/api/network?max_nodes=" + "9" * 20,
    "/api/search?q=%00%ff%fe",
    "/api/search?q=" + "%25_" * 40,
    "/api/documents/%00",
    "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/dyads/" + "X" * 100 + "/Y",
]


@pytest.mark.parametrize("url", HOSTILE_QUERIES)
def test_hostile_parameters_get_a_4xx_never_a_5xx(client, url):
    response = client.get(url)
    tally("requests_made")
    assert response.status_code < 500, (url, response.status_code, response.text[:300])
    assert response.status_code in (200, 404, 422), (url, response.status_code)
    if url.startswith("/api/search"):
        assert response.status_code == 200 and response.json()["total"] == 0


@pytest.mark.parametrize("method, url, kwargs, status", [
    ("get", "/api/no-such-route", {}, 404),
    ("get", "/api/events?limit=0", {}, 422),
    ("post", "/api/documents", {}, 401),
    ("post", "/api/documents", {"headers": {"Authorization": "Bearer wrong"}}, 403),
    ("get", "/api/link", {}, 405),
    ("delete", "/api/documents/sec-1", {}, 405),
    ("post", "/api/documents", {"content": b"x" * (3 * 1024 * 1024)}, 413),
])
def test_error_answers_carry_the_safe_headers_and_no_cors(client, method, url, kwargs, status):
    headers = {"Origin": "https://evil.example", **kwargs.get("headers", {})}
    response = client.request(method.upper(), url, headers=headers, content=kwargs.get("content"))
    tally("requests_made")
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    assert "traceback" not in response.text.lower()
