"""Headline case for the parser: "Australian Navy Cancels Order For F-35B" parses as a noun phrase.

The small English model tags Title Case words as proper nouns, so a headline written in Title
Case loses its verbs. The parser is given the headline in sentence case instead: every
capitalised word that is not part of a party or weapon name, not an acronym and not the first
word is lower-cased. Only the parser sees this text; mentions, evidence and offsets use the
text as written (both have the same length, so offsets agree).
"""

from __future__ import annotations

import re

from armswatch.extract.parties import find_parties
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
