"""Property (issue 16, finding 2): dedup cannot merge reports that claim different things.

An article is built from a template; one of its number, party, weapon or cue
word is replaced by another value drawn from the extractor's own lexicons
(read through ``armswatch.extract.resources``). Cleaned and stored after the
original, the changed article must always be a separate document, never a
duplicate of the original (exact or near).
"""

from __future__ import annotations

import re
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from armswatch.clean import clean_document
from armswatch.clean.claims import tokens
from armswatch.extract import resources
from armswatch.model import Article, RawDocument
from armswatch.store import open_store

TEMPLATE = (
    "{supplier} and {recipient} in new arms deal\n\n"
    "Officials in {recipient} said on Monday that {supplier} {cue} {number} {weapon} under the agreement. "
    "The committee noted that the budget for the coming year was under review, and a spokesman said "
    "that talks on the matter would continue. Analysts warned that the cost of fuel had risen sharply "
    "and that the shipyard had hired more workers, while observers recalled that the harbour would be "
    "dredged in spring and that the old radar stations were being retired."
)
BASE = {"supplier": "France", "recipient": "India", "cue": "delivered", "number": "12", "weapon": "Rafale"}


def _usable(value: str) -> bool:
    # A value the template can hold: words only, no line breaks.
    return bool(tokens(value)) and "\n" not in value and "{" not in value


def _parties() -> list[str]:
    names = {re.sub(r"^(?:the|The)\s+", "", a.alias) for a in resources.party_aliases() if a.code != "-"}
    return sorted(n for n in names if _usable(n))


def _weapons() -> list[str]:
    return sorted({n for e in resources.weapon_entries() for n in (e.designation, *e.aliases) if _usable(n)})


def _cues() -> list[str]:
    return sorted({f for c in resources.cues() for f in c.forms if _usable(f)})


def _numbers() -> st.SearchStrategy[str]:
    value = st.integers(min_value=0, max_value=10_000_000)
    return st.one_of(value.map(str), value.map("{:,}".format), st.decimals(0, 999, places=1).map(str))


CHANGES = st.one_of(
    st.tuples(st.just("number"), _numbers()),
    st.tuples(st.sampled_from(["supplier", "recipient"]), st.sampled_from(_parties())),
    st.tuples(st.just("weapon"), st.sampled_from(_weapons())),
    st.tuples(st.just("cue"), st.sampled_from(_cues())),
)


def _article(doc_id: str, **slots: str) -> Article | None:
    cleaned = clean_document(RawDocument(doc_id=doc_id, source=f"{doc_id}.txt", body=TEMPLATE.format(**slots)))
    return cleaned if isinstance(cleaned, Article) else None


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(str(tmp_path_factory.mktemp("dedup-property") / "p.db")) as opened:
        opened.add_article(_article("base", **BASE))
        yield opened


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=CHANGES)
def test_any_changed_number_party_weapon_or_cue_is_a_separate_document(store, change):
    slot, value = change
    if value == BASE[slot]:
        return  # not a change
    original = _article("base", **BASE)
    changed = _article(f"changed-{uuid.uuid4().hex}", **{**BASE, slot: value})
    assume(changed is not None)  # a name that makes the text look non-English is not stored at all
    assert changed.claim_key != original.claim_key, (slot, value)
    doc_id, _ = store.add_article(changed)
    assert doc_id != "base", f"{slot} {BASE[slot]!r} -> {value!r} was merged with the original"


def test_the_base_article_is_a_duplicate_of_itself_and_of_a_respaced_copy(store):
    # The property above is not vacuous: the same text under a new id does merge.
    again = _article("copy", **BASE)
    assert store.add_article(again) == ("base", False)
    respaced = clean_document(RawDocument(doc_id="spaced", source="spaced.txt",
                                          body=TEMPLATE.format(**BASE).replace(". ", ".  ")))
    assert store.add_article(respaced) == ("base", False)
    # A changed spelling outside the claim words is a near duplicate (3 bits here).
    spelling = clean_document(RawDocument(doc_id="us-spelling", source="us.txt",
                                          body=TEMPLATE.format(**BASE).replace("harbour", "harbor")))
    assert store.add_article(spelling) == ("base", False)
