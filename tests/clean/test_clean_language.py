"""armswatch.clean.language: telling English from other languages."""

from __future__ import annotations

import pytest
from clean_helpers import CHINESE, FRENCH, GERMAN, RUSSIAN, SPANISH, STORY

from armswatch.clean.language import english_ratio, guess_language, non_english


@pytest.mark.parametrize(
    ("text", "code"),
    [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"), (RUSSIAN, "ru"), (CHINESE, "zh")],
)
def test_other_languages_are_detected(text, code):
    assert non_english(text) == code
    assert guess_language(text) == code


def test_english_article_passes():
    ratio, words = english_ratio(STORY)
    assert ratio > 0.3 and words > 200
    assert non_english(STORY) is None
    assert guess_language(STORY) == "en"


def test_short_texts_and_word_lists_are_not_judged():
    assert non_english("Ministerium bestätigt Lieferung") is None
    table = " ".join(f"Mi-35M {year} Pakistan Russland Hubschrauber Rostec" for year in range(2000, 2010))
    assert non_english(table) is None


def test_english_with_a_foreign_quote_is_english():
    mixed = STORY + "\n" + GERMAN[:120]
    assert non_english(mixed) is None
