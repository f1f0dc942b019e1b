"""Finding the parties a sentence names: states, bodies, firms, armed groups.

Surface strings come from data/parties.csv. Matching is case-sensitive so that
"US" (the state) is not "us" (the pronoun); a leading "the" is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import group_names, party_aliases


@dataclass(frozen=True, slots=True)
class PartyMention:
    """A party named in a sentence; offsets are relative to the sentence text."""

    code: str
    kind: str
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    table: dict[str, tuple[str, str]] = {}
    for a in party_aliases():
        alias = re.sub(r"^(?:the|The)\s+", "", a.alias)
        table.setdefault(alias, (a.code, a.kind))
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.\-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    return pattern, table


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _group_matcher() -> re.Pattern[str]:
    # A qualifier ("Syrian", "Syria", "pro-Russian") and a kind word ("rebels", "opposition forces"),
    # as one pattern rather than every pairing listed: the pairings would be tens of thousands.
    names = group_names()
    heads = {h.written for h in names.heads} | {h.written[:1].upper() + h.written[1:] for h in names.heads}
    qualifiers = set(names.qualifiers) | set(names.fixed)
    return re.compile(r"(?<![\w.\-])(?:(?P<q>" + _alternation(qualifiers) + r")\s+)?(?P<h>" + _alternation(heads) + r")(?![\w])")


@lru_cache(maxsize=1)
def _heads_by_word() -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[str, bool]] = {}
    for h in group_names().heads:
        out[h.written] = out[h.written[:1].upper() + h.written[1:]] = (h.word, h.bare)
    return out


def group_head_codes() -> dict[str, str]:
    """Each kind word as written, with the code it gives alone (for the cheap party screen)."""
    return {w: "NSA:" + word[:1].upper() + word[1:] for w, (word, _) in _heads_by_word().items()}


def _group_mentions(text: str) -> list[PartyMention]:
    names = group_names()
    out = []
    for m in _group_matcher().finditer(text):
        word, bare = _heads_by_word()[m.group("h")]
        q = m.group("q")
        if q is None:
            if not bare:
                continue
            code = "NSA:" + word[:1].upper() + word[1:]
        elif q in names.fixed:
            code = names.fixed[q]
        else:
            code = f"NSA:{names.qualifiers[q]} {word}"
        out.append(PartyMention(code, "nsa", m.group(0), m.start(), m.end()))
    return out


def find_parties(text: str) -> list[PartyMention]:
    """Every party mention in ``text``, left to right, longest match first."""
    pattern, table = _matcher()
    found = []
    for m in pattern.finditer(text):
        code, kind = table[m.group(0)]
        found.append(PartyMention(code, kind, m.group(0), m.start(), m.end()))
    found += _group_mentions(text)
    # Longest first: "Syrian rebels" over "Syrian", "Houthi rebels" over "rebels".
    chosen: list[PartyMention] = []
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        if not any(p.start < c.end and c.start < p.end for c in chosen):
            chosen.append(p)
    chosen.sort(key=lambda p: p.start)
    # "al-Qaeda militants", "Taliban fighters": a kind word after a named group is that group.
    merged: list[PartyMention] = []
    for p in chosen:
        prev = merged[-1] if merged else None
        if prev is not None and prev.kind == "nsa" and p.kind == "nsa" and p.code.startswith("NSA:") \
                and p.text[:1].islower() and text[prev.end:p.start] == " " and _is_bare_group(p):
            merged[-1] = PartyMention(prev.code, "nsa", text[prev.start:p.end], prev.start, p.end)
            continue
        merged.append(p)
    # Listed with code "-" only so that "Latin America" or "Indian Ocean" is not read as a state.
    return [p for p in merged if p.code != "-"]


def _is_bare_group(p: PartyMention) -> bool:
    return p.text in _heads_by_word()
