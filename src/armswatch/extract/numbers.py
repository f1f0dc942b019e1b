"""Parsing of quantities ("four", "50,000", "more than 20") and money ("$1.5bn")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.extract.resources import lexicon
from armswatch.model import Value

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "m": 1_000_000,
           "billion": 1_000_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000, "b": 1_000_000_000,
           "trillion": 1_000_000_000_000, "k": 1_000, "crore": 10_000_000, "lakh": 100_000}

_NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int
    qualifier: str


def parse_number(text: str) -> float | None:
    """Read a number written in digits or words: "50,000", "1.5 million", "twenty-four", "a dozen".

    Returns None for anything that is not a number (never raises).
    """
    words = re.split(r"[\s\-]+", text.strip().lower().replace("\u2013", "-"))
    words = [w for w in words if w and w != "and"]
    if not words or len(words) > 8:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        w = w.strip(".,")
        if _NUMERIC.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif w in _UNITS and not (w in ("a", "an") and len(words) == 1):
            current += _UNITS[w] if w not in ("dozen",) else 0
            if w == "dozen":
                current = (current or 1) * 12
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w in _SCALES and seen:
            scale = _SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
    if not seen:
        return None
    value = total + current
    # A run of hundreds of digits is not a count or a price anyone wrote on purpose.
    return value if math.isfinite(value) and value < 1e15 else None


@lru_cache(maxsize=1)
def _qualifier_patterns() -> list[tuple[re.Pattern[str], str]]:
    q = lexicon()["quantity"]
    out = []
    for key, name in (("at_least", "at-least"), ("at_most", "at-most"), ("about", "about")):
        for phrase in q[key]:
            out.append((re.compile(r"\b" + re.escape(phrase) + r"\s*$", re.I), name))
    return out


def qualifier_before(prefix: str) -> str:
    """The qualifier that the words just before a number give it ("more than" → at-least)."""
    for pattern, name in _qualifier_patterns():
        if pattern.search(prefix):
            return name
    return "exact"


def parse_quantity(text: str, prefix: str = "") -> Quantity | None:
    """A whole, positive unit count from a number phrase, with the qualifier its prefix gives."""
    n = parse_number(text)
    if n is None or n <= 0 or n != int(n) or n > 10_000_000:
        return None
    return Quantity(int(n), qualifier_before(prefix))


_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
                     "£": "GBP", "gbp": "GBP", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR", "rupees": "INR",
                     "rubles": "RUB", "roubles": "RUB", "rub": "RUB", "yuan": "CNY", "won": "KRW", "yen": "JPY", "¥": "JPY"}

_MONEY = re.compile(
    r"(?P<pre>US\$|\$|€|£|₹|USD|EUR|GBP|INR|Rs\.?)\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<scale>trillion|billion|bln|bn|million|mln|mn|crore|lakh|[mbk](?![a-z]))?"
    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<scale2>trillion|billion|bln|bn|million|mln|mn|crore)?\s+"
    r"(?P<post>dollars|euros|pounds|rupees|rubles|roubles|yuan)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    value: Value
    start: int
    end: int


def find_money(text: str) -> list[MoneyMatch]:
    """Every amount of money in ``text`` ("$2 bln", "$1.5bn", "USD 300 million", "5 billion euros")."""
    out = []
    for m in _MONEY.finditer(text):
        num = m.group("num") or m.group("num2")
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        sym = (m.group("pre") or m.group("post") or "").lower()
        try:
            amount = float(num.replace(",", ""))
        except ValueError:
            continue
        amount *= _SCALES.get(scale, 1)
        if not math.isfinite(amount) or amount >= 1e15 or amount < 1:
            continue
        currency = _CURRENCY_SYMBOLS.get(sym, _CURRENCY_SYMBOLS.get(sym.rstrip("."), "USD"))
        if amount <= 0:
            continue
        out.append(MoneyMatch(Value(int(round(amount)), currency), m.start(), m.end()))
    return out
