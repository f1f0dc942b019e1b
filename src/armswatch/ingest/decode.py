"""Bytes to text for the readers: BOMs, declared charsets, binary detection.

News files arrive in every encoding a newsroom's CMS ever produced, so the
order of guesses matters: a byte-order mark is proof, a declared charset is a
strong hint, strict UTF-8 rarely decodes anything that is not UTF-8, and
cp1252/Latin-1 decode any byte string (which is why they come last).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# Longest marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# How much of a file the binary and charset sniffers look at.
_SNIFF_BYTES = 8192

# Share of control / replacement characters above which decoded text is
# judged to be a binary file that happened to decode.
_MAX_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")

# Browsers (WHATWG) read these labels as cp1252; servers use them loosely.
_CP1252_ALIASES = {"iso8859-1", "latin-1", "us-ascii", "ascii"}


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):], encoding
    return data, None


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess UTF-16 from where the NUL bytes sit (ASCII-heavy text leaves
    one NUL per character, always on the same side of the pair)."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _normal_codec(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if name in _CP1252_ALIASES else name


def looks_like_text(text: str) -> bool:
    """True unless the decoded string is dominated by control characters.

    Catches binaries that decode without error under cp1252/Latin-1.
    """
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return True
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f\v":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) == "Cc":
            bad += 1
    return bad / len(sample) <= _MAX_CONTROL_SHARE


def _decode_chain(data: bytes, first_choice: str | None) -> str:
    """Try the declared codec, then strict UTF-8, then cp1252, then Latin-1."""
    for codec in (first_choice, "utf-8", "cp1252"):
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def decode_text(data: bytes) -> str | None:
    """Decode a plain-text file; None when it looks binary.

    BOM first (UTF-8/16/32), then BOM-less UTF-16 by NUL layout, then strict
    UTF-8, cp1252 and finally Latin-1 (which never fails).
    """
    return _decode(data, None)


def _decode(data: bytes, preferred) -> str | None:
    # Shared by text and markup: a BOM or a UTF-16 NUL layout decides first;
    # ``preferred()`` (a declared charset) only matters when neither does.
    body, bom_codec = _strip_bom(data)
    if bom_codec:
        text = body.decode(bom_codec, errors="replace")
        return text if looks_like_text(text) else None
    if b"\x00" in data[:_SNIFF_BYTES]:
        codec = _utf16_without_bom(data[:_SNIFF_BYTES])
        if codec is None:
            return None
        text = data.decode(codec, errors="replace")
        return text if looks_like_text(text) else None
    text = _decode_chain(data, preferred() if preferred else None)
    return text if looks_like_text(text) else None


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, if any."""
    head = data[:_SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found:
            return found.group(1).decode("ascii", errors="ignore")
    return None


def decode_markup(data: bytes, declared: str | None = None) -> str | None:
    """Decode HTML bytes; None when it looks binary.

    ``declared`` is a charset from outside the document (an HTTP header); a
    BOM overrides it, and the document's own declaration is used when the
    header gives none. A declaration that does not decode falls through to
    the UTF-8 / cp1252 / Latin-1 chain rather than failing.
    """
    return _decode(data, lambda: _normal_codec(declared) or _normal_codec(sniff_declared_charset(data)))


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header value, if any."""
    if not value:
        return None
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", value, re.I)
    return found.group(1) if found else None
