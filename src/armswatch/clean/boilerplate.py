"""Removal of in-text boilerplate from plain text, and layout tidying.

Scraped and copied articles keep the page furniture around them: donation
appeals, "You may also like" lists, share-button rows, photo credits, cookie
and copyright lines. Extraction must never see these (an appeal or a list of
other headlines would yield events from other stories), so they are cut
here. The patterns are data (``armswatch/data/boilerplate.txt``); this module
only knows how to apply each kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "Patterns",
    "load_patterns",
    "remove_boilerplate",
    "repair_glued_sentences",
    "tidy_layout",
]

SECTIONS = ("tail", "line", "inline", "syndication")

# Boilerplate lines are short; longer lines are prose (and matching a short
# pattern against them would only cost time).
MAX_BOILERPLATE_LINE = 400

_SECTION_HEADER = re.compile(r"^\[(\w+)\]$")

# "year.The" -> "year. The": a lower-case letter, a full stop, then a
# capitalised word. "U.S.", "e.g." (followed by a space), "3.5" never match.
_GLUED = re.compile(r"(?<=[a-z])\.(?=[A-Z][a-z])")
# The token around a glued stop: URLs, e-mail addresses and file names keep
# their dots ("www.Reuters.com" is not two sentences).
_TOKEN_AT = re.compile(r"\S+")
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")
# Top-level domains are matched in lower case only: ".In 2012" is a sentence.
_URLISH = re.compile(r"://|^(?i:www)\.|@|\.(?:com|org|net|gov|mil|ru|in|pk|uk|html?|pdf)\b")


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled boilerplate patterns, one attribute per data-file section."""

    tail: re.Pattern[str] | None
    line: re.Pattern[str] | None
    inline: re.Pattern[str] | None
    syndication: tuple[re.Pattern[str], ...]


def _data_path() -> Path:
    return Path(str(resources.files("armswatch") / "data" / "boilerplate.txt"))


def _parse_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {name: [] for name in SECTIONS}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION_HEADER.match(line)
        if header:
            current = header.group(1)
            if current not in sections:
                raise ValueError(f"boilerplate.txt:{number}: unknown section [{current}]")
            continue
        if current is None:
            raise ValueError(f"boilerplate.txt:{number}: pattern before any [section]")
        sections[current].append(line)
    return sections


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    # One compiled alternation is much faster than a loop over patterns.
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=4)
def load_patterns(path: str | None = None) -> Patterns:
    """Read and compile a boilerplate pattern file (default: the packaged one).

    Raises ValueError for a malformed file: a broken pattern file is a
    packaging error, not bad input.
    """
    text = Path(path).read_text(encoding="utf-8") if path else _data_path().read_text(encoding="utf-8")
    sections = _parse_sections(text)
    try:
        inline = _alternation(sections["inline"])
        syndication = tuple(re.compile(p, re.IGNORECASE) for p in sections["syndication"])
        for pattern in syndication:
            if "name" not in pattern.groupindex:
                raise ValueError(f"syndication pattern lacks a (?P<name>...) group: {pattern.pattern}")
        return Patterns(
            tail=_alternation(sections["tail"]),
            line=_alternation(sections["line"]),
            inline=None if inline is None else re.compile(rf"[ \t]*(?:{inline.pattern})", re.IGNORECASE),
            syndication=syndication,
        )
    except re.error as exc:
        raise ValueError(f"bad pattern in boilerplate file: {exc}") from exc


def _urlish(text: str, dot: int) -> bool:
    space = _LAST_SPACE.search(text, 0, dot)
    token = _TOKEN_AT.match(text, space.end() if space else 0)
    return bool(token and _URLISH.search(token.group(0)))


def repair_glued_sentences(text: str) -> str:
    """Put the missing space back in "this year.The sources" (see ``_GLUED``)."""
    if "." not in text:
        return text
    return _GLUED.sub(lambda m: "." if _urlish(text, m.start()) else ". ", text)


def _match_key(line: str) -> str:
    return " ".join(line.split())


def _strip_inline(line: str, patterns: Patterns) -> str:
    """Inline removals and glue repair, repeated until nothing changes (one
    removal can expose another, or glue two sentences together)."""
    # Terminates: a removal deletes non-space characters, a repair only adds
    # a space where a glued stop was, so neither can undo the other forever.
    while True:
        before = line
        if patterns.inline is not None:
            line = patterns.inline.sub("", line)
        line = repair_glued_sentences(line)
        if line == before:
            break
    return line


def _kind(line: str, patterns: Patterns) -> str | None:
    key = _match_key(line)
    if not key or len(key) > MAX_BOILERPLATE_LINE:
        return None
    if patterns.tail is not None and patterns.tail.fullmatch(key):
        return "tail"
    if patterns.line is not None and patterns.line.fullmatch(key):
        return "line"
    return None


def tidy_layout(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row,
    no blank lines at either end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def remove_boilerplate(text: str, patterns: Patterns | None = None) -> str:
    """Cut boilerplate from plain text (including text extracted from HTML).

    A line opening a trailing appeal or list of other stories cuts the text
    from there to the end (or, before any article text, is dropped alone);
    single boilerplate lines are dropped; inline credits are removed; glued
    sentences are repaired; the layout is tidied. Never raises; idempotent.
    """
    patterns = patterns or load_patterns()
    kept: list[str] = []
    has_content = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = _strip_inline(line, patterns)
        if line.strip() and not stripped.strip():
            continue  # the whole line was a credit: drop it, leave no gap
        line = stripped
        kind = _kind(line, patterns)
        if kind == "tail" and has_content:
            break
        if kind is not None:
            continue
        kept.append(line)
        has_content = has_content or bool(line.strip())
    return tidy_layout("\n".join(kept))
