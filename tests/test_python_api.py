"""The public Python API of ``import armswatch`` (docs/PYTHON.md)."""

from __future__ import annotations

import subprocess
import sys

import armswatch


def test_import_armswatch_stays_light():
    code = "import sys, armswatch; print('spacy' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_every_public_name_resolves():
    for name in armswatch.__all__:
        assert getattr(armswatch, name) is not None, name
    assert armswatch.link_store.__name__ == "link_store"


def test_extract_text_and_the_worked_example(tmp_path):
    events = armswatch.extract_text("Russia delivered four Mi-35M attack helicopters to Pakistan in 2018.",
                                    published="2018-06-01")
    assert any(e.type is armswatch.EventType.DELIVERY and (e.supplier, e.recipient) == ("RUS", "PAK")
               and e.weapon == "Mi-35M" for e in events), events
    assert armswatch.resolve_party("Pakistan") == "PAK" and armswatch.resolve_weapon("mi 35") == "Mi-35"
    from pathlib import Path

    examples = str(Path(__file__).resolve().parents[1] / "examples")
    with armswatch.open_store(str(tmp_path / "news.db")) as store:
        summary = armswatch.ingest_paths(store, [examples])
        assert summary.new > 0
        assert armswatch.extract_stored(store, armswatch.Extractor()) > 0
        armswatch.link_store(store)
        rows = store.events(armswatch.EventQuery(party="PAK", limit=20))
        assert rows and all("PAK" in (e.supplier, e.recipient) for _, e in rows)
