"""Writing news deals in the SIPRI trade register's own layout (``export --format sipri``).

One row per deal that reached an order or a delivery, in the register's 16
columns, order and header names (the three ``?`` flags under blank headers,
as SIPRI writes them), plus a trailing ``armswatch provenance`` column: the
deal key and id, then every source document with its URL. So a SIPRI user's
tools load the file, and ``reconcile`` reads it back.

- Recipient / Supplier: the register's spelling (``data/sipri_names.csv``;
  ``unknown supplier(s)`` for an unknown party).
- Year of order, Number ordered: from asserted agreements; Number delivered:
  the largest asserted delivery figure (reports are usually cumulative);
  Year(s) of delivery: every year the asserted deliveries cover, listed as
  SIPRI does (``1996; 1997; ...``).
- A ``?`` flag marks an estimate in the news ("about", "more than", "up to"),
  or deliveries reported without a number.
- A figure the sources dispute is left empty, and Comments lists each
  source's figure: nothing is picked silently.
- status (New / Second hand) and the TIV columns are left empty: the news
  does not give them.

With ``notes=True`` a notes block in the register's manner comes first,
ending in ``Data generated: ...`` (the moment of the export), which
``sipri import`` takes as the version. ``latin1=True`` writes only Latin-1
characters (common punctuation transliterated) for tools that expect SIPRI's
encoding; the caller opens the file in that encoding.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from typing import IO, Any

from armswatch.model import Deal
from armswatch.sipri.names import sipri_name
from armswatch.sipri.news import cite, is_recorded, news_figures
from armswatch.sipri.register import PROVENANCE_COLUMN, REGISTER_HEADER, format_years

#: The header row written: the register's 16 names (a blank one is " ", as SIPRI writes it) + provenance.
EXPORT_HEADER: list[str] = [name or " " for name in REGISTER_HEADER] + [PROVENANCE_COLUMN]

#: Punctuation outside Latin-1 and what replaces it.
_LATIN1 = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                         "\u2014": "-", "\u2026": "...", "\u2212": "-", "\u00a0": " "})


def to_latin1(text: str) -> str:
    """``text`` with only Latin-1 characters: punctuation transliterated, accents kept where
    Latin-1 has them, dropped where it has not, anything else as ``?``."""
    text = text.translate(_LATIN1)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) < 256 and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


def notes_block(now: dt.datetime | None = None) -> list[str]:
    """The notes lines written before the header (armswatch's own wording)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return [
        "News deals from armswatch in the layout of the SIPRI Arms Transfers Database trade register (not SIPRI data).",
        "A '?' in a column marks an estimate in the news (about / more than / up to) or deliveries reported without a number.",
        "An empty field means the news does not report the figure, or its sources disagree (see Comments).",
        "status and the TIV columns are empty: news reports do not give them.",
        "",
        "Source: armswatch (news reports; every row names its documents in the last column).",
        "Data generated: " + now.strftime("%d %b %Y %I:%M:%S %p"),
    ]


def _flag(on: bool) -> str:
    return "?" if on else ""


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def register_row(deal: Deal) -> list[str]:
    """A deal as one register row (EXPORT_HEADER's columns)."""
    f = news_figures(deal)
    sources: dict[str, None] = {}
    for claim in deal.claims:
        sources.setdefault(cite(claim), None)
    comments = [*f.comments, f"news status: {deal.status}"]
    provenance = f"deal {deal.deal_key}" + (f" (id {deal.id})" if deal.id is not None else "")
    provenance += "; sources: " + "; ".join(sources)
    return [
        sipri_name(deal.recipient, supplier=False),
        sipri_name(deal.supplier),
        _cell(f.order_year),
        "",
        _cell(f.ordered),
        _flag(f.ordered_estimate),
        f.designation,
        deal.category or "",
        _cell(f.delivered),
        _flag(f.delivered_estimate or (f.delivery_reported and f.delivered is None)),
        format_years(f.delivery_years),
        "",
        "; ".join(comments),
        "",
        "",
        "",
        provenance,
    ]


def write_register(deals: list[Deal], handle: IO[str], *, include_unrecorded: bool = False,
                   notes: bool = False, latin1: bool = False, now: dt.datetime | None = None) -> int:
    """Write the deals in the register's layout to an open text file; the number of rows."""

    from armswatch.export.tables import formula_safe  # noqa: PLC0415 - export imports this module

    def clean(cells: list[Any]) -> list[str]:
        # A cell a spreadsheet would run as a formula is written after a "'", as in every other export.
        return [formula_safe(to_latin1(str(c)) if latin1 else str(c)) for c in cells]

    if notes:
        for line in notes_block(now):
            handle.write((to_latin1(line) if latin1 else line) + "\n")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(clean(EXPORT_HEADER))
    n = 0
    for deal in deals:
        if include_unrecorded or is_recorded(deal):
            writer.writerow(clean(register_row(deal)))
            n += 1
    return n


__all__ = ["EXPORT_HEADER", "notes_block", "register_row", "to_latin1", "write_register"]
