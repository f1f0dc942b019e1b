"""Finding weapon designations and generic equipment nouns.

Designations are matched against the catalog (data/weapons.csv) by a
normalised key (lower-case, no spaces, hyphens or dots), so "Mi 35", "Mi35"
and "Mi-35" are one system. A designation not in the catalog is still
recognised when a catalog key is its prefix ("Su-57E" → Su-57, "Mi-35M" →
Mi-35): it keeps the text's spelling and takes family, category and origin
from the catalog entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import WeaponEntry, arms_terms, weapon_entries

_DESIGNATION = re.compile(
    r"(?<![\w-])(?P<d>[A-Z][A-Za-z]{0,6}(?:[-/\s.]?[A-Z]{1,3})?[-\s]?\d{1,4}"
    r"(?:[-/]?[A-Z]{1,4}\d{0,2}(?:[a-z]{1,3}\b)?|(?:bis|Sh|sh|[a-z]{1,2}(?=\b)))?)(?P<pl>s|'s|’s)?(?![\w])"
)


@dataclass(frozen=True, slots=True)
class WeaponMention:
    """A weapon named in a sentence; offsets are relative to the sentence text."""

    designation: str
    family: str
    category: str
    origin: str | None
    start: int
    end: int


def normalise_designation(text: str) -> str:
    """Key used to compare designations: lower-case, without spaces, hyphens and dots."""
    return re.sub(r"[\s\-.\u2010-\u2015/]", "", text.lower())


@lru_cache(maxsize=1)
def _catalog() -> dict[str, WeaponEntry]:
    table: dict[str, WeaponEntry] = {}
    for e in weapon_entries():
        for name in (e.designation, *e.aliases):
            table.setdefault(normalise_designation(name), e)
    return table


def _flex(name: str) -> str:
    chunks = re.findall(r"[^\W_]+|[^\w\s]", name)
    return r"[-\s.]?".join(re.escape(c) for c in chunks if c.strip() and c not in "-.")


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str] | None:
    # Names (Rafale, Iron Dome, Bayraktar TB2) need a text match; plain
    # designations (Su-30MKI) are found by _DESIGNATION and the key table.
    names = set()
    for e in weapon_entries():
        for name in (e.designation, *e.aliases):
            if not re.search(r"\d", name) or " " in name.strip():
                names.add(name)
    if not names:
        return None
    alts = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(_flex(n) for n in alts) + r")(?:s|es|'s|’s)?(?![\w])")


def _lookup(designation: str) -> WeaponEntry | None:
    key = normalise_designation(designation)
    table = _catalog()
    if key in table:
        return table[key]
    # A variant suffix ("Mi-35M", "Su-57E", "F-16V"): the longest catalog key that
    # is a prefix and ends where the text's digits end.
    m = re.match(r"^([a-z]+\d+)", key)
    while m and len(key) > len(m.group(1)):
        key = key[:-1]
        if key in table:
            return table[key]
    return None


def _singular_lookup(text: str) -> tuple[str, WeaponEntry | None]:
    for suffix in ("", "'s", "’s", "s", "es"):
        if text.endswith(suffix):
            base = text[: len(text) - len(suffix)] if suffix else text
            entry = _lookup(base)
            if entry is not None:
                return base, entry
    return text, None


def find_weapons(text: str) -> list[WeaponMention]:
    """Catalog weapons named in ``text``, longest match first, no overlaps."""
    found: list[WeaponMention] = []
    pattern = _name_pattern()
    if pattern is not None:
        for m in pattern.finditer(text):
            name, entry = _singular_lookup(m.group(0))
            if entry:
                found.append(_mention(entry, name, m.start(), m.end()))
    for m in _DESIGNATION.finditer(text):
        d, start = m.group("d"), m.start()
        entry = _lookup(d)
        if entry is None and " " in d:
            # "MLRS M270": the designation is the last word.
            head, _, tail = d.partition(" ")
            entry, d, start = _lookup(tail), tail, m.start() + len(head) + 1
        if entry:
            found.append(_mention(entry, d, start, m.end()))
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    out: list[WeaponMention] = []
    for w in found:
        if out and w.start < out[-1].end:
            continue
        out.append(w)
    return out


def _mention(entry: WeaponEntry, text: str, start: int, end: int) -> WeaponMention:
    text = text.strip()
    # "F-16s", "Leopard 2A4s", "AK 56's": the plural is not part of the designation.
    singular = re.sub(r"(?<=[0-9A-Z])(?:'s|’s|s)$", "", text)
    if singular != text and _lookup(singular) is not None:
        text = singular
    return WeaponMention(text, entry.family, entry.category, entry.origin, start, end)


def clear_caches() -> None:
    """Forget the tables built from the catalog (after ``resources.set_weapon_overlay``)."""
    _catalog.cache_clear()
    _name_pattern.cache_clear()


@lru_cache(maxsize=1)
def term_table() -> tuple[dict[tuple[str, ...], str | None], int]:
    """Generic equipment terms as lemma tuples, and the longest term's length."""
    table: dict[tuple[str, ...], str | None] = {}
    for term, cat in arms_terms().items():
        words = tuple(w for w in re.split(r"[\s\-]+", term) if w)
        if words:
            table[words] = cat
    return table, max((len(k) for k in table), default=1)
