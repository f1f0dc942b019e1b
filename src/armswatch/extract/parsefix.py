"""Words the small parser reads in the wrong part of speech, swapped for the parse only.

The small English model tags "deal" after a plural noun as a verb ("Iraq cancels Russian arms
deal", "France suspends warships deal with Russia": *arms* becomes the subject of *deal*), so
the sentence loses its object and the event its trigger. Before parsing, such a "deal" is
replaced by "item", a word of the same length that can only be a noun; after parsing, the
parse is carried over to a Doc with the words as written, so every later stage sees "deal"
with the parse "item" got. Only the parser sees the swapped word; offsets do not change.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from armswatch.extract.resources import arms_terms

# A written word swapped for the parse -> its stand-in (same length, read as a noun).
_STAND_IN = {"deal": "item", "deals": "items", "Deal": "Item", "Deals": "Items"}


@lru_cache(maxsize=1)
def _noun_before_deal() -> re.Pattern[str]:
    # Plural equipment nouns ("arms", "weapons", "warships", "jets"): the words before "deal"
    # that make the parser read a subject and a verb.
    plurals = {"arms", "weapons"}
    for term in arms_terms():
        if " " not in term and "-" not in term:
            plurals.add(term if term.endswith("s") else term + "s")
    words = "|".join(sorted((re.escape(w) for w in plurals), key=len, reverse=True))
    return re.compile(rf"\b(?:{words})\s+(?P<deal>[Dd]eals?)\b", re.I)


def parse_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with each mis-read "deal" swapped for its stand-in, and (offset, written word) of each swap."""
    swaps = [(m.start("deal"), m.group("deal")) for m in _noun_before_deal().finditer(text)]
    if not swaps:
        return text, []
    out = list(text)
    for start, word in swaps:
        out[start:start + len(word)] = _STAND_IN[word]
    return "".join(out), swaps


def restore_words(doc: Doc, swaps: list[tuple[int, str]]) -> Doc:
    """A Doc with the written words at ``swaps`` and everything else of ``doc``'s parse."""
    if not swaps:
        return doc
    written = {start: word for start, word in swaps}
    words, lemmas = [], []
    for tok in doc:
        word = written.get(tok.idx)
        words.append(word if word is not None else tok.text)
        lemmas.append(word.lower().rstrip("s") if word is not None else tok.lemma_)
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc], lemmas=lemmas,
               heads=[t.head.i for t in doc], deps=[t.dep_ for t in doc],
               sent_starts=[bool(t.is_sent_start) for t in doc], ents=ents)
