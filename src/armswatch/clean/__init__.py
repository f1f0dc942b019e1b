"""Cleaning: from a RawDocument to an Article with main text and metadata.

``clean_document`` is the one entry point. The steps, in order: HTML to text
(``clean.html``), syndication credit out (``clean.metadata``), boilerplate out
(``clean.boilerplate``), title, hard-wrapped lines joined (``clean.reflow``), layout, language check, fingerprints
(``clean.dedup``).
"""

from __future__ import annotations

import re
import unicodedata

from armswatch.clean.boilerplate import remove_boilerplate
from armswatch.clean.dedup import fingerprint
from armswatch.clean.html import extract_html
from armswatch.clean.language import non_english
from armswatch.clean.metadata import compose_text, extract_syndication, parse_date, split_title
from armswatch.clean.reflow import reflow, strip_ticker_tags
from armswatch.ingest.fetch import host_of
from armswatch.model import Article, RawDocument, Skipped

__all__ = ["MAX_MARKUP_CHARS", "MAX_TEXT_CHARS", "clean_document", "tidy_characters"]

# Bounds on one document, so that cleaning (and the extraction after it)
# takes bounded time and memory: about a second per million characters
# here. A longer news article is not known; a document over a bound is
# skipped with the reason, never truncated (a cut article stored as if whole
# would be a silent loss). Markup is allowed more: pages carry scripts,
# styles and inline images.
MAX_TEXT_CHARS = 2_000_000
MAX_MARKUP_CHARS = 5_000_000

# Characters that carry no text but break matching: zero-width spaces and
# joiners, BOMs, soft hyphens.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Spaces that look like a space but are not " " (no-break, thin, ideographic).
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
# Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) and
# lone surrogates (Cs), except newline and tab. One compiled class removes
# them in C; a per-character category lookup cost ~12% of cleaning.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_TIDY = {**_INVISIBLE, **_SPACES, ord("\r"): "\n"}


def tidy_characters(text: str) -> str:
    """NFC, Unix newlines, plain spaces, no invisible or control characters."""
    # "\r\n" first, so that the table's lone "\r" -> "\n" does not double it.
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    if not text.isascii():  # ASCII has none of the table's characters but "\r"
        text = text.translate(_TIDY)
    elif "\r" in text:
        text = text.replace("\r", "\n")
    return _CONTROL.sub("", text)


def clean_document(raw: RawDocument) -> Article | Skipped:
    """Clean one document; a Skipped when no English article text is left.

    Never raises: an unexpected failure on one document becomes a Skipped
    naming the error, so a corpus run goes on.
    """
    try:
        return _clean(raw)
    except Exception as exc:  # keep the run going; the reason says what broke
        return Skipped(source=raw.source, reason=f"cleaning failed: {exc!r}", record=None)


def _clean(raw: RawDocument) -> Article | Skipped:
    page_title = page_date = sitename = None
    limit = MAX_MARKUP_CHARS if raw.is_html else MAX_TEXT_CHARS
    if len(raw.body) > limit:
        kind = "markup" if raw.is_html else "text"
        return Skipped(source=raw.source, reason=f"document too large: {len(raw.body):,} characters of {kind} (limit {limit:,})")
    if raw.is_html:
        page = extract_html(raw.body, url=raw.url)
        body, page_title, page_date, sitename = page.text, page.title, page.published, page.sitename
        if len(body) > MAX_TEXT_CHARS:
            return Skipped(source=raw.source, reason=f"document too large: {len(body):,} characters of text (limit {MAX_TEXT_CHARS:,})")
    else:
        body = raw.body
    body, syndicated = extract_syndication(tidy_characters(body))
    body = remove_boilerplate(body)

    # Titles from records and pages get the same character tidying as the body.
    title = " ".join(tidy_characters(raw.title or page_title or "").split()) or None
    if title is None and not raw.is_html:
        title, body = split_title(body)
    if not raw.is_html:
        body = reflow(strip_ticker_tags(body))
    if not any(ch.isalpha() for ch in body):  # blank, or only digits and punctuation
        return Skipped(source=raw.source, reason="no article text")
    text = compose_text(title, body)

    language = non_english(text)
    if language:
        return Skipped(source=raw.source, reason=f"not English (detected {language})")

    # Over the whole text, title included: a changed headline is a changed claim.
    prints = fingerprint(text)
    return Article(
        doc_id=raw.doc_id,
        text=text,
        title=title,
        # A page's own date beats the record's: for WARC records that is the
        # crawl time, and feeds and corpora rarely disagree with the page.
        published=parse_date(page_date) or parse_date(raw.published),
        # A fetched page with no outlet in its metadata is named by its host.
        publisher=raw.publisher or sitename or (host_of(raw.url) if raw.fetched_at and raw.url else None),
        syndicated_from=syndicated,
        url=raw.url,
        sources=[raw.url or raw.source],
        content_hash=prints.content_hash,
        simhash=prints.simhash,
        claim_key=prints.claim_key,
    )
