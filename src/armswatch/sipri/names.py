"""SIPRI party names <-> party codes, from ``data/sipri_names.csv``.

The register spells parties its own way ("Soviet Union", "Turkiye",
"Hezbollah (Lebanon)*", "NATO**", "unknown supplier(s)"); the table maps
every spelling to a code of EVENTS.md section 1, or to null for unknown
parties. A name the table lacks is *unmapped*: the caller reports it and
the row keeps a null code; nothing is guessed from similar names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from armswatch.sipri.data import data_rows

NAMES_FILE = "sipri_names.csv"

#: A cell that is already a spec code (an armswatch export of a party SIPRI has no name for).
_SPEC_CODE = re.compile(r"^(?:[A-Z]{3}|NSA:\S.*)$")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True, slots=True)
class NameTable:
    """``codes``: folded name -> code (None = unknown party); ``names``: code -> preferred spelling."""

    codes: dict[str, str | None]
    names: dict[str, str]
    unknown_name: str


@lru_cache(maxsize=1)
def name_table() -> NameTable:
    """The table of ``data/sipri_names.csv``, loaded once."""
    codes: dict[str, str | None] = {}
    names: dict[str, str] = {}
    unknown = "unknown supplier(s)"
    for row in data_rows(NAMES_FILE):
        name, code = row["name"], row.get("code") or None
        codes[_key(name)] = code
        if code is not None and row.get("kind") != "former-name":
            names.setdefault(code, name)
    return NameTable(codes=codes, names=names, unknown_name=unknown)


@lru_cache(maxsize=8192)
def lookup(name: str) -> tuple[bool, str | None]:
    """``(known, code)`` for a register party name.

    ``known`` is False for a name neither in the table nor written as a spec
    code; its code is then None and the caller reports it.
    """
    key = _key(name)
    table = name_table()
    if key in table.codes:
        return True, table.codes[key]
    cleaned = name.strip()
    if _SPEC_CODE.match(cleaned):
        return True, cleaned
    return False, None


def resolve_party(name: str) -> str | None:
    """The party code of a register name, or None (unknown party or unmapped name)."""
    return lookup(name)[1]


def sipri_name(code: str | None, *, supplier: bool = True) -> str:
    """The register's spelling for a party code (``SUN`` -> ``Soviet Union``).

    None gives ``unknown supplier(s)`` / ``unknown recipient(s)``; a code
    without a register spelling is written as the code itself, which
    ``lookup`` reads back.
    """
    if not code:
        return "unknown supplier(s)" if supplier else "unknown recipient(s)"
    return name_table().names.get(code, code)


__all__ = ["NAMES_FILE", "NameTable", "lookup", "name_table", "resolve_party", "sipri_name"]
