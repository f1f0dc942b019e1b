"""The done-when of issue 4 on the real seed articles, through the real extractor.

Skipped when the shared samples (or the extractor's model and data) are not there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from link_helpers import snapshot

from armswatch.link import dyad_timeline, get_deal_by_key, link_store, list_deals
from armswatch.store import open_store

# Resolved, as ingest stores real paths (../shared may be a link).
SEEDS = (Path(__file__).resolve().parents[3] / "shared" / "samples" / "seeds").resolve()
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.skipif(len(SEED_FILES) < 2, reason=f"seed articles not found in {SEEDS}")


@pytest.fixture(scope="session")
def extractor():
    try:
        from armswatch.extract.pipeline import Extractor

        return Extractor()
    except (ImportError, OSError, FileNotFoundError) as exc:  # model or data files missing
        pytest.skip(f"extractor not available: {exc}")


def _ingest(store, paths, extractor):
    from armswatch.jobs import extract_stored, ingest

    ingest(store, [str(p) for p in paths])
    extract_stored(store, extractor)
    return link_store(store)


def test_seeds_give_the_helicopter_rifle_and_mi17_deals(tmp_path, extractor):
    with open_store(str(tmp_path / "seeds.db")) as store:
        _ingest(store, SEED_FILES, extractor)
        deals = {d.deal_key: d for d in list_deals(store, supplier="RUS", recipient="PAK")}

        mi35 = [d for d in deals.values() if d.weapon_family == "Mi-24/35"]
        assert len(mi35) == 1, sorted(deals)
        [heli] = mi35
        stages = [c.type.value for c in heli.claims]
        assert stages == ["NEGOTIATION", "AGREEMENT", "DELIVERY"]
        agreement = heli.claims[1]
        assert (agreement.quantity, agreement.year) == (4, 2015)
        assert heli.status == "delivered" and not heli.contested
        assert {c.doc_id for c in heli.claims} == {str(p) for p in SEED_FILES}

        rifles = [d for d in deals.values() if d.weapon_family == "AK" or (d.category == "small-arms")]
        assert [d.status for d in rifles] == ["rejected"]
        assert [c.type.value for c in rifles[0].claims] == ["REQUEST", "REJECTION"]

        mi17 = [d for d in deals.values() if any(c.weapon == "Mi-17" for c in d.claims)]
        assert len(mi17) == 1 and mi17[0] is not heli
        assert [(c.quantity, c.year, c.year_end) for c in mi17[0].claims] == [(70, 1996, 2010)]
        assert get_deal_by_key(store, mi17[0].deal_key).status == "delivered"

        timeline = dyad_timeline(store, "RUS", "PAK")
        assert any(e.type.value == "EMBARGO_LIFTED" for _, e in timeline.events)

        # Ingesting, extracting and linking the same files again changes nothing.
        before = snapshot(store)
        again = _ingest(store, SEED_FILES, extractor)
        assert not again.changed and snapshot(store) == before


def test_seeds_one_by_one_equal_both_at_once(tmp_path, extractor):
    with open_store(str(tmp_path / "batch.db")) as batch:
        _ingest(batch, SEED_FILES, extractor)
        expected = snapshot(batch)
    with open_store(str(tmp_path / "steps.db")) as steps:
        for path in reversed(SEED_FILES):
            _ingest(steps, [path], extractor)
        assert snapshot(steps) == expected
