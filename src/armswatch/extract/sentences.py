"""Sentence splitting with character offsets, cheap enough to run on every article.

spaCy's parser is only run on candidate sentences, so splitting must not need
it. Line breaks always end a sentence (paragraphs and headlines); inside a
line a sentence ends at ``.!?`` followed by space and an upper-case start,
unless the period belongs to a known abbreviation or an initial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import lexicon

_BOUNDARY = re.compile(r"""([.!?]+["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9])""")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: its text and where it sits in the article."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in lexicon()["sentences"]["abbreviations"])


def _ends_with_abbreviation(line: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", line[:dot])
    if not word:
        return False
    w = word.group(1).rstrip(".").lower()
    # A single capital letter before the dot is an initial ("George W. Bush").
    return w in _abbreviations() or (len(w) == 1 and line[dot - 1].isupper())


# A wire dateline opening a paragraph: "NEW DELHI, Oct 5 – ", "BERLIN (Reuters) - ".
# It is split off as its own span so the parser does not read the city as a subject.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/\- ]{2,40}(?:\s*\([^)]{1,40}\)|,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})\s*[\u2013\u2014-]{1,2}\s+(?=\S)"
)


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences; offsets index into ``text``."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        start = 0
        dateline = _DATELINE.match(line)
        if dateline and dateline.end() < len(line):
            _add(out, line, line_start, 0, dateline.end())
            start = dateline.end()
        for m in _BOUNDARY.finditer(line):
            if m.group(1) == "." and _ends_with_abbreviation(line, m.start(1)):
                continue
            _add(out, line, line_start, start, m.end(1))
            start = m.end()
        _add(out, line, line_start, start, len(line))
    return out


def _add(out: list[Span], line: str, line_start: int, a: int, b: int) -> None:
    seg = line[a:b]
    stripped = seg.strip()
    if not stripped:
        return
    lead = len(seg) - len(seg.lstrip())
    s = line_start + a + lead
    out.append(Span(stripped, s, s + len(stripped)))
