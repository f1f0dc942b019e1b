"""Reading a SIPRI trade-register CSV export, in the layout SIPRI's tool writes it.

The file (see ``../shared/samples/sipri/README.md``) is Latin-1 (or UTF-8),
starts with a block of notes ending in ``Data generated: 13 Mar 2025 10:02:49
AM``, then a header of 16 columns::

    Recipient, Supplier, Year of order, ?, Number ordered, ?, Weapon designation,
    Weapon description, Number delivered, ?, Year(s) of delivery, status,
    Comments, SIPRI TIV per unit, SIPRI TIV for total order,
    SIPRI TIV of delivered weapons

where each ``?`` column has a blank header and holds ``?`` when the figure
before it is uncertain. Years of delivery are a list (``2016; 2017; 2018``).
Columns are found by their header names, so older exports (``Designation``,
no TIV columns) and an armswatch export (a trailing provenance column) read
too. A row that cannot be read is reported with its line number and the rest
is read; party names are mapped by ``armswatch.sipri.names`` and the names the
table lacks are listed in ``RegisterFile.unmapped``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from armswatch.model import ReferenceDeal
from armswatch.sipri.data import data_rows
from armswatch.sipri.names import lookup

#: The register's own columns, in its order ("" = an unnamed uncertainty flag).
REGISTER_HEADER: tuple[str, ...] = (
    "Recipient",
    "Supplier",
    "Year of order",
    "",
    "Number ordered",
    "",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)

#: The trailing column an armswatch export adds (news provenance).
PROVENANCE_COLUMN = "armswatch provenance"

#: Header spellings of each field (lower case), old export layouts included.
_HEADERS: dict[str, tuple[str, ...]] = {
    "recipient": ("recipient",),
    "supplier": ("supplier",),
    "order_year": ("year of order", "year of order/licence", "order year"),
    "ordered": ("number ordered", "no. ordered"),
    "designation": ("weapon designation", "designation"),
    "description": ("weapon description", "description"),
    "delivered": ("number delivered", "no. delivered"),
    "delivery_years": ("year(s) of delivery", "years of delivery", "year of delivery"),
    "status": ("status",),
    "comments": ("comments", "comment"),
    "tiv_unit": ("sipri tiv per unit",),
    "tiv_total": ("sipri tiv for total order",),
    "tiv_delivered": ("sipri tiv of delivered weapons",),
    "provenance": (PROVENANCE_COLUMN,),
}

#: Fields whose next, unnamed column is their ``?`` flag.
_FLAGGED = ("order_year", "ordered", "delivered")

_GENERATED = re.compile(r"^\s*Data generated:\s*(.+?)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})(?:\s*[-\u2013]\s*(\d{4}))?")


class RegisterError(ValueError):
    """A file that is not a register export at all (no header line)."""


@dataclass(slots=True)
class RegisterProblem:
    """A row that could not be read: its line and why (one line for the user)."""

    line: int
    reason: str


@dataclass(slots=True)
class RegisterFile:
    """A register export read: its rows, its notes and version, and what went wrong.

    ``version`` is the text after "Data generated:" (None when the notes lack
    it); ``unmapped`` lists party names the name table does not know, in the
    order first seen, with how many rows use each.
    """

    path: str
    encoding: str
    rows: list[ReferenceDeal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    version: str | None = None
    problems: list[RegisterProblem] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)


# -- cells -----------------------------------------------------------------------------------


def parse_years(text: str) -> list[int]:
    """Years of a register cell: ``2016``, ``2016; 2017; 2018``, ``2016-2018``, ``(2015)``."""
    if not text:
        return []
    if len(text) == 4 and text.isdigit():
        return [int(text)]
    parts = [p.strip() for p in text.split(";")]
    if all(len(p) == 4 and p.isdigit() for p in parts):
        # The register's own form, read ~30,000 times per import: no regular expression.
        return sorted({int(p) for p in parts})
    years: set[int] = set()
    for lo, hi in _YEAR.findall(text or ""):
        start, end = int(lo), int(hi) if hi else int(lo)
        years.update(range(start, max(start, end) + 1))
    return sorted(years)


def parse_number(text: str) -> int | None:
    """The figure of a register cell (``4``, ``(4)``, ``1,200``); None for ``?`` or empty."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    found = re.search(r"\d[\d,]*", text or "")
    return int(found.group(0).replace(",", "")) if found else None


def format_years(years: list[int]) -> str:
    """Years the way the register writes them: ``2016; 2017; 2018``."""
    return "; ".join(str(y) for y in sorted(set(years)))


def span_text(years: list[int]) -> str:
    """``1996-2004`` for several years, ``2018`` for one, ``""`` for none."""
    if not years:
        return ""
    lo, hi = min(years), max(years)
    return str(lo) if lo == hi else f"{lo}-{hi}"


@lru_cache(maxsize=1)
def _description_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(r"(?<![\w&-])" + re.escape(r["phrase"].lower()) + r"(?![\w&])"), r["category"])
        for r in data_rows("sipri_descriptions.csv")
        if r.get("phrase")
    )


def description_category(description: str) -> str | None:
    """The armswatch category a register "Weapon description" names (data/sipri_descriptions.csv)."""
    text = description.lower()
    for pattern, category in _description_words():
        if pattern.search(text):
            return category
    return None


def decode(data: bytes) -> tuple[str, str]:
    """The text of a register file and the encoding read: UTF-8 when it is valid, else Latin-1.

    Latin-1 (SIPRI's encoding) maps every byte, so nothing is ever lost.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# -- the file --------------------------------------------------------------------------------


def _columns(names: list[str]) -> dict[str, int]:
    folded = [n.strip().lower() for n in names]
    columns: dict[str, int] = {}
    for key, spellings in _HEADERS.items():
        for n, name in enumerate(folded):
            if name in spellings and key not in columns:
                columns[key] = n
    for key in _FLAGGED:
        flag = columns.get(key, -2) + 1
        if 0 < flag < len(folded) and folded[flag] in ("", "?"):
            columns[key + "_flag"] = flag
    return columns


def _is_header(cells: list[str]) -> bool:
    folded = {c.strip().lower() for c in cells}
    return "supplier" in folded and "recipient" in folded


#: The fields a row is read into, in ``_row``'s order.
_FIELDS = ("supplier", "recipient", "designation", "description", "order_year", "order_year_flag", "ordered",
           "ordered_flag", "delivered", "delivered_flag", "delivery_years", "status", "comments", "tiv_unit",
           "tiv_total", "tiv_delivered", "provenance")


def _number(key: str, text: str) -> int | None:
    value = parse_number(text)
    if value is None and text and text not in ("?", "-"):
        raise ValueError(f"{key} {text!r} is not a number")
    return value


def _row(line: int, cells: list[str], index: tuple[int, ...], unmapped: dict[str, int]) -> ReferenceDeal:
    """One data row; ``index`` holds the cell of each of ``_FIELDS`` (-1: no such column)."""
    width = len(cells)
    (supplier, recipient, designation, description, order_year, order_flag, ordered, ordered_flag, delivered,
     delivered_flag, delivery, status, comments, tiv_unit, tiv_total, tiv_delivered, provenance) = (
        cells[i].strip() if 0 <= i < width else "" for i in index)
    order_years = parse_years(order_year)
    if order_year and not order_years:
        raise ValueError(f"year of order {order_year!r} is not a year")
    delivery_years = parse_years(delivery)
    if delivery and not delivery_years:
        raise ValueError(f"years of delivery {delivery!r} are not years")
    ordered_n, delivered_n = _number("ordered", ordered), _number("delivered", delivered)

    def party(name: str) -> str | None:
        known, code = lookup(name)
        if not known and name:
            unmapped[name] = unmapped.get(name, 0) + 1
        return code

    return ReferenceDeal(
        line=line, supplier_name=supplier, recipient_name=recipient, supplier=party(supplier),
        recipient=party(recipient), designation=designation, description=description,
        order_year=order_years[0] if order_years else None, order_year_uncertain=order_flag == "?",
        ordered=ordered_n, ordered_uncertain=ordered_flag == "?", delivered=delivered_n,
        delivered_uncertain=delivered_flag == "?", delivery_years=delivery_years, status=status,
        comments=comments, tiv_unit=tiv_unit, tiv_total=tiv_total, tiv_delivered=tiv_delivered,
        provenance=provenance,
    )


def _cells(reader, path: str, start: int):
    """The reader's rows; a CSV error (an unclosed quote running to the end) ends with one clear line."""
    try:
        # Comments can be long; the csv module's default limit (128 KiB) is not a register's.
        previous = csv.field_size_limit(16 * 1024 * 1024)
        yield from reader
    except csv.Error as exc:
        raise RegisterError(f"{path}: line {start + 1 + reader.line_num}: {exc}") from exc
    finally:
        csv.field_size_limit(previous)


def parse_register(text: str, *, path: str = "register", encoding: str = "utf-8") -> RegisterFile:
    """Read register text: notes up to the header, then one ``ReferenceDeal`` per data row.

    Raises ``RegisterError`` when no line holds both a Supplier and a
    Recipient column. Rows without supplier and recipient are skipped
    silently (blank and footer lines); rows that cannot be read go to
    ``problems``.
    """
    out = RegisterFile(path=path, encoding=encoding)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") * 2 else ","
    columns: dict[str, int] | None = None
    # The notes are free text (they hold commas and quotes): they are taken
    # line by line, and the csv reader starts at the header.
    lines = text.splitlines(keepends=True)
    start = 0
    for n, raw in enumerate(lines):
        cells = next(csv.reader([raw], delimiter=delimiter), [])
        if _is_header(cells):
            columns, start, width = _columns(cells), n, len(cells)
            break
        note = raw.rstrip("\r\n")
        out.notes.append(note)
        found = _GENERATED.match(note)
        if found:
            out.version = found.group(1)
    if columns is None:
        raise RegisterError(f"{path}: not a SIPRI trade register (no header line with Supplier and Recipient)")
    index = tuple(columns.get(key, -1) for key in _FIELDS)
    reader = csv.reader(io.StringIO("".join(lines[start + 1 :])), delimiter=delimiter)
    read = 0
    for cells in _cells(reader, path, start):
        first, read = start + 2 + read, reader.line_num
        line = start + 1 + read
        if line > first:
            # Register cells never hold line breaks: an unclosed quote swallowed the lines after it.
            out.problems.append(RegisterProblem(first, f"a quoted cell runs over lines {first}-{line} "
                                                       "(an unclosed quote?); those lines were not read"))
            continue
        if not any(c.strip() for c in cells):
            continue
        needed = max(columns.get(k, 0) for k in ("supplier", "recipient", "designation")) + 1
        if len(cells) < needed:
            out.problems.append(RegisterProblem(line, f"only {len(cells)} cells, the header has {width}"))
            continue
        try:
            row = _row(line, cells, index, out.unmapped)
        except ValueError as exc:
            out.problems.append(RegisterProblem(line, str(exc)))
            continue
        if row.supplier_name or row.recipient_name:
            out.rows.append(row)
    return out


def read_register(path: str | Path) -> RegisterFile:
    """Read a register export file (see ``parse_register``)."""
    text, encoding = decode(Path(path).read_bytes())
    return parse_register(text, path=str(path), encoding=encoding)


__all__ = [
    "PROVENANCE_COLUMN",
    "REGISTER_HEADER",
    "RegisterError",
    "RegisterFile",
    "RegisterProblem",
    "decode",
    "description_category",
    "format_years",
    "parse_number",
    "parse_register",
    "parse_years",
    "read_register",
    "span_text",
]
