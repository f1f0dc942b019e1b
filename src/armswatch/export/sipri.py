"""``export --format sipri`` and ``reconcile``: the export side of ``armswatch.sipri``.

``export_sipri_register`` writes the store's ordered or delivered deals in
the SIPRI trade register's own layout (see ``armswatch.sipri.layout``);
``reconcile`` compares the store with a register export (see
``armswatch.sipri.reconcile``). Both live in ``armswatch.sipri``, with the
register reader and the stored reference deals; this module keeps the
export package's entry points.
"""

from __future__ import annotations

from pathlib import Path

from armswatch.export.tables import Out, open_out
from armswatch.sipri import reconcile
from armswatch.sipri.layout import EXPORT_HEADER, write_register
from armswatch.sipri.reconcile import ReconcileEntry, ReconcileReport
from armswatch.sipri.register import RegisterFile, format_years, parse_number, parse_years, read_register
from armswatch.sipri.names import resolve_party
from armswatch.store import Store

#: The columns ``export_sipri_register`` writes: the register's 16, then the provenance column.
REGISTER_COLUMNS: list[str] = list(EXPORT_HEADER)


def export_sipri_register(store: Store, out: Out, *, include_unrecorded: bool = False, notes: bool = False,
                          latin1: bool = False) -> int:
    """Write every ordered or delivered deal (all deals with ``include_unrecorded``) in the register's
    layout to ``out`` (a path, or an open text file); the row count.

    ``latin1`` writes a path in Latin-1 (an open file keeps its own encoding,
    and gets Latin-1 characters only).
    """
    from armswatch.link import list_deals

    deals = list_deals(store, limit=None)
    if latin1 and not hasattr(out, "write"):
        with open(Path(out), "w", encoding="latin-1", newline="") as handle:
            return write_register(deals, handle, include_unrecorded=include_unrecorded, notes=notes, latin1=True)
    with open_out(out, binary=False) as handle:
        return write_register(deals, handle, include_unrecorded=include_unrecorded, notes=notes, latin1=latin1)


__all__ = [
    "REGISTER_COLUMNS",
    "ReconcileEntry",
    "ReconcileReport",
    "RegisterFile",
    "export_sipri_register",
    "format_years",
    "parse_number",
    "parse_years",
    "read_register",
    "reconcile",
    "resolve_party",
]
