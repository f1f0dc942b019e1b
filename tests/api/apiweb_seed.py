"""The database the API and web tests share: the two seed articles plus an own-wording hostile one.

Built once per test session (``seed_database``): ingest, extract with the
real extractor, link deals when ``armswatch.link`` is available. The hostile
article carries a ``<script>`` and an ``<img onerror>`` in its title and its
text, next to a real event sentence; every page must show them as text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

# ../shared next to the project root (third-party texts, read only).
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "seeds"
TOKEN = "test-token-7f3a"
HOSTILE_ID = "fixture-hostile"
SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = {
    "id": HOSTILE_ID,
    "title": "Rafale handover to Athens <script>alert('title')</script>",
    "published": "2021-07-15",
    "url": "javascript:alert('url')",
    "text": (
        "Rafale handover to Athens\n\n"
        f"France delivered two Rafale jets to Greece in 2021 {SCRIPT} according to the Greek defence ministry.\n\n"
        f"Officials in Athens said the pilots had finished their training {IMG} earlier in the year.\n\n"
        "The handover ceremony took place at Tanagra air base."
    ),
}

_built: dict[str, object] = {}


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def seed_database(base: Path) -> tuple[str, object]:
    """(path of the built SQLite file, the loaded Extractor); built once per session under ``base``."""
    if "db" in _built:
        return _built["db"], _built["extractor"]  # type: ignore[return-value]
    import pytest

    files = seed_files()
    if not files:
        pytest.skip(f"seed articles not found under {SEEDS}")
    from armswatch.extract.pipeline import Extractor
    from armswatch.jobs import extract_stored, ingest
    from armswatch.store import open_store

    base.mkdir(parents=True, exist_ok=True)
    corpus = base / "hostile.jsonl"
    corpus.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = base / "seed.db"
    extractor = Extractor()
    with open_store(str(db)) as store:
        ingest(store, [str(f) for f in files] + [str(corpus)])
        extract_stored(store, extractor)
        try:
            from armswatch.link import link_store
        except ImportError:
            link_store = None
        if link_store is not None:
            link_store(store)
    _built["db"], _built["extractor"] = str(db), extractor
    return str(db), extractor


def copy_database(source: str, target_dir: Path) -> str:
    """A private copy of a closed SQLite database (for tests that write)."""
    target = target_dir / "copy.db"
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        if Path(source + suffix).exists():
            shutil.copyfile(source + suffix, str(target) + suffix)
    return str(target)


def quote_segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def mi35_deal_id(client) -> int | None:
    """Id of the RUS -> PAK Mi-35 deal (the one with most claims), via the API; None without linking."""
    deals = client.get("/api/deals", params={"weapon": "Mi-35", "supplier": "RUS", "recipient": "PAK"}).json()
    if not deals["linking_available"] or not deals["items"]:
        return None
    return max(deals["items"], key=lambda d: d["n_claims"])["id"]


def page_urls(client) -> dict[str, str]:
    """One URL per page kind (and the pages that show the hostile article), found through the API."""
    seed_doc = next(d["doc_id"] for d in client.get("/api/documents").json()["items"] if d["doc_id"] != HOSTILE_ID)
    urls = {
        "overview": "/",
        "network": "/network",
        "dyad": "/dyad/RUS/PAK",
        "dyad-hostile": "/dyad/FRA/GRC",
        "document": f"/document/{quote_segment(seed_doc)}",
        "document-hostile": f"/document/{HOSTILE_ID}",
        "search": "/search?q=helicopters",
        "search-hostile": "/search?q=Rafale",
        "documents": "/documents",
        "deals": "/deals",
    }
    deal = mi35_deal_id(client)
    if deal is not None:
        urls["deal"] = f"/deal/{deal}"
    hostile_deals = client.get("/api/deals", params={"supplier": "FRA", "recipient": "GRC"}).json()["items"]
    if hostile_deals:
        urls["deal-hostile"] = f"/deal/{hostile_deals[0]['id']}"
    return urls
