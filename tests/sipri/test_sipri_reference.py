"""Reference deals in the store: import, re-import, links to news deals, the analyst's lists, CLI, pages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sipri_helpers import register_text
from link_helpers import event, put, put_world

from armswatch.cli import main
from armswatch.link import link_store, list_deals
from armswatch.sipri import NoRegister, differing, import_register, not_in_sipri, orders_of_deal, register_info
from armswatch.sipri.reference import link_reference, linked_deal_ids, stored_orders

ROWS = [
    "Pakistan,Russia,2015,,4,,Mi-35M,combat helicopter,4,,2018,New,<b>bold</b> & <script>alert(1)</script>,11.5,46,46",
    "Egypt,France,2021,,30,,Rafale,FGA aircraft,6,?,2024,New,,60,1800,360",
    "India,Russia,2018,?,5,,S-400,SAM system,5,,2021; 2022; 2023,New,,,,",
    "Viet Nam,Russia,2019,,12,,Yak-130,trainer aircraft,12,,2021,New,,,,",
    "Pakistan,China,2015,,many,,HQ-7,SAM system,,,,New,,,,",
]


@pytest.fixture
def world(store):
    put_world(store)
    link_store(store)
    return store


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(register_text(ROWS).encode("latin-1"))
    return path


def _keys(deals) -> list[str]:
    return sorted(d.deal_key for d in deals)


def test_import_stores_the_orders_and_attaches_the_deals(world, register):
    summary = import_register(world, register)
    assert (summary.rows, summary.version, summary.replaced, summary.unchanged) == (
        4, "01 Jan 2025 09:00:00 AM", None, False)
    assert [(p.record, p.reason) for p in summary.problems] == [("10", "ordered 'many' is not a number")]
    assert any(s.record == "10" and "many" in s.reason for s in world.skips())  # recorded
    orders = stored_orders(world)
    assert [o.designation for o in orders] == ["Mi-35M", "Rafale", "S-400", "Yak-130"]
    assert orders[2].order_year_uncertain and orders[1].delivered_uncertain and orders[0].tiv_total == "46"
    deals = {d.deal_key: d for d in list_deals(world, limit=None)}
    assert [o.label for o in orders_of_deal(world, deals["RUS>PAK>Mi-24/35>2015"].id)] == [
        "SIPRI order 2015 RUS>PAK 4 Mi-35M"]
    assert summary.linked_deals == 3 and len(linked_deal_ids(world)) == 3


def test_reimport_of_the_same_file_changes_nothing_and_a_new_version_replaces(world, register, tmp_path):
    import_register(world, register)
    first = {o.id for o in stored_orders(world)}
    again = import_register(world, register)
    assert again.unchanged and {o.id for o in stored_orders(world)} == first
    newer = tmp_path / "newer.csv"
    newer.write_text(register_text(ROWS[:1], version="02 Feb 2026 10:00:00 AM"), encoding="utf-8")
    replaced = import_register(world, newer)
    assert replaced.replaced == "01 Jan 2025 09:00:00 AM" and replaced.version == "02 Feb 2026 10:00:00 AM"
    assert [o.designation for o in stored_orders(world)] == ["Mi-35M"]
    assert register_info(world).n_rows == 1 and len(linked_deal_ids(world)) == 1


def test_the_analyst_lists(world, register):
    with pytest.raises(NoRegister):
        not_in_sipri(world)
    import_register(world, register)
    assert not_in_sipri(world) == []
    differs = {m.deal.deal_key: m.differences for m in differing(world)}
    assert set(differs) == {"FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"}
    assert differs["RUS>IND>S-400>2021"]["year of order"] == {"news": 2021, "sipri": 2018, "sipri_uncertain": True}
    # A deal the register lacks appears once linking has run.
    put(world, "tw-1", "Taipei signed for 66 F-16V fighters in 2019.",
        [event("tw-1", "AGREEMENT", "USA", "TWN", weapon="F-16V", family="F-16", category="aircraft",
               quantity=66, year=2019)])
    link_store(world)
    link_reference(world)
    assert _keys(not_in_sipri(world)) == ["USA>TWN>F-16>2019"]
    assert link_reference(world) == 3  # a rerun writes the same links


def test_links_follow_the_deals(world, register):
    import_register(world, register)
    heli = next(d for d in list_deals(world, limit=None) if d.deal_key == "RUS>PAK>Mi-24/35>2015")
    from sqlalchemy import delete

    from armswatch.store.schema import DealRow

    with world.session() as session:
        session.execute(delete(DealRow).where(DealRow.id == heli.id))
    assert heli.id not in linked_deal_ids(world)  # the link went with its deal
    assert len(stored_orders(world)) == 4  # the order stays


def _run(args, **kw):
    result = CliRunner(mix_stderr=False).invoke(main, args, catch_exceptions=False, **kw)
    return result


def test_cli(world, register, tmp_path):
    db = world.url.replace("sqlite:///", "")
    missing = _run(["deals", "--not-in-sipri", "--db", db])
    assert missing.exit_code == 1 and "sipri import" in missing.stderr
    result = _run(["sipri", "import", str(register), "--db", db])
    assert result.exit_code == 0
    assert "4 register orders imported (version '01 Jan 2025 09:00:00 AM'); 3 news deals attached" in result.stdout
    assert "skipped" in result.stderr and "#10: ordered 'many' is not a number" in result.stderr
    again = _run(["sipri", "import", str(register), "--db", db])
    assert "already imported, unchanged" in again.stdout
    info = json.loads(_run(["sipri", "info", "--db", db, "--format", "json"]).stdout)
    assert info["orders"] == 4 and info["deals_attached"] == 3
    assert "(no ordered or delivered deal is missing" in _run(["deals", "--not-in-sipri", "--db", db]).stdout
    text = _run(["deals", "--differs", "--db", db]).stdout
    assert "RUS>IND>S-400>2021" in text and "year of order: news 2021 / SIPRI 2018?" in text
    assert "register line 8: SIPRI order 2018 RUS>IND 5 S-400" in text
    assert "news agreement [in-1]:" in text  # the news evidence
    as_json = json.loads(_run(["deals", "--differs", "--db", db, "--format", "json"]).stdout)
    assert {d["deal_key"] for d in as_json} == {"FRA>EGY>Rafale>2021", "RUS>IND>S-400>2021"}
    assert all(d["sipri_orders"] and d["differences"] for d in as_json)
    heli = next(d for d in list_deals(world, limit=None) if d.deal_key == "RUS>PAK>Mi-24/35>2015")
    shown = _run(["deal", str(heli.id), "--db", db]).stdout
    assert "updates SIPRI order 2015 RUS>PAK 4 Mi-35M (register line 6, New)" in shown
    assert json.loads(_run(["deal", str(heli.id), "--db", db, "--format", "json"]).stdout)["sipri_orders"][0]["line"] == 6
    stored = _run(["reconcile", "--db", db]).stdout  # the imported register
    assert stored.splitlines()[-1].startswith("3 matched")
    both = _run(["deals", "--not-in-sipri", "--differs", "--db", db])
    assert both.exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing here\n", encoding="utf-8")
    refused = _run(["sipri", "import", str(bad), "--db", db])
    assert refused.exit_code == 1 and "not a SIPRI trade register" in refused.stderr
    assert register_info(world).n_rows == 4  # nothing stored was lost


def test_pages_and_api(world, register):
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app

    db = world.url.replace("sqlite:///", "")
    client = TestClient(create_app(db))
    assert "No SIPRI register imported" in client.get("/sipri").text
    assert client.get("/api/sipri").json()["imported"] is None
    import_register(world, register)
    heli = next(d for d in list_deals(world, limit=None) if d.deal_key == "RUS>PAK>Mi-24/35>2015")
    page = client.get(f"/deal/{heli.id}").text
    assert "SIPRI register" in page and "Mi-35M" in page and "one order" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    api = client.get(f"/api/deals/{heli.id}/sipri").json()
    assert api["match"]["orders"][0]["line"] == 6 and api["match"]["differences"] == []
    assert client.get("/api/deals/99999/sipri").status_code == 404
    overview = client.get("/sipri")
    assert overview.status_code == 200 and "News and register differ (2)" in overview.text
    data = client.get("/api/sipri").json()
    assert (data["n_not_in_sipri"], data["n_differing"]) == (0, 2)
    assert "New Delhi signed for a further batch of S-400" in overview.text  # the news evidence
    assert any(c["evidence"] for m in data["differing"] for c in m["evidence"])
    fields = {d["field"] for m in data["differing"] for d in m["differences"]}
    assert {"year of order", "number ordered"} <= fields


def test_export_to_standard_output_in_latin1(world):
    db = world.url.replace("sqlite:///", "")
    world_deals = list_deals(world, limit=None)
    result = _run(["export", "--format", "sipri", "--encoding", "latin-1", "--notes", "--db", db])
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("latin-1")
    assert "Data generated: " in text and text.count("\n") == 7 + 1 + 3
    assert "3 deals exported" in result.stderr and len(world_deals) == 4


def test_concurrent_imports_leave_one_whole_register(world, tmp_path):
    import threading

    from armswatch.store import open_store

    paths = []
    for n, rows in enumerate((ROWS[:2], ROWS[:4])):
        path = tmp_path / f"reg{n}.csv"
        path.write_text(register_text(rows, version=f"0{n + 1} Jan 2025 09:00:00 AM"), encoding="utf-8")
        paths.append(path)
    errors: list[Exception] = []

    def work(path):
        try:
            with open_store(world.url) as s:
                for _ in range(3):
                    import_register(s, path)
                    link_reference(s)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    info = register_info(world)
    assert info.n_rows in (2, 4) and len(stored_orders(world)) == info.n_rows
    link_reference(world)
    assert len(linked_deal_ids(world)) == {2: 2, 4: 3}[info.n_rows]  # Yak-130: no news deal
