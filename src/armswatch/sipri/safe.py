"""Text that is safe to print on a terminal."""

from __future__ import annotations

import unicodedata


def terminal_safe(text: str) -> str:
    """``text`` with control and format characters (ESC, bidi overrides ...) shown as ``\\x1b``-style escapes.

    Line breaks are kept: they separate the lines of a report. Register
    cells and news text are third-party input; printed raw, an escape
    sequence in a comment could rewrite the analyst's terminal.
    """
    out = []
    for ch in text:
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)
