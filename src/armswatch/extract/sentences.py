"""Sentence splitting with character offsets, cheap enough to run on every article.

spaCy's parser is only run on candidate sentences, so splitting must not need
it. Line breaks always end a sentence (paragraphs and headlines); inside a
line a sentence ends at ``.!?`` followed by space and an upper-case start,
unless the period belongs to a known abbreviation or an initial.

Work is linear in the length of the text: every boundary is found in one
pass, and a "sentence" longer than ``MAX_SENTENCE_CHARS`` (a table flattened
into one line, a page without punctuation) is cut into pieces at most that
long, at a clause mark or a space, because the passes run on each sentence
(parsing, argument search) grow faster than its length. Real sentences are far
shorter (the longest in the development set has 361 characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import lexicon

# Possessive quantifiers, and no start inside a run of marks: giving back a
# mark, a quote or a space can never make a match, and without these a long
# run of "!!!!" or "...." would be rescanned from every position (quadratic).
_BOUNDARY = re.compile(r"""(?<![.!?])([.!?]++["'”’)\]]*+)\s++(?=["'“‘(\[]?[A-Z0-9])""")
# The word before a period: letters and periods ("U.S", "e.g"), read backwards
# over at most _WORD_WINDOW characters so each boundary costs the same however
# long the line.
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_WORD_WINDOW = 64

#: Longest span returned; longer sentences are cut (see the module docstring).
MAX_SENTENCE_CHARS = 1000
_CLAUSE_MARKS = (";", ":", ",")


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
    lo = max(0, dot - _WORD_WINDOW)
    i = dot
    while i > lo and line[i - 1] in _WORD_CHARS:
        i -= 1
    if i == dot:
        return False
    if i == lo and lo > 0 and line[lo - 1] in _WORD_CHARS:
        return False  # the word runs past the window: longer than any abbreviation
    w = line[i:dot].rstrip(".").lower()
    # A single capital letter before the dot is an initial ("George W. Bush").
    return w in _abbreviations() or (len(w) == 1 and line[dot - 1].isupper())


# A wire dateline opening a paragraph: "NEW DELHI, Oct 5 – ", "BERLIN (Reuters) - ".
# It is split off as its own span so the parser does not read the city as a subject.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/\- ]{2,40}(?:\s*\([^)]{1,40}\)|,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})\s*[\u2013\u2014-]{1,2}\s+(?=\S)"
)


# Headlines and link titles join segments with a spaced bar or dash: "X sells jets to Y | Z
# reacts", "US to arm rebels - live updates", "Deal signed - Reuters". A bar always ends a
# segment; a spaced dash does when a capital or a quote follows it, or when only a short
# trailer (an outlet, "live updates") is left on the line. A dash pair inside prose ("the
# area - the first in years", "- and, in much of the world, banned -") is followed by a
# lower-case word or a number and is left alone. A dash glued to the word before it and followed
# by a capital ("to Saudi Arabia- The group cites") is a segment mark typed in haste.
_SEGMENT = re.compile(r"""(?<=[a-z])-\s+(?=[A-Z][a-z])|\s+(?:\||[-–—](?=\s+["'“‘(\[]?[A-Z])|[-–—](?=\s+[A-Za-z]+(?:\s+[A-Za-z]+){0,2}\s*$))\s+""")


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
        for m in _boundaries(line, start):
            if m[2]:
                _add(out, line, line_start, start, m[0])
                start = m[1]
        _add(out, line, line_start, start, len(line))
    return out


def _boundaries(line: str, start: int) -> list[tuple[int, int, bool]]:
    """(end of a sentence, start of the next, whether it is a real boundary), in line order."""
    found = []
    for m in _BOUNDARY.finditer(line, start):
        real = not (m.group(1) == "." and _ends_with_abbreviation(line, m.start(1)))
        found.append((m.end(1), m.end(), real))
    for m in _SEGMENT.finditer(line, start):
        found.append((m.start(), m.end(), True))
    found.sort()
    # A segment mark right after a sentence end is the same boundary.
    merged: list[tuple[int, int, bool]] = []
    for b in found:
        if merged and merged[-1][2] and b[0] < merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b[1]), True)
        else:
            merged.append(b)
    return merged


def _add(out: list[Span], line: str, line_start: int, a: int, b: int) -> None:
    seg = line[a:b]
    stripped = seg.strip()
    if not stripped:
        return
    lead = len(seg) - len(seg.lstrip())
    s = line_start + a + lead
    if len(stripped) <= MAX_SENTENCE_CHARS:
        out.append(Span(stripped, s, s + len(stripped)))
        return
    for x, y in _pieces(stripped):
        out.append(Span(stripped[x:y], s + x, s + y))


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of pieces of ``text`` at most MAX_SENTENCE_CHARS long, stripped, cut late at a clause mark or a space."""
    out = []
    pos, n = 0, len(text)
    while pos < n:
        if n - pos <= MAX_SENTENCE_CHARS:
            cut = n
        else:
            cut = _cut_point(text, pos, pos + MAX_SENTENCE_CHARS)
        piece = text[pos:cut]
        body = piece.strip()
        if body:
            x = pos + len(piece) - len(piece.lstrip())
            out.append((x, x + len(body)))
        pos = cut
    return out


def _cut_point(text: str, lo: int, hi: int) -> int:
    """Where to end a piece of ``text`` that starts at ``lo`` and may not pass ``hi``."""
    half = lo + (hi - lo) // 2
    # After the last clause mark followed by a space in the second half, else at the last space.
    best = max(text.rfind(m + " ", half, hi) for m in _CLAUSE_MARKS)
    if best >= 0:
        return best + 1
    space = max(text.rfind(" ", half, hi), text.rfind("\t", half, hi))
    return space if space > lo else hi  # one run of characters without a space: cut it
