"""Claim words: the tokens of a text that two reports must share to be one story.

Near-duplicate detection must never merge reports that say different things
("has approved" / "has rejected", "50,000" / "5,000", India / Pakistan). A
text is therefore split into its *claim words* and the rest:

- every token holding a digit (quantities, values, years, designations);
- the extractor's trigger cues (``cues.csv``), its context words
  (``lexicon.toml``: modality, negation, attribution, quantity words), weapon
  names (``weapons.csv``, words of four letters or more), equipment terms
  (``arms_terms.csv``), each word of them compared case-insensitively;
- party aliases (``parties.csv``), compared case-sensitively as the
  extractor does ("US" the state is not "us"), and short weapon-name words
  likewise;
- number words, negations, direction prepositions, time and money words of
  ``data/dedup.toml``.

Two texts can be near-duplicates only when their claim words are the same
sequence (``claim_key``); the simhash is then taken over the rest. The
extractor's data files are read through its own loaders (plain file reading,
no NLP), so that dedup and extraction agree on what a claim word is.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from armswatch.extract import resources as lexicons

__all__ = ["ClaimSplit", "claim_key", "split_claims", "tokens"]

# A number keeps its inner separators ("1.5" is not "15" nor "1,5"); a word
# keeps inner apostrophes and hyphens ("hasn't", "military-technical");
# currency and percent signs are tokens of their own.
_TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[$€£¥₹%]")
_NEGATED = ("n't", "n’t")
_POSSESSIVE = re.compile(r"['’]s?$")
_SEPARATOR = "\x1f"  # cannot occur inside a token


@dataclass(frozen=True, slots=True)
class ClaimSplit:
    """A text's claim words in order, and its other words (lower-cased) in order."""

    claims: tuple[str, ...]
    rest: tuple[str, ...]


def tokens(text: str) -> list[str]:
    """The word, number and currency tokens of ``text``, in order."""
    return _TOKEN.findall(text)


def _inflections(word: str) -> set[str]:
    """A lemma and its regular English forms (the irregular ones are listed in dedup.toml)."""
    out = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        out.add(word[:-1] + "ing")
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    return out


def _words_of(phrases, *, inflect: bool = False) -> set[str]:
    out: set[str] = set()
    for phrase in phrases:
        for token in tokens(str(phrase)):
            out |= _inflections(token.lower()) if inflect else {token.lower()}
    return out


def _dedup_words() -> dict:
    """data/dedup.toml, or the file of that name in $ARMSWATCH_DATA_DIR (as for
    the extractor's files, so one override folder changes both)."""
    override = os.environ.get("ARMSWATCH_DATA_DIR")
    if override and os.path.isfile(os.path.join(override, "dedup.toml")):
        with open(os.path.join(override, "dedup.toml"), encoding="utf-8") as handle:
            return tomllib.loads(handle.read())
    text = resources.files("armswatch.data").joinpath("dedup.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str], str]:
    """(case-insensitive claim words, case-sensitive party and weapon words, digest of both)."""
    folded: set[str] = set()
    for cue in lexicons.cues():
        folded |= _words_of((cue.lemma, *cue.forms), inflect=True)
    lexicon = lexicons.lexicon()
    for section in ("modality", "attribution", "quantity"):
        for words in lexicon.get(section, {}).values():
            folded |= _words_of(words, inflect=True)
    folded |= _words_of(lexicon.get("context", {}).get("money_units", []))
    # Weapon names are matched as written, and without case only when long
    # enough not to be a common word in capitals ("US" of "US-2").
    weapons = {t for e in lexicons.weapon_entries() for n in (e.designation, *e.aliases) for t in tokens(n)}
    folded |= {t.lower() for t in weapons if len(t) > 3}
    folded |= _words_of(lexicons.arms_terms(), inflect=True)
    own = _dedup_words()
    for key, words in own.items():
        if isinstance(words, list) and key != "ignore":
            folded |= _words_of(words)
    folded -= _words_of(own.get("ignore", []))
    # Only the capitalised words of an alias name a party: "of" in "Republic
    # of Angola" or "The" in "The Gambia" would make every "of" a claim.
    parties = {
        t for alias in lexicons.party_aliases() for t in tokens(alias.alias)
        if t != "The" and any(ch.isupper() or ch.isdigit() for ch in t)
    }
    parties |= weapons
    digest = hashlib.sha256(
        _SEPARATOR.join(sorted(folded)).encode() + b"\0" + _SEPARATOR.join(sorted(parties)).encode()
    ).hexdigest()[:16]
    return frozenset(folded), frozenset(parties), digest


def _is_claim(token: str, folded: frozenset[str], parties: frozenset[str]) -> bool:
    if token in parties or token.lower() in folded:
        return True
    if token[0].isdigit():  # the tokenizer keeps digits and letters apart
        return True
    if "'" in token or "’" in token or "-" in token:
        if token.lower().endswith(_NEGATED):
            return True
        # "Pakistan's" is Pakistan; "Russian-made" holds Russian.
        base = _POSSESSIVE.sub("", token)
        return any(part in parties or part.lower() in folded for part in (base, *base.split("-")))
    return False


# Whether a token is a claim word, remembered per token: news repeats its
# words, and the test per token was a sixth of the cleaning time. The memo
# belongs to one vocabulary (it is emptied if the vocabulary is rebuilt) and is
# emptied when full, so a long run's memory stays bounded.
_MEMO: dict[str, bool] = {}
_MEMO_MAX = 200_000
_memo_vocabulary: list[object] = [None]


def split_claims(text: str) -> ClaimSplit:
    """Split ``text`` into its claim words (as written) and the rest (lower-cased)."""
    vocabulary = _vocabulary()
    folded, parties, _ = vocabulary
    if _memo_vocabulary[0] is not vocabulary or len(_MEMO) > _MEMO_MAX:
        _MEMO.clear()
        _memo_vocabulary[0] = vocabulary
    memo = _MEMO
    claims: list[str] = []
    rest: list[str] = []
    for token in tokens(text):
        claim = memo.get(token)
        if claim is None:
            claim = memo[token] = _is_claim(token, folded, parties)
        if claim:
            claims.append(token)
        else:
            rest.append(token.lower())
    return ClaimSplit(tuple(claims), tuple(rest))


def claim_key(split: ClaimSplit) -> str:
    """A hash of the claim-word sequence and of the word lists that defined it.

    The lists' digest is part of the key, so keys made with different data
    files never match: a lexicon change can cost a near-duplicate match,
    never cause a wrong one.
    """
    digest = _vocabulary()[2]
    payload = digest + _SEPARATOR + _SEPARATOR.join(split.claims)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
