"""A small language check: is this text English, and if not, what is it?

The extractor's lexicons are English, so a foreign-language article would
only produce noise. Function words are the most frequent words of any
language and almost never shared in bulk, so the share of them in a text
tells languages apart well enough once a text has a few dozen words; texts
in other scripts are told by their letters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MIN_WORDS", "ENGLISH_THRESHOLD", "english_ratio", "guess_language", "non_english"]

MIN_WORDS = 30
# English news prose scores 0.35-0.55 on the list below; other languages
# written in Latin letters score under 0.08.
ENGLISH_THRESHOLD = 0.15
# Another profile must reach this to name the language; below it the text is
# more likely a table or a list of names than a foreign article.
OTHER_THRESHOLD = 0.10

_WORD = re.compile(r"[^\W\d_]+")

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to a in that is was for with as by it from has have had be been are were "
        "this which or not but will would their they he she his her its who said after about "
        "also than there these those what when can could should into over more an on at we our "
        "you i them if no all any such some other only then so up out new".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit von den dem des ein eine einen zu auf für sich auch im es "
        "sie wird wurde werden sind hat haben nach bei aus dass oder wie über noch nur vor um".split()
    ),
    "fr": frozenset(
        "le la les des et est une un du dans pour que qui pas sur au aux par avec ce cette il elle "
        "sont ont été mais ou plus se ne leur selon".split()
    ),
    "es": frozenset(
        "el la los las de del y en que un una por con para es se su sus al lo como más pero fue "
        "ha han este esta según sobre entre".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della e è che un una per con non sono ha hanno da nel nella al "
        "alla dei delle più come anche questo".split()
    ),
    "pt": frozenset(
        "o os a as de do da dos das e é que um uma em no na para com não por se ao mais foi são "
        "pelo pela seu sua".split()
    ),
    "nl": frozenset(
        "de het een en van is dat die niet op te met voor zijn er aan ook als bij door wordt naar "
        "om maar heeft werd".split()
    ),
    "pl": frozenset(
        "i w z na się nie do to że jest o od po jak przez dla za oraz ale czy są być został "
        "została".split()
    ),
    "tr": frozenset(
        "ve bir bu da de için ile olarak daha çok en gibi olan ama sonra kadar ise değil".split()
    ),
    "id": frozenset(
        "yang dan di dengan untuk ini itu dari dalam tidak akan pada juga adalah oleh ke".split()
    ),
}

# (first code point, last code point, language reported for that script)
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x0400, 0x052F, "ru"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0750, 0x077F, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
    (0x3040, 0x30FF, "ja"),
    (0x4E00, 0x9FFF, "zh"),
    (0xAC00, 0xD7AF, "ko"),
    (0xFB50, 0xFEFF, "ar"),
)
_UKRAINIAN_LETTERS = frozenset("іїєґ")
# Enough letters to judge a script, whatever the word count (CJK has no spaces).
_MIN_LETTERS = 60


# One character class per script, so that counting a script's letters is one
# C-level scan instead of a Python range lookup per character (that lookup was
# 40% of cleaning). Every code point in these ranges that is not a letter
# (punctuation, digits of the script) is dropped by the isalpha filter below.
_SCRIPT_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"[{chr(first)}-{chr(last)}]"), language) for first, last, language in _SCRIPTS
)


def _foreign_script(text: str) -> str | None:
    """The language of the dominant non-Latin script, if most letters use one."""
    # An ASCII text has no letter in any of the scripts: nothing to count.
    if text.isascii():
        return None
    letters = sum(map(str.isalpha, text))
    if letters < _MIN_LETTERS:
        return None
    found: dict[str, list[int]] = {}  # language -> [letters, first position]
    for pattern, language in _SCRIPT_CLASSES:
        hits = pattern.findall(text)
        count = sum(map(str.isalpha, hits))
        if count:
            first = next(m.start() for m in pattern.finditer(text) if m.group().isalpha())
            entry = found.setdefault(language, [0, first])
            entry[0] += count
            entry[1] = min(entry[1], first)
    if not found:
        return None
    # In order of first appearance, so that a tie goes to the script met first.
    counts = {language: entry[0] for language, entry in sorted(found.items(), key=lambda item: item[1][1])}
    language, count = max(counts.items(), key=lambda item: item[1])
    if count * 2 <= letters:
        return None
    # Kana marks Japanese even though most Japanese letters are Han.
    if language == "zh" and counts.get("ja", 0) * 10 >= letters:
        language = "ja"
    # A few Ukrainian letters (in a name) do not make a Russian text Ukrainian.
    if language == "ru" and sum(ch in _UKRAINIAN_LETTERS for ch in text.lower()) * 100 >= count:
        language = "uk"
    return language


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def english_ratio(text: str) -> tuple[float, int]:
    """(share of English function words among the words, number of words)."""
    words = _words(text)
    if not words:
        return 0.0, 0
    english = _FUNCTION_WORDS["en"]
    return sum(1 for word in words if word in english) / len(words), len(words)


def guess_language(text: str) -> str | None:
    """Best-scoring language code, or None when the text is too short or
    matches no profile."""
    script = _foreign_script(text)
    if script:
        return script
    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    scores = {
        code: sum(1 for word in words if word in vocabulary) / len(words)
        for code, vocabulary in _FUNCTION_WORDS.items()
    }
    code, score = max(scores.items(), key=lambda item: item[1])
    return code if score >= OTHER_THRESHOLD else None


def non_english(text: str) -> str | None:
    """The detected language code when a text is clearly not English, else None.

    Clearly means: written mostly in another script, or at least 30 words
    with an English function-word share below the threshold while another
    language's profile fits. Short texts and word lists pass as English.
    """
    script = _foreign_script(text)
    if script:
        return script
    ratio, count = english_ratio(text)
    if count < MIN_WORDS or ratio >= ENGLISH_THRESHOLD:
        return None
    guess = guess_language(text)
    return guess if guess and guess != "en" else None
