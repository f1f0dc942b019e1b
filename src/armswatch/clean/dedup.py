"""Fingerprints for spotting the same story published twice.

``content_hash`` catches exact re-posts (after normalising case, spacing and
punctuation); ``simhash`` catches near re-posts (a changed word, a different
footer) by Hamming distance.
"""

from __future__ import annotations

import hashlib
import operator
import re
import struct

__all__ = ["normalise", "fingerprint", "simhash", "near_duplicate", "hamming"]

_BITS = 64
_MASK = (1 << _BITS) - 1
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SHINGLE = 3
_SIGNED_BYTES = struct.Struct(f"{_BITS}b")


def normalise(text: str) -> str:
    """Lower-case, punctuation removed, whitespace collapsed to single spaces."""
    return " ".join(_PUNCTUATION.sub("", text.lower()).split())


def _feature_weights(feature: str) -> tuple[int, ...]:
    # blake2b, not hash(): fingerprints are stored, so they must not change
    # between runs (Python salts str hashes per process).
    return _SIGNED_BYTES.unpack(hashlib.blake2b(feature.encode("utf-8"), digest_size=_BITS).digest())


def simhash(normalised: str) -> int:
    """64-bit simhash of already normalised text over word 3-shingles.

    Each shingle votes on every bit with a pseudo-random weight in
    [-128, 127] (a random-hyperplane simhash). With plain +1/-1 votes the
    per-bit sums of a news-length text often sit at or next to zero, so one
    changed word flipped 4-5 bits of 64 on the sample articles; weighted
    votes bring that to 1-2. Texts shorter than three words use the whole
    text as one feature; an empty text hashes to 0.
    """
    words = normalised.split()
    if not words:
        return 0
    if len(words) < _SHINGLE:
        features = [" ".join(words)]
    else:
        features = [" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]
    sums = [0] * _BITS
    for feature in features:
        sums = list(map(operator.add, sums, _feature_weights(feature)))
    result = 0
    for bit, total in enumerate(sums):
        if total > 0:
            result |= 1 << bit
    return result


def fingerprint(text: str) -> tuple[str, int]:
    """(sha1 hex of the normalised text, 64-bit simhash over word 3-shingles)."""
    normal = normalise(text)
    return hashlib.sha1(normal.encode("utf-8")).hexdigest(), simhash(normal)


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints."""
    return ((a ^ b) & _MASK).bit_count()


def near_duplicate(a: int, b: int, max_bits: int = 3) -> bool:
    """True when two simhashes differ in at most ``max_bits`` bits."""
    return hamming(a, b) <= max_bits
