"""Finding the parties a sentence names: states, bodies, firms, armed groups.

Surface strings come from data/parties.csv. Matching is case-sensitive so that
"US" (the state) is not "us" (the pronoun); a leading "the" is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import party_aliases


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


def find_parties(text: str) -> list[PartyMention]:
    """Every party mention in ``text``, left to right, longest match first."""
    pattern, table = _matcher()
    out = []
    for m in pattern.finditer(text):
        code, kind = table[m.group(0)]
        if code == "-":
            # Listed only so that "Latin America" or "Indian Ocean" is not read as a state.
            continue
        out.append(PartyMention(code, kind, m.group(0), m.start(), m.end()))
    return out
