"""Main text, title, date and site name of an HTML page (offline).

trafilatura does the work; when it finds nothing (tiny pages, fragments
without paragraphs) a plain lxml walk keeps the visible text instead, so a
short feed item is not lost.

Markup nested deeper than libxml2 allows (256 levels: broken pages that
never close a tag, or hostile input) makes lxml drop everything past that
depth without an error, so both trafilatura and the lxml walk would return
nothing. Such a page is read with a tokenizer that keeps no tree
(``flat_text``), and the boilerplate cleaner does the rest.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.html
import trafilatura
from lxml import etree

__all__ = ["HtmlExtract", "extract_html", "flat_text", "nesting_too_deep", "visible_text"]

# trafilatura logs every page it finds too short; a corpus run would drown.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# Elements whose text a reader never sees, or that only frame the article.
_DROPPED = ("script", "style", "noscript", "template", "svg", "head", "nav", "footer", "aside", "form", "button", "iframe")
_BLOCKS = frozenset(
    "address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section table td th tr ul".split()
)
# Dates only from the page's markup and URL: a date guessed from the prose is
# often an event date, not the publication date.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(slots=True)
class HtmlExtract:
    """What was found in a page: main text (paragraphs one per line) and metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    sitename: str | None = None


def visible_text(markup: str) -> str:
    """Text of an HTML string without scripts, styles and page chrome, one
    block element per line (the fallback when trafilatura finds nothing)."""
    # lxml refuses str input that carries an encoding declaration.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        root = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROPPED)):  # list: the loop edits the tree
        if element.getparent() is None:
            element.clear()
        else:
            element.drop_tree()
    pieces: list[str] = []
    # start/end events place a block's line breaks around its children.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                pieces.append("\n")
            if element.text and tag:  # comments have text too; skip it
                pieces.append(element.text)
            continue
        if tag in _BLOCKS:
            pieces.append("\n")
        if element.tail and element is not root:
            pieces.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def nesting_too_deep(markup: str) -> bool:
    """True when libxml2 gives up on the markup's nesting depth (and so
    silently loses the text below it)."""
    parser = lxml.html.HTMLParser(collect_ids=False)
    try:
        lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, ValueError):
        pass
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


class _FlatText(HTMLParser):
    """Visible text and <title> of markup, read as a stream of tags (no tree,
    so no depth limit). Blocks become line breaks; dropped elements hide
    their content."""

    _HIDDEN = frozenset(_DROPPED) - {"head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.pieces.append(data)


def flat_text(markup: str) -> tuple[str, str | None]:
    """(visible text one block per line, title) of markup of any depth."""
    reader = _FlatText()
    try:
        reader.feed(markup)
        reader.close()
    except Exception:  # noqa: BLE001 - keep what was read before the failure
        pass
    lines = (" ".join(line.split()) for line in "".join(reader.pieces).split("\n"))
    return "\n".join(line for line in lines if line), _clean("".join(reader.title))


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def extract_html(markup: str, url: str | None = None) -> HtmlExtract:
    """Main text and metadata of a page. Never raises; text may be empty."""
    if nesting_too_deep(markup):
        text, title = flat_text(markup)
        return HtmlExtract(text=text, title=title)
    document = None
    try:
        document = trafilatura.bare_extraction(
            markup,
            url=url,
            favor_precision=False,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # trafilatura on hostile markup: fall back, do not stop
        document = None
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        text = visible_text(markup)
    return HtmlExtract(
        text=text,
        title=_clean(getattr(document, "title", None)),
        published=_clean(getattr(document, "date", None)),
        sitename=_clean(getattr(document, "sitename", None)),
    )
