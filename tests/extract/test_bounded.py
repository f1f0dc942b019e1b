"""Bounded work per document (issue 16, finding 5): linear sentence splitting and screens, a time budget.

Speed itself is measured by ``bench/linearity.py``; here hypothesis gives every
call a deadline far above what linear work needs and far below what the old
quadratic splitter took on the same inputs (seconds to minutes).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from armswatch.extract import pipeline
from armswatch.extract.pipeline import Extractor, OverBudget
from armswatch.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from armswatch.model import Article, Skipped

# Characters the splitter and the screens react to, and some plain ones.
UNIT_ALPHABET = ".!?\"')( \n\tGenCol.Dr.U.S.AaBbRussiaIndt,;:-" + "\u201c\u201d"


def _check_spans(text: str) -> None:
    spans = split_sentences(text)
    last_end = 0
    for s in spans:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert s.start >= last_end
        last_end = s.end


@settings(max_examples=20, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.text(UNIT_ALPHABET, min_size=1, max_size=30), repeat=st.integers(1_000, 4_000))
@example(unit="Gen. Smith met Col. Jones. ", repeat=4_000)  # every period checked against the abbreviations
@example(unit="!", repeat=100_000)  # one run of marks without a space
@example(unit="Russia is big. It agreed to buy tanks. ", repeat=2_500)  # a pronoun in every cue sentence
@example(unit="Russia agreed to sell jets to India and ", repeat=2_500)  # one line without a boundary
def test_splitting_and_screens_finish_within_a_deadline(unit, repeat):
    text = unit * repeat
    _check_spans(text)
    pipeline.plan_article(text)


def test_an_overlong_sentence_is_cut_at_clause_marks_within_the_cap():
    text = "Russia agreed to sell jets to India, " * 200
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert all(s.text.endswith(",") for s in spans[:-1])  # cut after a comma, not inside a word
    assert "".join(text[s.start:s.end] for s in spans).replace(",", ", ").split() == text.split()


def test_a_run_without_any_space_is_cut_hard():
    spans = split_sentences("x" * (2 * MAX_SENTENCE_CHARS + 5))
    assert [(s.start, s.end) for s in spans] == [(0, 1000), (1000, 2000), (2000, 2005)]


def test_ordinary_sentences_are_unchanged():
    text = "Gen. Smith said the U.S. would sell 12 jets. India agreed! Did it?\nBERLIN (Reuters) - Germany refused."
    assert [s.text for s in split_sentences(text)] == [
        "Gen. Smith said the U.S. would sell 12 jets.", "India agreed!", "Did it?", "BERLIN (Reuters) -",
        "Germany refused."]


def test_screen_reads_the_subject_of_the_sentence_before_a_pronoun():
    # Only through "It" does the second party reach the cue sentence: screen 2 must still pass it.
    text = "Morocco has widened its suppliers this year. It agreed to buy tanks from Germany."
    plan = pipeline.plan_article(text)
    assert plan.sentences, "the article must not be screened out"


# -- time budget -------------------------------------------------------------------------------

ARMS = "France agreed to sell 24 Rafale jets to Greece in 2021."


@pytest.fixture(scope="module")
def budget_extractor(extractor):
    return extractor


def test_a_document_over_the_budget_is_skipped_with_the_reason(budget_extractor, monkeypatch):
    monkeypatch.setattr(budget_extractor, "time_budget", 1e-9)
    ((_, result),) = list(budget_extractor.extract_many([Article(doc_id="slow", text=ARMS)]))
    assert isinstance(result, Skipped)
    assert result.source == "slow" and "time budget of 1e-09 s per document" in result.reason
    with pytest.raises(OverBudget):
        budget_extractor.extract(Article(doc_id="slow", text=ARMS))


def test_only_the_slow_document_is_skipped(budget_extractor, monkeypatch):
    real_plan = pipeline.plan_article

    def plan(text, screen=True):
        if "SLOW" in text:
            time.sleep(0.3)
        return real_plan(text, screen)

    monkeypatch.setattr(pipeline, "plan_article", plan)
    monkeypatch.setattr(budget_extractor, "time_budget", 0.2)
    docs = [Article(doc_id="a", text=ARMS), Article(doc_id="b", text="SLOW. " + ARMS, sources=["feed.xml"]),
            Article(doc_id="c", text=ARMS)]
    out = list(budget_extractor.extract_many(docs))
    assert [a.doc_id for a, _ in out] == ["a", "b", "c"]
    assert isinstance(out[1][1], Skipped) and (out[1][1].source, out[1][1].record) == ("feed.xml", "b")
    for _, events in (out[0], out[2]):
        assert [(e.type.value, e.supplier, e.recipient) for e in events] == [("AGREEMENT", "FRA", "GRC")]


def test_no_budget_means_no_limit(budget_extractor, monkeypatch):
    monkeypatch.setattr(budget_extractor, "time_budget", 0.0)
    assert budget_extractor.extract(Article(doc_id="x", text=ARMS))


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(pipeline.TIME_BUDGET_ENV, "2.5")
    assert pipeline.default_time_budget() == 2.5
    monkeypatch.setenv(pipeline.TIME_BUDGET_ENV, "soon")
    with pytest.raises(ValueError, match="ARMSWATCH_TIME_BUDGET"):
        pipeline.default_time_budget()
    monkeypatch.delenv(pipeline.TIME_BUDGET_ENV)
    assert pipeline.default_time_budget() == pipeline.DEFAULT_TIME_BUDGET


def test_extractor_takes_the_budget(monkeypatch):
    monkeypatch.setattr(pipeline, "load_model", lambda: None)
    assert Extractor(time_budget=3).time_budget == 3.0
