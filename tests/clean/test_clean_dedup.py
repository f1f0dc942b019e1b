"""armswatch.clean.dedup: exact and near re-posts of one story."""

from __future__ import annotations

import hashlib

from clean_helpers import OTHER_STORY, STORY

from armswatch.clean import clean_document
from armswatch.clean.dedup import fingerprint, hamming, near_duplicate, normalise, simhash
from armswatch.model import Article, RawDocument


def test_normalise_drops_case_punctuation_and_spacing():
    assert normalise("  Mi-35M  helicopters,\n  DELIVERED!  ") == "mi35m helicopters delivered"


def test_content_hash_ignores_case_spacing_and_punctuation():
    variant = STORY.upper().replace(",", "").replace("\n", "\n\n  ")
    assert fingerprint(variant)[0] == fingerprint(STORY)[0]
    assert fingerprint(STORY)[0] != fingerprint(OTHER_STORY)[0]


def test_fingerprints_are_stable_across_runs():
    # Stored fingerprints must not depend on Python's per-process hash salt.
    # Pinned values: a change here orphans every fingerprint already stored.
    content_hash, value = fingerprint("Russia delivered four Helicopters to Pakistan!")
    assert content_hash == hashlib.sha1(b"russia delivered four helicopters to pakistan").hexdigest()
    assert value == 2215985566969938892


def test_short_and_empty_texts():
    assert simhash("") == 0
    assert simhash("two words") == simhash("two words") != 0
    assert fingerprint("")[1] == 0


def _one_word_changes(text: str):
    words = text.split(" ")
    for position in range(len(words)):
        changed = list(words)
        changed[position] = "altered"
        yield " ".join(changed)


def test_one_changed_word_stays_close():
    base = fingerprint(STORY)[1]
    distances = [hamming(base, fingerprint(variant)[1]) for variant in _one_word_changes(STORY)]
    # Far below the ~32 bits that separate unrelated texts, at every position.
    assert max(distances) <= 8
    # With the default threshold most single-word edits of a 250-word story
    # are caught; the simhash is probabilistic, so not all of them are.
    caught = sum(near_duplicate(base, fingerprint(v)[1]) for v in _one_word_changes(STORY))
    assert caught / len(distances) >= 0.7
    assert all(near_duplicate(base, fingerprint(v)[1], max_bits=8) for v in _one_word_changes(STORY))


def test_different_stories_are_not_near_duplicates():
    a, b = fingerprint(STORY)[1], fingerprint(OTHER_STORY)[1]
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
