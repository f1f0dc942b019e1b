"""Headline case: ALL-CAPS wire headlines and Title Case headlines, read as ordinary text.

Wire services write headlines in capitals ("EU EMBARGO ON ARMS EXPORTS TO MYANMAR"); names are
matched case-sensitively, so such a line is first read in Title Case, keeping the acronyms the
party table writes in capitals (EU, NATO, USSR) and designations with digits (MIG-29).

The small English model tags Title Case words as proper nouns, so a headline written in Title
Case loses its verbs. The parser is given the headline in sentence case instead: every
capitalised word that is not part of a party or weapon name, not an acronym and not the first
word is lower-cased. Only the parser sees this text; mentions, evidence and offsets use the
text as written (both have the same length, so offsets agree).
"""

from __future__ import annotations

import re

from functools import lru_cache

from armswatch.extract.parties import find_parties
from armswatch.extract.resources import party_aliases
from armswatch.extract.weapons import find_weapons

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")
_MIN_WORDS = 4
_TITLE_SHARE = 0.7


def _is_title_case(words: list[re.Match[str]]) -> bool:
    rest = [w.group(0) for w in words[1:]]
    if len(rest) < _MIN_WORDS - 1:
        return False
    capitalised = sum(1 for w in rest if w[0].isupper())
    return capitalised >= _TITLE_SHARE * len(rest)


def parser_text(text: str) -> str:
    """``text`` in sentence case when it is a Title Case headline, else unchanged; same length."""
    words = list(_WORD.finditer(text))
    if not _is_title_case(words):
        return text
    keep: list[tuple[int, int]] = [(p.start, p.end) for p in find_parties(text)]
    keep += [(w.start, w.end) for w in find_weapons(text)]
    out = list(text)
    for w in words[1:]:
        word = w.group(0)
        if not word[0].isupper() or word.isupper() or any(ch.isupper() for ch in word[1:]):
            continue  # lower already, an acronym (US, NATO), or a name like McDonnell
        if any(a < w.end() and w.start() < b for a, b in keep):
            continue
        out[w.start()] = word[0].lower()
    return "".join(out)


_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\u2019]*")
_MIN_CAPS_WORDS = 3
_CAPS_SHARE = 0.8


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    return frozenset(a.alias for a in party_aliases() if a.alias.isupper() and len(a.alias) <= 6)


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _is_all_caps(line: str) -> bool:
    # Counted with regular expressions: this runs on every line of every article.
    upper = len(_UPPER.findall(line))
    if upper < 2 * _MIN_CAPS_WORDS:
        return False
    lower = len(_LOWER.findall(line))
    return upper >= _CAPS_SHARE * (upper + lower) and len(_CAPS_WORD.findall(line)) >= _MIN_CAPS_WORDS


def _title_word(m: re.Match[str]) -> str:
    word = m.group(0)
    if word in _acronyms() or any(ch.isdigit() for ch in word):
        return word
    return word[0] + word[1:].lower()


def reading_text(text: str) -> str:
    """``text`` with its ALL-CAPS lines in Title Case (acronyms kept); same length, other lines unchanged."""
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _is_all_caps(line):
            lines[i] = _CAPS_WORD.sub(_title_word, line)
            changed = True
    return "\n".join(lines) if changed else text
