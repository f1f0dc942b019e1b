"""Text for a terminal: every control and escape character of a stored field shown, never obeyed.

An article, a file name or a JSONL ``id`` can hold ESC sequences (colours,
cursor moves, a retitled window, a hidden line), carriage returns, NULs or
bidirectional overrides. Printed as they are, they would act on the
analyst's terminal or disguise what is printed. ``printable`` replaces each
with a visible escape (``\\x1b``, ``\\u202e``); ``one_line`` also escapes the
line breaks, for fields printed inside a table row.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI),
# and the bidirectional and line/paragraph separator characters of Unicode.
_UNSAFE = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
_MULTILINE = re.compile(f"[{_UNSAFE}]")
_ONE_LINE = re.compile(f"[{_UNSAFE}\\t\\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """``str(value)`` with every control character but tab and newline escaped."""
    return _MULTILINE.sub(_escape, str(value))


def one_line(value: object) -> str:
    """``str(value)`` with every control character escaped, tab and newline included."""
    return _ONE_LINE.sub(_escape, str(value))


__all__ = ["one_line", "printable"]
