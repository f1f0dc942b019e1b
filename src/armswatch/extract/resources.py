"""Loading of the versioned data files under ``armswatch/data``.

Everything is read once per process and cached: the extractor is called per
document, the data never changes while it runs.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _data_text(name: str) -> str:
    # An analyst may keep their own catalog or alias table: a file of the same
    # name in $ARMSWATCH_DATA_DIR replaces the packaged one.
    override = os.environ.get("ARMSWATCH_DATA_DIR")
    if override and os.path.isfile(os.path.join(override, name)):
        with open(os.path.join(override, name), encoding="utf-8") as fh:
            return fh.read()
    return resources.files("armswatch.data").joinpath(name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    ]


@dataclass(frozen=True, slots=True)
class Cue:
    """A trigger word and how to read it (see data/cues.csv)."""

    lemma: str
    pos: str
    kind: str
    role: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartyAlias:
    alias: str
    code: str
    kind: str


@dataclass(frozen=True, slots=True)
class WeaponEntry:
    designation: str
    aliases: tuple[str, ...]
    family: str
    category: str
    origin: str | None


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """All trigger cues from data/cues.csv."""
    return tuple(
        Cue(r["lemma"].lower(), r["pos"], r["kind"], r["role"], tuple(f for f in r["forms"].lower().split("|") if f))
        for r in _csv_rows("cues.csv")
    )


@lru_cache(maxsize=1)
def party_aliases() -> tuple[PartyAlias, ...]:
    """Surface strings that name parties: data/parties.csv, then the kind-named armed groups."""
    listed = tuple(PartyAlias(r["alias"], r["code"], r.get("kind", "")) for r in _csv_rows("parties.csv") if r.get("alias"))
    taken = {a.alias for a in listed}
    extra = [a for a in possessive_aliases(listed) if a.alias not in taken]
    return listed + tuple(dict((a.alias, a) for a in extra).values())


@dataclass(frozen=True, slots=True)
class GroupHead:
    """A word that names an armed group by its kind ("rebels"), and the name it gives."""

    written: str
    word: str
    bare: bool


@dataclass(frozen=True, slots=True)
class GroupNames:
    """How kind-named armed groups are named (lexicon.toml [groups])."""

    heads: tuple[GroupHead, ...]
    # written qualifier -> the name part it gives ("Syria" -> "Syrian"), or a whole code for fixed ones.
    qualifiers: dict[str, str]
    fixed: dict[str, str]


@lru_cache(maxsize=1)
def group_names() -> GroupNames:
    """Armed groups named by kind ("Syrian rebels", "separatists"), from lexicon.toml [groups].

    The group's name takes the state's demonym (the first listed for its code), so
    "Syria rebel groups" and "Syrian rebels" are one party.
    """
    groups = lexicon()["groups"]
    listed = tuple(PartyAlias(r["alias"], r["code"], r.get("kind", "")) for r in _csv_rows("parties.csv") if r.get("alias"))
    demonym: dict[str, str] = {}
    for a in listed:
        if a.kind == "demonym" and len(a.code) == 3 and not a.alias.endswith("s"):
            demonym.setdefault(a.code, a.alias)
    qualifiers = {a.alias: demonym[a.code] for a in listed
                  if a.kind in ("demonym", "country") and a.code in demonym and a.alias[:1].isupper()}
    qualifiers.update({q: q[:1].upper() + q[1:] for q in groups["qualifiers"]})
    heads = tuple(GroupHead(h["written"], h["word"], h.get("bare", True)) for h in groups["heads"])
    return GroupNames(heads, qualifiers, dict(groups.get("fixed", {})))


def possessive_aliases(listed: tuple[PartyAlias, ...]) -> list[PartyAlias]:
    """State names with the possessive's apostrophe dropped, as forum titles write them ("Britains role").

    "America" is left out: "the Americas" is a region.
    """
    taken = {a.alias for a in listed}
    return [PartyAlias(a.alias + "s", a.code, a.kind) for a in listed
            if a.kind in ("country", "capital") and not a.alias.endswith("s") and a.alias[-1:].isalpha()
            and a.alias != "America" and a.alias + "s" not in taken]


#: Entries added to the catalog at run time (``set_weapon_overlay``), after the shipped ones.
_OVERLAY: tuple[WeaponEntry, ...] = ()


def set_weapon_overlay(entries) -> None:
    """Extend the catalog with ``entries`` (e.g. the designations of an imported SIPRI register).

    The shipped catalog is not edited and wins on a clash (its entries come
    first). Caches built on the catalog are dropped so the next lookup sees
    the overlay; an empty list removes it.
    """
    global _OVERLAY
    entries = tuple(entries)
    if entries == _OVERLAY:
        return  # nothing changes: keep the tables built on the catalog
    _OVERLAY = entries
    weapon_entries.cache_clear()
    from armswatch.extract import weapons

    weapons.clear_caches()


@lru_cache(maxsize=1)
def weapon_entries() -> tuple[WeaponEntry, ...]:
    """The weapon catalog from data/weapons.csv, then any overlay (``set_weapon_overlay``)."""
    out = []
    for r in _csv_rows("weapons.csv"):
        if not r.get("designation"):
            continue
        aliases = tuple(a.strip() for a in r.get("aliases", "").split("|") if a.strip())
        out.append(WeaponEntry(r["designation"], aliases, r.get("family") or r["designation"], r.get("category", "other"), r.get("origin") or None))
    return tuple(out) + _OVERLAY


@lru_cache(maxsize=1)
def arms_terms() -> dict[str, str | None]:
    """Generic equipment nouns (lower-case lemma phrases) and the category each implies."""
    return {r["term"].lower(): (r.get("category") or None) for r in _csv_rows("arms_terms.csv") if r.get("term")}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The context word lists of data/lexicon.toml."""
    return tomllib.loads(_data_text("lexicon.toml"))
