"""Plain-text renderings of events shared by the pipeline and query commands."""

from __future__ import annotations

from armswatch.model import Event
from armswatch.terminal import one_line


def event_table(rows: list[tuple[int | None, Event]], evidence: bool = True) -> str:
    """A fixed-width table of ``(id, event)`` rows, each followed by its evidence sentence."""
    if not rows:
        return "(no events)"
    head = f"{'id':>5}  {'type':<15} {'supplier':<9} {'recipient':<9} {'weapon':<14} {'category':<17} {'qty':>7} {'year':<9} {'modality':<9} attribution"
    out = [head, "-" * len(head)]
    for eid, e in rows:
        year = "" if e.year is None else (f"{e.year}-{e.year_end}" if e.year_end else str(e.year))
        qty = "" if e.quantity is None else (("~" if e.quantity_qualifier == "about" else ">" if e.quantity_qualifier == "at-least" else "≤" if e.quantity_qualifier == "at-most" else "") + str(e.quantity))
        # Every field from an article is escaped: a control character would act on the terminal.
        supplier, recipient = one_line(e.supplier or "-"), one_line(e.recipient or "-")
        weapon, category = one_line((e.weapon or "-")[:14]), one_line(e.category or "-")
        out.append(f"{'' if eid is None else eid:>5}  {e.type.value:<15} {supplier:<9} {recipient:<9} "
                   f"{weapon:<14} {category:<17} {qty:>7} {year:<9} {e.modality.value:<9} {one_line(e.attribution or '')}")
        if evidence and e.evidence:
            out.append(f"       [{one_line(e.doc_id)} @{e.evidence.start}-{e.evidence.end}] {one_line(e.evidence.text)}")
    return "\n".join(out)

