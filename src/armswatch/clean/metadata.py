"""Article metadata found in or next to the text: syndication, date, title.

Also the layout rule for ``Article.text``: the title first, a blank line,
then the body, so that evidence found in a headline has offsets too.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as date_parser

from armswatch.clean.boilerplate import Patterns, load_patterns

__all__ = ["extract_syndication", "parse_date", "split_title", "compose_text", "same_heading"]

MAX_TITLE_CHARS = 200

# A date string longer than this is not a date field (and dateutil's cost
# grows with its input).
_MAX_DATE_CHARS = 100
_DATE_PREFIX = re.compile(
    r"^\s*(?:published|posted|updated|last updated|first published|date|on)\s*(?:on|at)?\s*[:\-–]?\s*",
    re.I,
)
# Reuters-21578 style, "26-FEB-1987 15:01:79.00": the time can be out of
# range (79 seconds), so only the day-month-year part is read.
_DAY_MON_YEAR = re.compile(r"^\s*(\d{1,2}-[A-Za-z]{3}-\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*$", re.ASCII)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# A plain ISO date, as corpora and feeds mostly give it: read without dateutil
# (a tenth of the cleaning time went to two dateutil parses per article).
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# Two defaults that differ in every field: a field dateutil filled in from the
# default (because the string lacks it) then differs between the two parses.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)

_NAME_TRIM = " \t\"'“”‘’«»()[]*_-–—:;,."


def extract_syndication(text: str, patterns: Patterns | None = None) -> tuple[str, str | None]:
    """Find and remove "Source: X" / "(With inputs from X)" style lines.

    Returns the text without them and the first outlet named (or None).
    """
    patterns = patterns or load_patterns()
    if not patterns.syndication:
        return text, None
    outlet: str | None = None
    kept: list[str] = []
    for line in text.split("\n"):
        found_name, remainder = _syndication_in(line, patterns)
        if found_name is None:
            kept.append(line)
            continue
        outlet = outlet or found_name
        if remainder:  # the credit closed a paragraph: keep the paragraph
            kept.append(remainder)
    return "\n".join(kept), outlet


def _syndication_in(line: str, patterns: Patterns) -> tuple[str | None, str]:
    stripped = line.strip()
    if len(stripped) > 2000:
        stripped_tail = stripped[-400:]  # credits close a paragraph; keep matching cheap
        offset = len(stripped) - len(stripped_tail)
    else:
        stripped_tail, offset = stripped, 0
    for pattern in patterns.syndication:
        found = pattern.search(stripped_tail)
        if not found:
            continue
        name = " ".join(found.group("name").strip(_NAME_TRIM).split())
        if not name:
            continue
        start, end = found.start() + offset, found.end() + offset
        return name, (stripped[:start] + stripped[end:]).strip()
    return None, line


def _from_epoch(value: str) -> dt.date | None:
    digits = value.strip().split(".")[0]
    seconds = int(digits) / (1000 if len(digits) > 10 else 1)
    try:
        day = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None
    # The same bounds as a written date (a 10-digit stamp reaches 2286).
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None


def _parse_full(value: str) -> dt.date | None:
    with warnings.catch_warnings():
        # "2:16 PM IST": unknown zone names only warn, and the zone is not needed.
        warnings.simplefilter("ignore")
        first = date_parser.parse(value, default=_DEFAULT_A)
        second = date_parser.parse(value, default=_DEFAULT_B)
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # a year or a month alone is not a publication date
    if not _MIN_YEAR <= first.year <= _MAX_YEAR:
        return None
    # The date as the publisher wrote it, in the publisher's own time zone.
    return first.date()


def parse_date(value: str | None) -> dt.date | None:
    """A publication date string to a date, or None; never raises.

    Accepts what feeds and pages use: "July 9, 2022 2:16 PM", ISO 8601,
    RFC 822, "Published: 9 July 2022", Unix timestamps. Strings without a
    day, month and year give None rather than a date dateutil made up.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > _MAX_DATE_CHARS:
        return None
    if _EPOCH.match(value):
        return _from_epoch(value)
    if _ISO_DAY.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass  # "2022-02-30": dateutil below decides, as for any other string
        else:
            return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None
    day_mon_year = _DAY_MON_YEAR.match(value)
    if day_mon_year:
        value = day_mon_year.group(1)
    for candidate in (value, _DATE_PREFIX.sub("", value)):
        try:
            return _parse_full(candidate)
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            continue
        except Exception:  # dateutil has raised other types on odd input
            continue
    return None


def _heading_key(text: str) -> str:
    return " ".join(text.split()).strip(_NAME_TRIM + "!?").casefold()


def same_heading(a: str, b: str) -> bool:
    """True when two headings are the same text up to case, spacing and
    surrounding punctuation."""
    return bool(_heading_key(a)) and _heading_key(a) == _heading_key(b)


def split_title(text: str) -> tuple[str | None, str]:
    """Take a plain-text title off the top of a text: (title, rest).

    The first line is a title when it is at most 200 characters, does not
    end with a full stop, contains a letter, and a blank line follows it.
    """
    first, sep, rest = text.partition("\n")
    title = first.strip()
    if not sep or not title or len(title) > MAX_TITLE_CHARS or title.endswith("."):
        return None, text
    if not any(ch.isalpha() for ch in title):
        return None, text
    next_line, _, after = rest.partition("\n")
    if next_line.strip() or not after.strip():
        return None, text
    return title, rest.strip("\n")


def compose_text(title: str | None, body: str) -> str:
    """Article.text: the title, a blank line, the body.

    A body whose first line already is the title is not given it twice; a
    body that merely begins with the title's words keeps them in place.
    """
    body = body.strip("\n")
    if not title:
        return body
    title = " ".join(title.split())
    first, _, rest = body.partition("\n")
    if same_heading(first, title):
        return f"{first.strip()}\n\n{rest.strip(chr(10))}".rstrip()
    if _heading_key(body).startswith(_heading_key(title)):
        return body
    return f"{title}\n\n{body}".rstrip() if body else title
