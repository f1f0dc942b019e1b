"""Events and deals as JSONL, CSV and Parquet: round trips and schemas."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from armswatch.export import DEAL_SCHEMA, EVENT_SCHEMA, ExportError, export_deals, export_events
from armswatch.link import list_deals
from armswatch.model import Event


def test_events_jsonl_round_trips_to_the_stored_events(world, tmp_path):
    path = tmp_path / "events.jsonl"
    n = export_events(world, "jsonl", path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    stored = world.events()
    assert n == len(lines) == len(stored)
    for obj, (event_id, event) in zip(lines, stored):
        assert obj["id"] == event_id
        back = Event.from_contract(obj)
        assert back == event
    by_doc = {o["doc_id"]: o for o in lines}
    assert by_doc["eg-1"]["source"] == "https://news.example/eg-1"
    assert by_doc["eg-1"]["published"] == "2021-03-02"
    assert by_doc["eg-1"]["deal_key"] == "FRA>EGY>Rafale>2021"
    assert by_doc["cn-1"]["deal_id"] is None


def test_events_csv_has_the_schema_columns_and_every_event(world):
    buffer = io.StringIO()
    n = export_events(world, "csv", buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0].keys()) == EVENT_SCHEMA.names
    assert n == len(rows) == len(world.events())
    first = rows[0]
    event_id, event = world.events()[0]
    assert int(first["id"]) == event_id
    assert first["type"] == event.type.value and first["evidence_text"] == event.evidence.text
    assert first["quantity"] == str(event.quantity)


def test_events_parquet_has_the_explicit_schema(world, tmp_path):
    path = tmp_path / "events.parquet"
    n = export_events(world, "parquet", path)
    table = pq.read_table(path)
    assert table.schema.equals(EVENT_SCHEMA)
    assert table.num_rows == n == len(world.events())
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [i for i, _ in world.events()]
    assert {r["deal_key"] for r in rows} >= {"RUS>PAK>Mi-24/35>2015", "FRA>EGY>Rafale>2021"}


def test_an_empty_store_still_gives_the_schemas(empty_store, tmp_path):
    assert export_events(empty_store, "parquet", tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").schema.equals(EVENT_SCHEMA)
    assert export_deals(empty_store, "parquet", tmp_path / "d.parquet") == 0
    assert pq.read_table(tmp_path / "d.parquet").schema.equals(DEAL_SCHEMA)
    buffer = io.StringIO()
    export_deals(empty_store, "csv", buffer)
    assert buffer.getvalue().splitlines() == [",".join(DEAL_SCHEMA.names)]


def test_deals_in_every_format(world, tmp_path):
    deals = list_deals(world, limit=None)
    export_deals(world, "jsonl", tmp_path / "deals.jsonl")
    objs = [json.loads(x) for x in (tmp_path / "deals.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["deal_key"] for o in objs] == [d.deal_key for d in deals]
    rafale = next(o for o in objs if o["deal_key"] == "FRA>EGY>Rafale>2021")
    assert rafale["contested"] is True
    assert [c["quantity"] for c in rafale["claims"]] == [20, 24]
    assert rafale["conflicts"] == [
        {
            "field": "quantity",
            "stage": "AGREEMENT",
            "claims": [
                {"doc_id": "eg-1", "value": 20, "event_id": rafale["claims"][0]["event_id"],
                 "source": "https://news.example/eg-1"},
                {"doc_id": "eg-2", "value": 24, "event_id": rafale["claims"][1]["event_id"],
                 "source": "https://news.example/eg-2"},
            ],
        }
    ]

    export_deals(world, "parquet", tmp_path / "deals.parquet")
    table = pq.read_table(tmp_path / "deals.parquet")
    assert table.schema.equals(DEAL_SCHEMA)
    by_key = {r["deal_key"]: r for r in table.to_pylist()}
    assert by_key["RUS>PAK>Mi-24/35>2015"]["stages"] == ["NEGOTIATION", "AGREEMENT", "DELIVERY"]
    assert by_key["FRA>EGY>Rafale>2021"]["conflict_fields"] == ["AGREEMENT.quantity"]
    assert by_key["FRA>EGY>Rafale>2021"]["n_documents"] == 2

    buffer = io.StringIO()
    assert export_deals(world, "csv", buffer) == len(deals)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0]) == DEAL_SCHEMA.names
    heli = next(r for r in rows if r["deal_key"] == "RUS>PAK>Mi-24/35>2015")
    assert heli["designations"] == "Mi-35; Mi-35M" and heli["contested"] == "false"


def test_unknown_format_is_refused(world):
    with pytest.raises(ExportError):
        export_events(world, "xlsx", io.StringIO())
