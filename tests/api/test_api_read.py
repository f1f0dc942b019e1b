"""Read routes of the JSON API over the seed database."""

from __future__ import annotations

import csv
import io
import json

import pytest
from apiweb_seed import HOSTILE_ID, SCRIPT

from armswatch.api.routes import MAX_LIMIT

EXPECTED_PATHS = {
    "/api/stats": "get",
    "/api/overview": "get",
    "/api/documents": "post",
    "/api/documents/{doc_id}": "get",
    "/api/events": "get",
    "/api/events/{event_id}": "get",
    "/api/deals": "get",
    "/api/deals/{deal_id}": "get",
    "/api/dyads": "get",
    "/api/dyads/{supplier}/{recipient}": "get",
    "/api/network": "get",
    "/api/search": "get",
    "/api/export/events.jsonl": "get",
    "/api/export/events.csv": "get",
    "/api/link": "post",
}


def test_openapi_lists_every_route_and_the_page_cap(client):
    schema = client.get("/openapi.json").json()
    for path, method in EXPECTED_PATHS.items():
        assert method in schema["paths"].get(path, {}), path
    limit = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_LIMIT
    assert not any(p.startswith("/dyad/") or p == "/" for p in schema["paths"])  # HTML pages stay out


def test_no_swagger_page_from_a_cdn(client):
    assert client.get("/docs").status_code == 404


def test_stats_add_up(client):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3
    assert stats["events"] == sum(stats["by_type"].values())
    assert stats["events"] == stats["undated"] + sum(y["total"] for y in stats["by_year"])


def all_events(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = client.get("/api/events", params={**params, "limit": MAX_LIMIT, "offset": offset}).json()
        out += page["items"]
        offset += MAX_LIMIT
        if offset >= page["total"]:
            return out


@pytest.mark.parametrize(
    "params, check",
    [
        ({"supplier": "RUS", "recipient": "PAK"}, lambda e: e["supplier"] == "RUS" and e["recipient"] == "PAK"),
        ({"party": "PAK"}, lambda e: "PAK" in (e["supplier"], e["recipient"])),
        ({"type": "DELIVERY"}, lambda e: e["type"] == "DELIVERY"),
        ({"weapon": "mi-35"}, lambda e: "mi-35" in ((e["weapon"] or "") + (e["weapon_family"] or "")).lower()),
        ({"category": "helicopters"}, lambda e: e["category"] == "helicopters"),
        ({"year_from": 2014, "year_to": 2015}, lambda e: e["year"] is not None and e["year"] <= 2015
         and (e["year_end"] or e["year"]) >= 2014),
        ({"modality": "asserted"}, lambda e: e["modality"] == "asserted"),
    ],
)
def test_event_filters(client, params, check):
    events = all_events(client, **params)
    assert events, params
    assert all(check(e) for e in events)
    assert len(events) < len(all_events(client)) or "modality" in params


def test_contested_filter_partitions_events(client):
    everything = {e["id"] for e in all_events(client)}
    contested = {e["id"] for e in all_events(client, contested="true")}
    uncontested = {e["id"] for e in all_events(client, contested="false")}
    assert contested | uncontested == everything
    assert not contested & uncontested


def test_pagination_is_stable_and_counted(client):
    first = client.get("/api/events", params={"limit": 1}).json()
    second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] >= 2
    assert first["items"][0]["id"] < second["items"][0]["id"]
    beyond = client.get("/api/events", params={"offset": first["total"]}).json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?limit=1000",
        f"/api/events?limit={MAX_LIMIT + 1}",
        "/api/events?limit=0",
        "/api/events?offset=-1",
        "/api/events?offset=99999999999999999999",
        "/api/events?type=SMUGGLING",
        "/api/events?year_from=abc",
        "/api/events?category=tanks",
        "/api/documents?limit=1000",
        "/api/deals?limit=1000",
        "/api/search?q=x&limit=1000",
        "/api/events/0",
        "/api/events/99999999999999999999999",
    ],
)
def test_bad_parameters_are_422(client, url):
    assert client.get(url).status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/no-such-document",
        "/api/events/987654",
        "/api/deals/987654",
        "/api/dyads/XXX/YYY",
        "/api/nothing-here",
    ],
)
def test_missing_things_are_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


def test_event_by_id_matches_the_list(client):
    first = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/api/events/{first['id']}").json() == first


def test_documents_list_and_one(client, seed_db):
    page = client.get("/api/documents").json()
    assert page["total"] == 3
    ids = {d["doc_id"] for d in page["items"]}
    assert HOSTILE_ID in ids
    for doc_id in ids:
        r = client.get(f"/api/documents/{_quote(doc_id)}")
        assert r.status_code == 200, doc_id
        doc = r.json()
        # The segments cover the text exactly, in order.
        assert doc["segments"][0]["start"] == 0 and doc["segments"][-1]["end"] == len(doc["text"])
        assert all(a["end"] == b["start"] for a, b in zip(doc["segments"], doc["segments"][1:]))
        placed = {i for s in doc["segments"] for i in s["event_ids"]}
        assert placed | set(doc["unplaced_event_ids"]) == {e["id"] for e in doc["events"]}
        for e in doc["events"]:
            if e["id"] in placed:
                start, end = e["evidence"]["start"], e["evidence"]["end"]
                assert doc["text"][start:end] == e["evidence"]["text"]


def test_hostile_document_is_stored_verbatim_with_its_event(client):
    doc = client.get(f"/api/documents/{HOSTILE_ID}").json()
    assert SCRIPT in doc["text"]
    assert any(e["supplier"] == "FRA" and e["recipient"] == "GRC" for e in doc["events"]), doc["events"]


def test_dyads_and_timeline(client):
    dyads = client.get("/api/dyads").json()
    pairs = {(d["supplier"], d["recipient"]): d for d in dyads["items"]}
    assert ("RUS", "PAK") in pairs and pairs[("RUS", "PAK")]["n_events"] >= 3
    tl = client.get("/api/dyads/RUS/PAK").json()
    assert len(tl["events"]) == pairs[("RUS", "PAK")]["n_events"]
    assert all(e["supplier"] == "RUS" and e["recipient"] == "PAK" for e in tl["events"])
    if tl["linking_available"]:
        assert tl["deals"], "the seeds hold RUS -> PAK deals"
        assert tl["embargo_periods"], "seed 003 reports the lifting of an embargo"


def test_network_has_the_rus_pak_edge(client):
    net = client.get("/api/network").json()
    assert {"RUS", "PAK"} <= {n["party"] for n in net["nodes"]}
    assert any(e["supplier"] == "RUS" and e["recipient"] == "PAK" for e in net["edges"])
    assert client.get("/api/network?max_nodes=1").status_code == 422


def mi35_deal(client) -> dict:
    deals = client.get("/api/deals", params={"weapon": "Mi-35", "supplier": "RUS", "recipient": "PAK"}).json()
    if not deals["linking_available"]:
        pytest.skip("deal linking not available")
    assert deals["items"], "the seeds report a RUS -> PAK Mi-35 deal"
    return max(deals["items"], key=lambda d: d["n_claims"])


def test_mi35_deal_has_its_lifecycle_and_sourced_claims(client):
    deal = client.get(f"/api/deals/{mi35_deal(client)['id']}").json()
    stages = {s["type"]: s for s in deal["stages"]}
    assert stages["AGREEMENT"]["reported"]
    assert [s["type"] for s in deal["stages"]][:5] == ["OFFER", "REQUEST", "NEGOTIATION", "AGREEMENT", "DELIVERY"]
    assert deal["claims"] and all(c["source"] and c["evidence"] for c in deal["claims"])
    assert sum(s["n_claims"] for s in deal["stages"]) == len(deal["claims"])


def test_deal_filters(client):
    everything = client.get("/api/deals").json()
    if not everything["linking_available"]:
        pytest.skip("deal linking not available")
    contested = client.get("/api/deals?contested=true").json()["items"]
    assert all(d["contested"] for d in contested)
    assert all(d["supplier"] == "FRA" for d in client.get("/api/deals?supplier=FRA").json()["items"])


def test_overview_matches_stats(client):
    overview = client.get("/api/overview").json()
    assert overview["stats"] == client.get("/api/stats").json()
    assert 0 < len(overview["latest_events"]) <= 12
    assert all(d["contested"] for d in overview["contested_deals"])


def test_search_over_evidence_and_titles(client):
    hits = client.get("/api/search", params={"q": "Mi-35"}).json()
    assert hits["total"] >= 1
    for e in hits["events"]:
        assert "mi-35" in ((e["evidence"] or {}).get("text", "") + (e["title"] or "")).lower()
    titled = client.get("/api/search", params={"q": "rafale handover"}).json()
    assert [d["doc_id"] for d in titled["documents"]] == [HOSTILE_ID]
    filtered = client.get("/api/search", params={"q": "helicopters", "type": "DELIVERY"}).json()
    assert all(e["type"] == "DELIVERY" for e in filtered["events"])
    assert client.get("/api/search", params={"q": "%_"}).json()["total"] == 0  # LIKE wildcards are literal


def test_exports(client):
    total = client.get("/api/events").json()["total"]
    r = client.get("/api/export/events.jsonl")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == total and {"id", "type", "evidence"} <= set(lines[0])
    r = client.get("/api/export/events.csv", params={"supplier": "RUS"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["supplier"] == "RUS" for row in rows)
    assert client.get("/api/export/events.csv?limit=5").status_code == 200  # no paging: ignored


def _quote(doc_id: str) -> str:
    from urllib.parse import quote

    return quote(doc_id, safe="")
