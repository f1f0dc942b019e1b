"""Register designations as an overlay on the weapon catalog.

An imported register names thousands of systems the shipped catalog
(``data/weapons.csv``) lacks ("LY-80", "HQ-9", "Spada-2000"). ``apply_overlay``
adds them for this process, with the category their "Weapon description"
names (``data/sipri_descriptions.csv``) and the supplier as origin, so the
extractor recognises them in news text. The shipped file is not edited, and
its entries win on a clash.

Only designations the extractor's designation shape can hold are taken: a
capitalised name with a digit ("LY-80", "Sea King HAR-3"). Plain words
("Skyguard", "vehicle engine") are left out: matched against news text
without a catalog review they would give false weapons.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from armswatch.extract.resources import WeaponEntry, set_weapon_overlay, weapon_entries
from armswatch.extract.weapons import normalise_designation
from armswatch.link.rules import catalog_families
from armswatch.model import ReferenceDeal
from armswatch.sipri.register import description_category

_SHAPE = re.compile(r"^[A-Z][A-Za-z]*(?:[-\s./][A-Za-z0-9]+)*$")


def _usable(designation: str) -> bool:
    return bool(_SHAPE.match(designation)) and any(c.isdigit() for c in designation) and len(designation) <= 40


def overlay_entries(orders: list[ReferenceDeal], shipped: tuple[WeaponEntry, ...] | None = None) -> list[WeaponEntry]:
    """Catalog entries for the register designations the shipped catalog lacks (one per designation)."""
    known = {normalise_designation(n) for e in (shipped if shipped is not None else weapon_entries())
             for n in (e.designation, *e.aliases)}
    categories: dict[str, Counter] = defaultdict(Counter)
    origins: dict[str, Counter] = defaultdict(Counter)
    spelling: dict[str, str] = {}
    for order in orders:
        name = order.designation.strip()
        key = normalise_designation(name)
        if not _usable(name) or key in known:
            continue
        spelling.setdefault(key, name)
        categories[key][description_category(order.description) or "other"] += 1
        if order.supplier:
            origins[key][order.supplier] += 1
    return [
        WeaponEntry(spelling[key], (), spelling[key], categories[key].most_common(1)[0][0],
                    origins[key].most_common(1)[0][0] if origins[key] else None)
        for key in sorted(spelling)
    ]


def apply_overlay(store) -> int:
    """Add the stored register's designations to the catalog for this process; how many were added."""
    from armswatch.extract.resources import weapon_entries as current
    from armswatch.sipri.reference import register_info, stored_orders

    if register_info(store) is None:
        clear_overlay()
        return 0
    clear_overlay()  # the shipped catalog alone decides what is new
    entries = overlay_entries(stored_orders(store), current())
    set_weapon_overlay(entries)
    catalog_families.cache_clear()
    return len(entries)


def clear_overlay() -> None:
    """Back to the shipped catalog only."""
    from armswatch.extract.resources import weapon_entries as current

    before = len(current())
    set_weapon_overlay([])
    if len(current()) != before:
        catalog_families.cache_clear()


__all__ = ["apply_overlay", "clear_overlay", "overlay_entries"]
