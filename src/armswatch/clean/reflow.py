"""Undo hard wrapping: wire copy, mailing lists and old archives break lines every ~70 characters.

Sentence splitting treats a line break as the end of a sentence (headlines, paragraphs), so a
hard-wrapped article would be read as half-sentences. A document counts as hard-wrapped when
most of its lines are of wire-column length and run on into the next line; in such a document
a blank line, an indented line or a list bullet starts a paragraph, and every other line
break is a space. Inline ticker and markup tags ("<BAEL.L>", "<GD>") are dropped as well.
"""

from __future__ import annotations

import re

# A wrapped line is of a typewriter/wire column width (seen: 60-80; allow 30-100).
_MIN_WRAP, _MAX_WRAP = 30, 100
_MIN_LINES = 3
_WRAPPED_SHARE = 0.5
# Lines that start a paragraph or are laid out as a table are never joined.
_STARTS_BLOCK = re.compile(r"^(?:\s|[-*\u2022\u2013\u2014]\s|\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]]\s*$")
_TABLE_GAP = re.compile(r"\S {3,}\S")
# "<BAEL.L>", "<GD>", "<FIAT.MI>": upper-case tags with no spaces, as wire services mark tickers.
_BROKEN_WORD = re.compile(r"[A-Za-z]-$")
_TICKER = re.compile(r" ?<[A-Z][A-Z0-9&]{0,9}(?:\.[A-Z]{1,3})?>")


def strip_ticker_tags(text: str) -> str:
    """Remove inline ticker tags such as ``<BAEL.L>``."""
    return _TICKER.sub("", text)


def _runs_on(line: str, nxt: str) -> bool:
    return (bool(line.strip()) and bool(nxt.strip()) and not _STARTS_BLOCK.match(nxt)
            and not _TABLE_GAP.search(line) and not _TABLE_GAP.search(nxt))


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether most non-blank lines are column-width lines that run on into the next one."""
    nonblank = [ln for ln in lines if ln.strip()]
    if len(nonblank) < _MIN_LINES:
        return False
    if sum(len(ln.rstrip()) > _MAX_WRAP for ln in nonblank) > 0.1 * len(nonblank):
        return False
    # A line broken by the column, not by the writer, stops mid-sentence.
    wrapped = sum(
        1 for ln, nxt in zip(lines, lines[1:])
        if _MIN_WRAP <= len(ln.rstrip()) <= _MAX_WRAP and _runs_on(ln, nxt) and not _SENTENCE_END.search(ln)
    )
    return wrapped >= _WRAPPED_SHARE * (len(nonblank) - 1)


def reflow(text: str) -> str:
    """Join the lines of each paragraph of a hard-wrapped text; other texts come back unchanged."""
    lines = text.split("\n")
    if not is_hard_wrapped(lines):
        return text
    out: list[str] = [lines[0].rstrip()]
    for prev, line in zip(lines, lines[1:]):
        if _runs_on(prev, line):
            joined = out[-1]
            # A word broken at its own hyphen ("long-\nrange") keeps the hyphen and no space.
            sep = "" if _BROKEN_WORD.search(joined) else " "
            out[-1] = joined + sep + line.strip()
        else:
            out.append(line.rstrip() if not line.strip() else line.strip())
    return "\n".join(out)
