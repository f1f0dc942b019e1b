"""The SIPRI-trade-register view of deals: an export, and a reconciliation with a real register.

``export_sipri_register`` writes one CSV row per deal that reached an order or
a delivery (an asserted AGREEMENT or DELIVERY claim), in the register's terms:

    Supplier, Recipient, Designation, Description, Number ordered, Year of
    order, Number delivered, Year(s) of delivery, Status, Comments, Deal key

- Supplier / Recipient: the country name (first ``country`` alias of
  parties.csv), so that ``reconcile`` reads the file back.
- Designation: the designation most claims use, else the weapon family;
  Description: the category.
- Number ordered / Year of order: from asserted agreements; Number
  delivered: the largest asserted delivery figure (reports are usually
  cumulative); Year(s) of delivery: the years asserted deliveries cover
  ("1996-2010", or "2016; 2018"). An estimate ("about", "more than") is put in
  parentheses, as SIPRI does. When sources disagree the cell is left empty
  and Comments lists every figure with its source: nothing is picked silently.
- Comments: the disagreements, then "Sources:" and each document with its URL.

``reconcile`` reads a register export (the CSV SIPRI's trade-register tool
gives: Recipient, Supplier, Year of order, Number ordered, Weapon
designation, Weapon description, Number delivered, Year(s) of delivery,
status, Comments; title lines above the header and empty columns are
skipped) and matches its rows to those deals.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from armswatch.export.records import party_name
from armswatch.export.tables import Out, write_csv
from armswatch.link.rules import YEAR_GAP, catalog_families, is_variant_of, norm_designation
from armswatch.model import Claim, Deal, EventType, Modality
from armswatch.store import Store

REGISTER_COLUMNS: list[str] = [
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Number ordered",
    "Year of order",
    "Number delivered",
    "Year(s) of delivery",
    "Status",
    "Comments",
    "Deal key",
]

#: Deals SIPRI would record: an order or a delivery is asserted.
_RECORDED = (EventType.AGREEMENT, EventType.DELIVERY)


# -- news side --------------------------------------------------------------------------


def _asserted(deal: Deal, stage: EventType) -> list[Claim]:
    return [c for c in deal.claims if c.type == stage and c.modality == Modality.ASSERTED]


def is_recorded(deal: Deal) -> bool:
    """Whether the deal reached an order or a delivery (what the register lists)."""
    return any(_asserted(deal, stage) for stage in _RECORDED)


def _number(claim: Claim) -> str:
    estimate = claim.quantity_qualifier in ("about", "at-least", "at-most")
    return f"({claim.quantity})" if estimate else str(claim.quantity)


def _disputed(deal: Deal, stage: EventType, field_name: str) -> bool:
    return any(c.stage == stage.value and c.field == field_name for c in deal.conflicts)


def _cite(claim: Claim) -> str:
    return f"{claim.doc_id}" + (f" <{claim.source}>" if claim.source and claim.source != claim.doc_id else "")


def _delivery_years(claims: list[Claim]) -> list[int]:
    years: set[int] = set()
    for c in claims:
        if c.year is not None:
            end = c.year_end if c.year_end is not None and c.year_end >= c.year else c.year
            years.update(range(c.year, end + 1))
    return sorted(years)


def format_years(years: list[int]) -> str:
    """``1996-2010`` for a run of years, else ``2016; 2018``."""
    if not years:
        return ""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return "; ".join(str(y) for y in years)


def parse_years(text: str) -> list[int]:
    """Years of a register cell: ``2016``, ``2016-2018``, ``2016; 2018``, ``(2015)``."""
    years: set[int] = set()
    for lo, hi in re.findall(r"(\d{4})(?:\s*[-\u2013]\s*(\d{4}))?", text or ""):
        start, end = int(lo), int(hi) if hi else int(lo)
        years.update(range(start, max(start, end) + 1))
    return sorted(years)


def parse_number(text: str) -> int | None:
    """The figure of a register cell (``4``, ``(4)``, ``1,200``); None for ``?`` or empty."""
    found = re.search(r"\d[\d,]*", text or "")
    return int(found.group(0).replace(",", "")) if found else None


@dataclass(slots=True)
class NewsFigures:
    """What the news says about one deal, in register terms."""

    designation: str
    ordered: str = ""
    order_year: str = ""
    delivered: str = ""
    delivery_years: list[int] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def ordered_number(self) -> int | None:
        return parse_number(self.ordered)

    @property
    def order_year_number(self) -> int | None:
        return parse_number(self.order_year)

    @property
    def delivered_number(self) -> int | None:
        return parse_number(self.delivered)


def news_figures(deal: Deal) -> NewsFigures:
    """A deal's register figures, leaving disputed ones empty and explained."""
    weapons = Counter(c.weapon for c in deal.claims if c.weapon)
    designation = (
        min(weapons, key=lambda w: (-weapons[w], [c.weapon for c in deal.claims].index(w)))
        if weapons
        else deal.weapon_family or ""
    )
    figures = NewsFigures(designation=designation)
    agreements = _asserted(deal, EventType.AGREEMENT)
    deliveries = _asserted(deal, EventType.DELIVERY)

    counted = [c for c in agreements if c.quantity is not None]
    if counted and _disputed(deal, EventType.AGREEMENT, "quantity"):
        figures.comments.append(
            "number ordered disputed: " + "; ".join(f"{_number(c)} ({_cite(c)})" for c in counted)
        )
    elif counted:
        exact = [c for c in counted if c.quantity_qualifier in (None, "exact")]
        figures.ordered = _number((exact or counted)[0])

    dated = [c for c in agreements if c.year is not None]
    if dated and _disputed(deal, EventType.AGREEMENT, "year"):
        figures.comments.append(
            "year of order disputed: " + "; ".join(f"{c.year} ({_cite(c)})" for c in dated)
        )
    elif dated:
        figures.order_year = str(dated[0].year)

    counted = [c for c in deliveries if c.quantity is not None]
    if counted and _disputed(deal, EventType.DELIVERY, "quantity"):
        figures.comments.append(
            "number delivered disputed: " + "; ".join(f"{_number(c)} ({_cite(c)})" for c in counted)
        )
    elif counted:
        figures.delivered = _number(max(counted, key=lambda c: c.quantity or 0))
    figures.delivery_years = _delivery_years(deliveries)

    for conflict in deal.conflicts:
        if conflict.field in ("modality", "value") or (
            conflict.field in ("quantity", "year") and conflict.stage not in ("AGREEMENT", "DELIVERY")
        ):
            figures.comments.append(
                f"{conflict.stage} {conflict.field} disputed: "
                + "; ".join(f"{value} ({doc})" for doc, value in conflict.claims)
            )
    return figures


def register_rows(deals: list[Deal], *, include_unrecorded: bool = False) -> list[dict[str, Any]]:
    rows = []
    for deal in deals:
        if not include_unrecorded and not is_recorded(deal):
            continue
        figures = news_figures(deal)
        sources: dict[str, None] = {}
        for claim in deal.claims:
            sources.setdefault(_cite(claim), None)
        comments = [*figures.comments, "Sources: " + "; ".join(sources)]
        rows.append(
            {
                "Supplier": party_name(deal.supplier),
                "Recipient": party_name(deal.recipient),
                "Designation": figures.designation,
                "Description": deal.category or "",
                "Number ordered": figures.ordered,
                "Year of order": figures.order_year,
                "Number delivered": figures.delivered,
                "Year(s) of delivery": format_years(figures.delivery_years),
                "Status": deal.status,
                "Comments": ". ".join(comments),
                "Deal key": deal.deal_key,
            }
        )
    return rows


def export_sipri_register(store: Store, out: Out, *, include_unrecorded: bool = False) -> int:
    """Write the register-style CSV of every ordered or delivered deal (all deals with
    ``include_unrecorded``) to ``out``; the row count."""
    from armswatch.link import list_deals

    rows = register_rows(list_deals(store, limit=None), include_unrecorded=include_unrecorded)
    return write_csv(rows, REGISTER_COLUMNS, out)


# -- register side ----------------------------------------------------------------------


#: Words of a register "Weapon description" -> armswatch category (for deals known only by category).
DESCRIPTION_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("submarine", "submarines"),
    ("helicopter", "helicopters"),
    ("sam system", "air-defence"),
    ("air defence", "air-defence"),
    ("air defense", "air-defence"),
    ("anti-aircraft", "air-defence"),
    ("missile", "missiles"),
    ("rocket", "missiles"),
    ("aircraft", "aircraft"),
    ("fighter", "aircraft"),
    ("trainer", "aircraft"),
    ("uav", "aircraft"),
    ("tank", "armoured-vehicles"),
    ("apc", "armoured-vehicles"),
    ("ifv", "armoured-vehicles"),
    ("armoured", "armoured-vehicles"),
    ("armored", "armoured-vehicles"),
    ("vehicle", "armoured-vehicles"),
    ("howitzer", "artillery"),
    ("gun", "artillery"),
    ("mortar", "artillery"),
    ("mrl", "artillery"),
    ("frigate", "ships"),
    ("corvette", "ships"),
    ("destroyer", "ships"),
    ("patrol", "ships"),
    ("ship", "ships"),
    ("radar", "sensors"),
    ("sensor", "sensors"),
    ("engine", "engines"),
    ("turbofan", "engines"),
    ("satellite", "satellites"),
    ("rifle", "small-arms"),
)

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
}


@dataclass(slots=True)
class RegisterRow:
    """One row of a SIPRI trade-register export (``line`` is its 1-based line in the file)."""

    line: int
    supplier_name: str
    recipient_name: str
    supplier: str | None
    recipient: str | None
    designation: str
    description: str = ""
    ordered: int | None = None
    order_year: int | None = None
    delivered: int | None = None
    delivery_years: list[int] = field(default_factory=list)
    status: str = ""
    comments: str = ""


@lru_cache(maxsize=1)
def _party_lookup() -> dict[str, str]:
    from armswatch.extract.resources import party_aliases

    out: dict[str, str] = {}
    for alias in sorted(party_aliases(), key=lambda a: a.kind != "country"):
        out.setdefault(alias.alias.lower(), alias.code)
        out.setdefault(alias.code.lower(), alias.code)
    return out


def resolve_party(name: str) -> str | None:
    """A register country name -> party code (``Korea, South`` and ``Russia*`` too), or None."""
    lookup = _party_lookup()
    cleaned = name.strip().rstrip("*").strip()
    candidates = [cleaned, re.sub(r"\s*\([^)]*\)\s*$", "", cleaned)]
    if "," in cleaned:
        head, _, tail = cleaned.partition(",")
        candidates.append(f"{tail.strip()} {head.strip()}")
    for candidate in candidates:
        code = lookup.get(candidate.lower())
        if code:
            return code
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_register(path: str | Path) -> list[RegisterRow]:
    """The rows of a register CSV export (title lines and blank rows skipped)."""
    text = _decode(Path(path).read_bytes())
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: dict[str, int] | None = None
    rows: list[RegisterRow] = []
    for line, cells in enumerate(reader, start=1):
        names = [c.strip().lower() for c in cells]
        if columns is None:
            if "supplier" in names and "recipient" in names:
                columns = {}
                for key, spellings in _HEADERS.items():
                    for n, name in enumerate(names):
                        if name in spellings and key not in columns:
                            columns[key] = n
            continue

        def cell(key: str) -> str:
            index = columns.get(key)  # type: ignore[union-attr]
            return cells[index].strip() if index is not None and index < len(cells) else ""

        supplier_name, recipient_name = cell("supplier"), cell("recipient")
        if not supplier_name and not recipient_name:
            continue
        order_years = parse_years(cell("order_year"))
        rows.append(
            RegisterRow(
                line=line,
                supplier_name=supplier_name,
                recipient_name=recipient_name,
                supplier=resolve_party(supplier_name),
                recipient=resolve_party(recipient_name),
                designation=cell("designation"),
                description=cell("description"),
                ordered=parse_number(cell("ordered")),
                order_year=order_years[0] if order_years else None,
                delivered=parse_number(cell("delivered")),
                delivery_years=parse_years(cell("delivery_years")),
                status=cell("status"),
                comments=cell("comments"),
            )
        )
    if columns is None:
        raise ValueError(f"{path}: no header line with Supplier and Recipient columns")
    return rows


# -- matching ---------------------------------------------------------------------------


def _family_names(family: str) -> set[str]:
    """``Mi-24/35`` -> {mi24/35, mi24, mi35}."""
    names = {norm_designation(family)}
    parts = family.split("/")
    prefix = re.match(r"[^\d]*", parts[0]).group(0)  # type: ignore[union-attr]
    for n, part in enumerate(parts):
        names.add(norm_designation(part if n == 0 or not part[:1].isdigit() else prefix + part))
    return {n for n in names if n}


def _deal_names(deal: Deal) -> set[str]:
    names = {norm_designation(c.weapon) for c in deal.claims if c.weapon}
    if deal.weapon_family:
        names |= _family_names(deal.weapon_family)
    return {n for n in names if n}


def _names_match(ours: set[str], theirs: set[str]) -> bool:
    return any(a == b or is_variant_of(a, b) or is_variant_of(b, a) for a in ours for b in theirs)


def description_category(description: str) -> str | None:
    text = description.lower()
    for word, category in DESCRIPTION_CATEGORIES:
        if word in text:
            return category
    return None


def _anchor(deal: Deal) -> int | None:
    years = [c.year for c in _asserted(deal, EventType.AGREEMENT) if c.year is not None]
    return min(years) if years else deal.first_year


def _score(deal: Deal, row: RegisterRow) -> float | None:
    """How well a register row fits a deal (higher is better), or None when it cannot be it."""
    if deal.supplier != row.supplier or deal.recipient != row.recipient:
        return None
    theirs = {norm_designation(row.designation)} if row.designation else set()
    family = catalog_families().get(norm_designation(row.designation)) if row.designation else None
    if family:
        theirs |= _family_names(family)
    if theirs and _names_match(_deal_names(deal), theirs):
        name_score = 3.0
    elif deal.weapon_family is None and deal.category and description_category(row.description) == deal.category:
        name_score = 1.0
    else:
        return None
    ours_year = _anchor(deal)
    their_year = row.order_year if row.order_year is not None else (row.delivery_years or [None])[0]
    if ours_year is None or their_year is None:
        return name_score * 10 - (YEAR_GAP + 1)
    gap = abs(ours_year - their_year)
    if gap > YEAR_GAP:
        delivered = set(_delivery_years(_asserted(deal, EventType.DELIVERY)))
        if not delivered & set(row.delivery_years):
            return None
        gap = YEAR_GAP
    return name_score * 10 - gap


@dataclass(slots=True)
class ReconcileEntry:
    """One deal, one register row, or a matched pair, with what differs."""

    outcome: str  # "matched" | "only_news" | "only_sipri"
    supplier: str | None
    recipient: str | None
    deal_id: int | None = None
    deal_key: str | None = None
    designation: str | None = None
    sipri_line: int | None = None
    sipri_designation: str | None = None
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class ReconcileReport:
    """The outcome of ``reconcile``: every entry, plus what could not take part.

    ``unrecorded_deals``: keys of deals that never reached an order or a
    delivery (requests, offers, rejections), which the register does not list.
    ``unresolved``: register names that map to no party code.
    """

    entries: list[ReconcileEntry] = field(default_factory=list)
    unrecorded_deals: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def of(self, outcome: str) -> list[ReconcileEntry]:
        return [e for e in self.entries if e.outcome == outcome]

    @property
    def matched(self) -> list[ReconcileEntry]:
        return self.of("matched")

    @property
    def only_news(self) -> list[ReconcileEntry]:
        return self.of("only_news")

    @property
    def only_sipri(self) -> list[ReconcileEntry]:
        return self.of("only_sipri")

    def counts(self) -> dict[str, int]:
        return {
            "matched": len(self.matched),
            "only_news": len(self.only_news),
            "only_sipri": len(self.only_sipri),
            "with_differences": sum(1 for e in self.matched if e.differences),
            "unrecorded_deals": len(self.unrecorded_deals),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "entries": [asdict(e) for e in self.entries],
            "unrecorded_deals": list(self.unrecorded_deals),
            "unresolved": list(self.unresolved),
        }

    def to_text(self) -> str:
        lines = []
        for entry in self.entries:
            who = f"{entry.supplier or '?'}>{entry.recipient or '?'}"
            if entry.outcome == "matched":
                head = f"matched     {entry.deal_key}  =  register line {entry.sipri_line} ({entry.sipri_designation})"
            elif entry.outcome == "only_news":
                head = f"only news   {entry.deal_key}"
            else:
                head = f"only SIPRI  {who} {entry.sipri_designation} (register line {entry.sipri_line})"
            lines.append(head)
            for name, diff in entry.differences.items():
                lines.append(f"            {name}: news {diff['news']} / SIPRI {diff['sipri']}")
        counts = self.counts()
        lines.append(
            f"{counts['matched']} matched ({counts['with_differences']} with differences), "
            f"{counts['only_news']} only in news, {counts['only_sipri']} only in SIPRI; "
            f"{counts['unrecorded_deals']} deals never ordered or delivered left out"
        )
        if self.unresolved:
            lines.append("register names without a party code: " + ", ".join(self.unresolved))
        return "\n".join(lines)


def _differences(deal: Deal, row: RegisterRow) -> dict[str, dict[str, Any]]:
    figures = news_figures(deal)
    out: dict[str, dict[str, Any]] = {}

    def compare(name: str, ours: Any, theirs: Any, disputed_label: str) -> None:
        disputed = next((c for c in figures.comments if c.startswith(disputed_label)), None)
        if disputed and theirs is not None:
            out[name] = {"news": disputed.split(": ", 1)[1], "sipri": theirs}
        elif ours is not None and theirs is not None and ours != theirs:
            out[name] = {"news": ours, "sipri": theirs}

    compare("number ordered", figures.ordered_number, row.ordered, "number ordered disputed")
    compare("year of order", figures.order_year_number, row.order_year, "year of order disputed")
    compare("number delivered", figures.delivered_number, row.delivered, "number delivered disputed")
    if figures.delivery_years and row.delivery_years and figures.delivery_years != row.delivery_years:
        out["years of delivery"] = {
            "news": format_years(figures.delivery_years),
            "sipri": format_years(row.delivery_years),
        }
    return out


def reconcile_deals(deals: list[Deal], rows: list[RegisterRow]) -> ReconcileReport:
    """Match deals to register rows (one to one, best fit first) and list the differences."""
    report = ReconcileReport()
    recorded = []
    for deal in deals:
        if is_recorded(deal):
            recorded.append(deal)
        else:
            report.unrecorded_deals.append(deal.deal_key)
    unresolved: dict[str, None] = {}
    for row in rows:
        for name, code in ((row.supplier_name, row.supplier), (row.recipient_name, row.recipient)):
            if code is None and name:
                unresolved.setdefault(name, None)
    report.unresolved = list(unresolved)

    pairs = []
    for d, deal in enumerate(recorded):
        for r, row in enumerate(rows):
            score = _score(deal, row)
            if score is not None:
                pairs.append((-score, d, r))
    deal_of_row: dict[int, int] = {}
    row_of_deal: dict[int, int] = {}
    for _, d, r in sorted(pairs):
        if d not in row_of_deal and r not in deal_of_row:
            row_of_deal[d] = r
            deal_of_row[r] = d

    for d, deal in enumerate(recorded):
        designation = news_figures(deal).designation
        if d in row_of_deal:
            row = rows[row_of_deal[d]]
            report.entries.append(
                ReconcileEntry(
                    outcome="matched",
                    supplier=deal.supplier,
                    recipient=deal.recipient,
                    deal_id=deal.id,
                    deal_key=deal.deal_key,
                    designation=designation,
                    sipri_line=row.line,
                    sipri_designation=row.designation,
                    differences=_differences(deal, row),
                )
            )
        else:
            report.entries.append(
                ReconcileEntry(
                    outcome="only_news",
                    supplier=deal.supplier,
                    recipient=deal.recipient,
                    deal_id=deal.id,
                    deal_key=deal.deal_key,
                    designation=designation,
                )
            )
    for r, row in enumerate(rows):
        if r not in deal_of_row:
            report.entries.append(
                ReconcileEntry(
                    outcome="only_sipri",
                    supplier=row.supplier or row.supplier_name,
                    recipient=row.recipient or row.recipient_name,
                    sipri_line=row.line,
                    sipri_designation=row.designation,
                )
            )
    return report


def reconcile(store: Store, register_csv: str | Path) -> ReconcileReport:
    """Compare the store's deals with a SIPRI trade-register CSV export.

    Only deals that reached an order or a delivery take part (the register
    lists nothing else); each is matched to at most one register row of the
    same supplier and recipient whose designation names the same weapon (or,
    for a deal known only by its category, whose description names that
    category) and whose year of order (else first delivery year) is within
    ``YEAR_GAP`` years of the deal's agreement (else first) year, or whose
    delivery years overlap the deal's. Best fits are matched first.
    """
    from armswatch.link import list_deals

    return reconcile_deals(list_deals(store, limit=None), read_register(register_csv))


__all__ = [
    "DESCRIPTION_CATEGORIES",
    "REGISTER_COLUMNS",
    "NewsFigures",
    "ReconcileEntry",
    "ReconcileReport",
    "RegisterRow",
    "description_category",
    "export_sipri_register",
    "format_years",
    "is_recorded",
    "news_figures",
    "parse_number",
    "parse_years",
    "read_register",
    "reconcile",
    "reconcile_deals",
    "register_rows",
    "resolve_party",
]
