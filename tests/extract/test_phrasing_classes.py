"""Phrasing classes: sentences written for these tests, one JSON object a line in
``data/phrasing_classes.jsonl``.

Each example is cleaned (as ``armswatch.eval.run`` does) and extracted; the set of
(type, supplier, recipient) predicted must equal the expected set, and for expected
events that give a weapon or a quantity the matched prediction must agree with them
(weapon as EVENTS.md section 3 compares it), and each expected event that gives a category
needs a prediction of its own with that category (so "jets and submarines" must be two
events); ``"max_events": N`` caps how many predictions the example may give. An example marked ``"known_miss": true``
is expected to fail (xfail, not strict).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from armswatch.clean import clean_document
from armswatch.model import Article, RawDocument

DATA = Path(__file__).parent / "data" / "phrasing_classes.jsonl"


def _load() -> list[tuple[str, dict]]:
    examples, counts = [], {}
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            ex = json.loads(line)
            n = counts[ex["class"]] = counts.get(ex["class"], 0) + 1
            examples.append((f"{ex['class']}-{n}", ex))
    return examples


EXAMPLES = _load()


def _article(doc_id: str, ex: dict) -> Article:
    raw = RawDocument(doc_id=doc_id, source=f"{DATA.name}#{doc_id}", body=ex["text"], published=ex.get("published"))
    cleaned = clean_document(raw)
    if isinstance(cleaned, Article):
        return cleaned
    published = dt.date.fromisoformat(ex["published"]) if ex.get("published") else None
    return Article(doc_id=doc_id, text=ex["text"], published=published)


@pytest.fixture(scope="module")
def phrasing_extractor():
    from armswatch.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def predictions(phrasing_extractor):
    articles = [_article(doc_id, ex) for doc_id, ex in EXAMPLES]
    return {article.doc_id: events for article, events in phrasing_extractor.extract_many(articles)}


def _norm(weapon: str) -> str:
    return re.sub(r"[\s.\-]", "", weapon.lower())


def _weapon_agrees(predicted: str | None, expected: str | list[str]) -> bool:
    if not predicted:
        return False
    p = _norm(predicted)
    for w in [expected] if isinstance(expected, str) else expected:
        g = _norm(w)
        if p == g or (len(g) >= 2 and p.startswith(g)):
            return True
    return False


def _core(e) -> tuple[str, str | None, str | None]:
    etype = e.type.value if hasattr(e.type, "value") else e.type
    return (etype, e.supplier, e.recipient)


def _params():
    out = []
    for doc_id, ex in EXAMPLES:
        marks = [pytest.mark.xfail(reason="known miss", strict=False)] if ex.get("known_miss") else []
        out.append(pytest.param(doc_id, ex, id=doc_id, marks=marks))
    return out


def _accepts(expected, predicted) -> bool:
    """A party or type agrees when equal, or equal to one of a list of accepted codes."""
    return predicted in expected if isinstance(expected, list) else predicted == expected


def _core_agrees(exp: dict, core: tuple[str, str | None, str | None]) -> bool:
    etype, supplier, recipient = core
    return etype == exp["type"] and _accepts(exp["supplier"], supplier) and _accepts(exp["recipient"], recipient)


def _key(exp: dict):
    return tuple(tuple(v) if isinstance(v, list) else v for v in (exp["type"], exp["supplier"], exp["recipient"]))


@pytest.mark.parametrize(("doc_id", "ex"), _params())
def test_phrasing_class(doc_id, ex, predictions):
    events = predictions[doc_id]
    got = {_core(e) for e in events}
    # Match expected events to predicted cores one to one (a core may stand for several predictions).
    unmatched, missing = set(got), []
    for exp in ex["events"]:
        hit = next((c for c in sorted(unmatched, key=str) if _core_agrees(exp, c)), None)
        if hit is None and exp.get("category") is not None:
            # Events of one core told apart by category are checked one by one below.
            hit = next((c for c in sorted(got, key=str) if _core_agrees(exp, c)), None)
        if hit is None:
            missing.append(_key(exp))
        else:
            unmatched.discard(hit)
    assert not missing and not unmatched, (
        f"{doc_id}: {ex['text']!r}\n  missing: {sorted(missing, key=str)}\n  unexpected: {sorted(unmatched, key=str)}"
    )
    if "max_events" in ex:
        assert len(events) <= ex["max_events"], f"{doc_id}: {len(events)} events, at most {ex['max_events']} expected"
    used: set[int] = set()
    for exp in ex["events"]:
        matched = [e for e in events if _core_agrees(exp, _core(e))]
        ok = [e for e in matched
              if (exp.get("weapon") is None or _weapon_agrees(e.weapon, exp["weapon"]))
              and (exp.get("quantity") is None or e.quantity == exp["quantity"])
              and (exp.get("category") is None or (e.category == exp["category"] and id(e) not in used))]
        assert ok, (
            f"{doc_id}: {_key(exp)} expected weapon={exp.get('weapon')!r} quantity={exp.get('quantity')!r} "
            f"category={exp.get('category')!r}, got {[(e.weapon, e.quantity, e.category) for e in matched]}"
        )
        if exp.get("category") is not None:
            used.add(id(ok[0]))
