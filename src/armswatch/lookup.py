"""One lookup for every user-facing filter: party, event type, modality, category and deal status.

The CLI, the API and the web pages all turn what a user typed into the stored value through
these functions, so "pak", "Pakistan" and "Islamabad" find the same events everywhere, and a
value that matches nothing is an error that says what was meant instead of an empty answer.

    >>> resolve_party("islamabad")
    'PAK'
    >>> resolve_event_type("agreement")
    'AGREEMENT'
    >>> resolve_weapon("mi 35")
    'Mi-35'

Every resolver raises :class:`UnknownValue` (a ``ValueError``) for a value that names nothing;
its ``suggestions`` are the nearest known values (``difflib``), for a "did you mean" message.
The CLI turns it into a usage error (exit 2, ``armswatch.cli.options``), the API into a 422
naming the parameter, the web pages into an error page.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from armswatch.extract.resources import party_aliases, weapon_entries
from armswatch.link.rules import STATUSES
from armswatch.model import CATEGORIES, EventType, Modality


class UnknownValue(ValueError):
    """A filter value that names nothing the record knows; carries the closest known values."""

    def __init__(self, what: str, value: str, suggestions: list[str]) -> None:
        self.what = what
        self.value = value
        self.suggestions = suggestions
        hint = f" — did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} called {value!r}{hint}")


@lru_cache(maxsize=1)
def _party_names() -> dict[str, str]:
    """Lower-cased code or alias -> code; a code always wins over an alias spelled the same."""
    listed = [a for a in party_aliases() if a.kind != "not-party"]
    names: dict[str, str] = {}
    for a in listed:
        names.setdefault(a.alias.lower(), a.code)
    for a in listed:
        names[a.code.lower()] = a.code
    return names


@lru_cache(maxsize=1)
def _code_names() -> dict[str, str]:
    """Code -> one readable name for it (the first alias the table lists), for suggestions."""
    out: dict[str, str] = {}
    for a in party_aliases():
        if a.kind in ("country", "body", "nsa"):
            out.setdefault(a.code, a.alias)
    return out


def _suggest(value: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(value, choices, n=n, cutoff=0.6)


def resolve_party(text: str) -> str:
    """The party code for a code, alias or name in any case ("pak", "Pakistan", "Islamabad" -> "PAK").

    Raises UnknownValue with the nearest codes when nothing matches.
    """
    value = text.strip()
    names = _party_names()
    code = names.get(value.lower())
    if code is not None:
        return code
    close = _suggest(value.lower(), list(names))
    codes = list(dict.fromkeys(names[c] for c in close))
    shown = [f"{c} ({_code_names().get(c, c)})" if _code_names().get(c, c) != c else c for c in codes]
    raise UnknownValue("party", value, shown)


def _resolve_choice(what: str, text: str, choices: tuple[str, ...]) -> str:
    value = text.strip()
    folded = {c.lower().replace("_", " ").replace("-", " "): c for c in choices}
    key = value.lower().replace("_", " ").replace("-", " ")
    if key in folded:
        return folded[key]
    close = _suggest(key, list(folded))
    raise UnknownValue(what, value, [folded[c] for c in close])


def resolve_event_type(text: str) -> str:
    """The event type for any case or spacing ("agreement", "embargo imposed" -> EMBARGO_IMPOSED)."""
    return _resolve_choice("event type", text, tuple(t.value for t in EventType))


def resolve_modality(text: str) -> str:
    """The modality (asserted, planned, possible, denied) in any case."""
    return _resolve_choice("modality", text, tuple(m.value for m in Modality))


def resolve_category(text: str) -> str:
    """The equipment category in any case ("Armoured vehicles" -> armoured-vehicles)."""
    return _resolve_choice("category", text, CATEGORIES)


def resolve_status(text: str) -> str:
    """The deal status in any case ("Delivered" -> delivered; "deliverd" suggests delivered)."""
    return _resolve_choice("deal status", text, STATUSES)


_FOLD = re.compile(r"[\s\-./_]+")


def fold_weapon(text: str) -> str:
    """A weapon name compared without case, spaces, hyphens, dots, slashes or underscores ("Mi 35" -> "mi35")."""
    return _FOLD.sub("", text).lower()


def _weapon_names() -> dict[str, str]:
    """Folded designation, alias or family -> the value to filter on (a designation or a family).

    A designation wins over a family or an alias spelled the same; an alias filters on its
    designation. Not cached: the catalog grows when a SIPRI register overlay is applied.
    """
    names: dict[str, str] = {}
    entries = weapon_entries()
    for e in entries:
        for alias in e.aliases:
            names.setdefault(fold_weapon(alias), e.designation)
    for e in entries:
        names[fold_weapon(e.family)] = e.family
    for e in entries:
        names[fold_weapon(e.designation)] = e.designation
    return names


def resolve_weapon(text: str) -> str:
    """The catalog designation or family for what a user typed, punctuation and spaces folded.

    ``"mi35"``, ``"Mi-35"`` and ``"MI 35"`` give ``"Mi-35"`` (which, as a substring filter, also
    finds Mi-35M); an alias gives its designation (``"Frogfoot"`` -> ``"Su-25"``), a family its
    family (``"mi-24/35"`` -> ``"Mi-24/35"``). Part of a name that is in the catalog (``"MiG"``)
    is kept as typed, for a substring search; an equipment category is returned as its code.
    Raises UnknownValue with the nearest designations when nothing matches.
    """
    value = text.strip()
    key = fold_weapon(value)
    names = _weapon_names()
    if key in names:
        return names[key]
    if key and any(key in n for n in names):
        return value
    try:
        return resolve_category(value)
    except UnknownValue:
        pass
    close = _suggest(key, list(names))
    raise UnknownValue("weapon", value, list(dict.fromkeys(names[c] for c in close)))
