"""Years an event happened in: explicit years, ranges, and expressions relative to publication."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_RANGE = re.compile(
    rf"\b(?:from|between|in)\s+(?:\w+\s+)?(?P<a>{_YEAR})\s+(?:to|and|until|till|through)\s+(?:\w+\s+)?(?P<b>{_YEAR})\b"
    rf"|\b(?P<c>{_YEAR})\s*[-\u2013\u2014/]\s*(?P<d>{_YEAR}|\d\d)\b",
    re.I,
)
_SINGLE = re.compile(rf"(?<![\d$.,])\b(?P<y>{_YEAR})\b(?!\s*(?:million|billion|bn|troops|units|rifles|tanks))")
_RELATIVE = [
    (re.compile(r"\b(?:earlier|later)\s+this\s+year\b|\bthis\s+year\b|\bin\s+the\s+current\s+year\b", re.I), 0),
    (re.compile(r"\blast\s+year\b|\bthe\s+previous\s+year\b|\ba\s+year\s+ago\b", re.I), -1),
    (re.compile(r"\bnext\s+year\b|\bthe\s+coming\s+year\b", re.I), 1),
    (re.compile(r"\btwo\s+years\s+ago\b", re.I), -2),
]


@dataclass(frozen=True, slots=True)
class YearMention:
    year: int
    year_end: int | None
    start: int
    end: int


_MONTHS = {m: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for m in names}
# "on Friday", "this week", "in December", "on Oct 5": recent time that the publication date dates.
_RECENT = re.compile(
    r"\b(?:on|last|this|since|by|until)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:this|last|earlier this|later this|next)\s+(?:week|month)\b|\byesterday\b|\btoday\b|\btonight\b"
    r"|\b(?P<prep>in|on|since|by|until|from|during|early|late|mid|end of)\s+(?P<month>january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?!\s+\d{4})(?:\s+\d{1,2}(?:st|nd|rd|th)?)?\b(?!,?\s+\d{4})"
    r"(?!\s+(?:last|this|next)\s+year)",
    re.I,
)
_FOLLOWING = re.compile(r"\b(?:the\s+(?:following|next)\s+year|a\s+year\s+later)\b", re.I)
_PRECEDING = re.compile(r"\b(?:the\s+(?:previous|preceding)\s+year|a\s+year\s+(?:earlier|before))\b", re.I)


def find_years(text: str, published: dt.date | None = None, context_year: int | None = None) -> list[YearMention]:
    """Every year or year range in ``text``.

    Relative expressions ("last year", "on Friday", "in March") need ``published``;
    "the following year" needs ``context_year``, the last year the text named before.
    """
    out: list[YearMention] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        a = int(m.group("a") or m.group("c"))
        b_txt = m.group("b") or m.group("d")
        b = int(b_txt) if len(b_txt) == 4 else (a // 100) * 100 + int(b_txt)
        if b > a:
            out.append(YearMention(a, b, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _SINGLE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(YearMention(int(m.group("y")), None, m.start(), m.end()))
    if published is not None:
        for pattern, delta in _RELATIVE:
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                out.append(YearMention(published.year + delta, None, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for m in _RECENT.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            year = published.year
            month = m.group("month")
            looking_back = (m.group("prep") or "").lower() in ("in", "on", "since", "during", "early", "mid")
            if month and looking_back and _MONTHS.get(month.lower().rstrip("."), 0) > published.month:
                # "in December", read in January, is last December; "by March" is ahead.
                year -= 1
            out.append(YearMention(year, None, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    if context_year is not None:
        for pattern, delta in ((_FOLLOWING, 1), (_PRECEDING, -1)):
            for m in pattern.finditer(text):
                if not any(s <= m.start() < e for s, e in taken):
                    out.append(YearMention(context_year + delta, None, m.start(), m.end()))
    return sorted(out, key=lambda y: y.start)


def nearest_year(years: list[YearMention], position: int) -> YearMention | None:
    """The year mention closest to a character position (ties go to the earlier one)."""
    if not years:
        return None
    return min(years, key=lambda y: (min(abs(y.start - position), abs(y.end - position)), y.start))
