"""Text safe to store and to print: file names with any bytes, control characters.

A POSIX file name is bytes; Python hands undecodable ones over as lone
surrogates (``os.fsdecode``'s ``surrogateescape``), which no database driver
or UTF-8 stream accepts. ``path_text`` turns a path into text that can be
stored and printed, one-to-one. ``escape_controls`` keeps control and
bidirectional-override characters (newlines in a file name, terminal escape
sequences) from reaching a terminal or splitting a report line.
"""

from __future__ import annotations

import os
import re

__all__ = ["escape_controls", "path_text", "storable"]

# C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and
# isolates (they reorder what a terminal shows), and lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, separator and bidi-override character as ``\\xNN``/``\\uNNNN``."""
    return _UNSAFE.sub(_escape, text)


def path_text(path: str) -> str:
    """A file path as storable, printable text, distinct for distinct paths.

    Bytes that are not UTF-8 become ``\\xNN``, control characters too, and a
    backslash becomes ``\\\\`` so that no real name can look like an escaped
    one. A path of plain printable UTF-8 without backslashes is unchanged.
    """
    raw = os.fsencode(path)
    if b"\\" in raw:
        raw = raw.replace(b"\\", b"\\\\")
    return escape_controls(raw.decode("utf-8", errors="backslashreplace"))


def _byte_or_code(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    # surrogateescape keeps an undecodable byte b as U+DC00 + b.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` with lone surrogates written out as escapes, so UTF-8 can encode it.

    Strings from file names or hand-made JSON may hold them; a database
    insert would fail on them and take the whole batch with it.
    """
    return _SURROGATE.sub(_byte_or_code, text)
