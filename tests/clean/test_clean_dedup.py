"""armswatch.clean.dedup: exact and near re-posts of one story."""

from __future__ import annotations

import hashlib

from clean_helpers import OTHER_STORY, STORY

from armswatch.clean import clean_document
from armswatch.clean.claims import split_claims
from armswatch.clean.dedup import (
    content_hash,
    fingerprint,
    hamming,
    near_duplicate,
    normalise,
    simhash,
)
from armswatch.model import Article, RawDocument


def test_normalise_drops_case_punctuation_and_spacing():
    assert normalise("  Mi-35M  helicopters,\n  DELIVERED!  ") == "mi35m helicopters delivered"


def test_content_hash_ignores_only_spacing():
    respaced = STORY.replace(" ", "  ").replace("\n", "\n\n  ")
    assert fingerprint(respaced).content_hash == fingerprint(STORY).content_hash
    assert fingerprint(STORY).content_hash != fingerprint(OTHER_STORY).content_hash


def test_content_hash_counts_digits_punctuation_case_and_title():
    # Regression (issue 16, finding 2): punctuation was stripped, so
    # "$1.5 billion" and "$15 billion" were one text.
    base = "India to buy jets\n\nThe deal is worth $1.5 billion."
    variants = [
        base.replace("$1.5", "$15"),
        base.replace("$1.5", "$1,5"),
        base.replace("India", "INDIA"),
        base.replace("India to buy jets", "India not to buy jets"),
    ]
    hashes = {fingerprint(text).content_hash for text in [base, *variants]}
    assert len(hashes) == len(variants) + 1


def test_fingerprints_are_stable_across_runs():
    # Stored fingerprints must not depend on Python's per-process hash salt.
    # Pinned values: a change here orphans every fingerprint already stored.
    text = "Russia delivered four Helicopters to Pakistan!"
    prints = fingerprint(text)
    assert prints.content_hash == hashlib.sha256(text.encode()).hexdigest()
    assert prints.content_hash == content_hash(text)
    assert fingerprint(text) == prints
    assert simhash("the committee said that the budget was under review") == 8795947811807581544


def test_short_and_empty_texts():
    assert simhash("") == 0
    assert simhash("two words") == simhash("two words") != 0
    assert fingerprint("").simhash == 0


def test_claim_words_are_numbers_negations_cues_parties_and_weapons():
    split = split_claims("Russia has not delivered 50,000 Kalashnikov rifles to Pakistan's army, officials said.")
    for word in ("Russia", "not", "delivered", "50,000", "Kalashnikov", "rifles", "to", "Pakistan's", "said"):
        assert word in split.claims, word
    assert split.rest == ("has",)
    # Parties are case-sensitive like the extractor's matcher: "US" the state, "us" the pronoun.
    assert "US" in split_claims("The US sold jets.").claims
    assert "us" not in split_claims("Tell us more.").claims


def test_contradicting_reports_get_different_claim_keys():
    # Regression (issue 16, finding 2): 0 and 1 bit apart on the old simhash.
    approved = "The parliament has approved the sale of 50,000 rifles to Kenya, the minister said."
    rejected = approved.replace("approved", "rejected")
    fewer = approved.replace("50,000", "5,000")
    keys = {fingerprint(t).claim_key for t in (approved, rejected, fewer)}
    assert len(keys) == 3


def test_a_changed_filler_word_keeps_the_claim_key():
    changed = STORY.replace("a winter kit", "a snow kit")
    assert changed != STORY
    assert fingerprint(changed).claim_key == fingerprint(STORY).claim_key
    assert near_duplicate(fingerprint(changed).simhash, fingerprint(STORY).simhash)


def _one_word_changes(text: str):
    words = text.split(" ")
    for position in range(len(words)):
        changed = list(words)
        changed[position] = "altered"
        yield " ".join(changed)


def test_one_changed_word_stays_close():
    base = fingerprint(STORY).simhash
    distances = [hamming(base, fingerprint(variant).simhash) for variant in _one_word_changes(STORY)]
    # (A changed claim word also changes the claim key; these measure the simhash alone.)
    # Far below the ~32 bits that separate unrelated texts, at every position.
    assert max(distances) <= 8
    # With the default threshold most single-word edits of a 250-word story
    # are caught; the simhash is probabilistic, so not all of them are.
    caught = sum(near_duplicate(base, fingerprint(v).simhash) for v in _one_word_changes(STORY))
    assert caught / len(distances) >= 0.7
    assert all(near_duplicate(base, fingerprint(v).simhash, max_bits=8) for v in _one_word_changes(STORY))


def test_different_stories_are_not_near_duplicates():
    a, b = fingerprint(STORY).simhash, fingerprint(OTHER_STORY).simhash
    assert not near_duplicate(a, b)
    assert hamming(a, b) > 16


def test_repost_with_a_different_footer_is_one_story_after_cleaning():
    first = STORY + "\n\nSource: Defence Wire\n\nShare on Facebook\nTweet\n\nYou may also like\nPeru in talks on patrol ships"
    second = STORY + "\n\n(With inputs from agencies)\n\nFollow us on social media for the latest defence news.\n© 2024 Example Media. All rights reserved."
    a = clean_document(RawDocument(doc_id="a", source="a.txt", body=first))
    b = clean_document(RawDocument(doc_id="b", source="https://b.example/x", body=second, url="https://b.example/x"))
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.content_hash == b.content_hash
    assert near_duplicate(a.simhash, b.simhash)
    assert (a.syndicated_from, b.syndicated_from) == ("Defence Wire", "agencies")


def test_near_duplicate_threshold():
    assert near_duplicate(0b1011, 0b0000)  # 3 bits
    assert not near_duplicate(0b1111, 0b0000)
    assert near_duplicate(0b1111, 0b0000, max_bits=4)
    assert hamming(2**64 - 1, 0) == 64
