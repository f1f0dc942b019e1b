"""Matching predicted events to gold, and the figures of EVENTS.md section 3."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from armswatch.eval.gold import GoldDocument, GoldEvent
from armswatch.model import Event

ATTRIBUTES = ("category", "modality", "quantity", "year", "weapon")


def _norm(s: str) -> str:
    return re.sub(r"[\s\-.]", "", s.lower())


def weapon_agrees(predicted: str | None, accepted: list[str] | None) -> bool:
    """Spec rule: equal to an accepted designation, or starts with one of 2+ characters."""
    if not accepted:
        return predicted is None
    if predicted is None:
        return False
    p = _norm(predicted)
    return any(p == _norm(a) or (len(_norm(a)) >= 2 and p.startswith(_norm(a))) for a in accepted)


def year_agrees(predicted: int | None, gold: GoldEvent) -> bool:
    if gold.year is None:
        return predicted is None
    if predicted is None:
        return False
    if gold.year_end is not None:
        return gold.year <= predicted <= gold.year_end
    return predicted == gold.year


def party_agrees(predicted: str | None, accepted: str | list[str] | None) -> bool:
    """Spec rule: equal to the gold code, or to any one of the codes the gold accepts."""
    if isinstance(accepted, list):
        return predicted in accepted if accepted else predicted is None
    return predicted == accepted


def core_match(p: Event, g: GoldEvent) -> bool:
    """Same type, and each party agrees with the gold's code (or one of its accepted codes)."""
    return (p.type.value == g.type and party_agrees(p.supplier, g.supplier)
            and party_agrees(p.recipient, g.recipient))


def full_match(p: Event, g: GoldEvent) -> bool:
    """A core match that also agrees on every weapon, quantity and year the gold gives."""
    if not core_match(p, g):
        return False
    if g.weapon and not weapon_agrees(p.weapon, g.weapon):
        return False
    if g.quantity is not None and p.quantity != g.quantity:
        return False
    if g.year is not None and not year_agrees(p.year, g):
        return False
    return True


def attribute_agrees(name: str, p: Event, g: GoldEvent) -> bool:
    if name == "weapon":
        return weapon_agrees(p.weapon, g.weapon)
    if name == "year":
        return year_agrees(p.year, g)
    if name == "modality":
        return p.modality.value == g.modality
    return getattr(p, name) == getattr(g, name)


def _pair_score(p: Event, g: GoldEvent) -> int:
    s = 10 if full_match(p, g) else 0
    s += sum(attribute_agrees(a, p, g) for a in ATTRIBUTES if a in g.given)
    return s if g.optional else s + 100


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    full_tp: int = 0

    def prf(self, full: bool = False) -> tuple[float, float, float]:
        tp = self.full_tp if full else self.tp
        predicted = self.tp + self.fp
        gold = self.tp + self.fn
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass(slots=True)
class Finding:
    kind: str  # "miss", "false-positive", "partial"
    doc_id: str
    event: str
    evidence: str


@dataclass(slots=True)
class Report:
    overall: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    attributes: dict[str, list[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0

    def counts(self, etype: str) -> Counts:
        return self.per_type.setdefault(etype, Counts())

    def add(self, other: Report) -> None:
        """Fold another report (of other documents) into this one."""
        _add_counts(self.overall, other.overall)
        for etype, c in other.per_type.items():
            _add_counts(self.counts(etype), c)
        for a, (ok, n) in other.attributes.items():
            mine = self.attributes.setdefault(a, [0, 0])
            mine[0] += ok
            mine[1] += n
        self.findings.extend(other.findings)
        self.documents += other.documents


def _add_counts(into: Counts, c: Counts) -> None:
    into.tp += c.tp
    into.fp += c.fp
    into.fn += c.fn
    into.full_tp += c.full_tp


def _describe_pred(p: Event) -> str:
    return (f"{p.type.value} {p.supplier}->{p.recipient} weapon={p.weapon} qty={p.quantity} "
            f"year={p.year} modality={p.modality.value}")


def _describe_gold(g: GoldEvent) -> str:
    return f"{g.type} {g.supplier}->{g.recipient} weapon={g.weapon} qty={g.quantity} year={g.year}"


def score(gold: list[GoldDocument], predicted: dict[str, list[Event]]) -> Report:
    """Match each document's predictions to its gold greedily, best pair first, and count."""
    report = Report(attributes={a: [0, 0] for a in ATTRIBUTES})
    for doc in gold:
        report.documents += 1
        preds = predicted.get(doc.doc_id, [])
        pairs = sorted(
            ((_pair_score(p, g), pi, gi) for pi, p in enumerate(preds) for gi, g in enumerate(doc.events) if core_match(p, g)),
            reverse=True,
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        neutral: set[int] = set()
        for _, pi, gi in pairs:
            if pi in used_p or gi in used_g:
                continue
            g, p = doc.events[gi], preds[pi]
            used_p.add(pi)
            used_g.add(gi)
            if g.optional:
                neutral.add(pi)
                continue
            _count_match(report, doc, p, g)
        # A further prediction that core-matches an optional event counts for nothing.
        for pi, p in enumerate(preds):
            if pi in used_p:
                continue
            if any(g.optional and core_match(p, g) for g in doc.events):
                continue
            report.overall.fp += 1
            report.counts(p.type.value).fp += 1
            report.findings.append(Finding("false-positive", doc.doc_id, _describe_pred(p), p.evidence.text if p.evidence else ""))
        for gi, g in enumerate(doc.events):
            if gi in used_g or g.optional:
                continue
            report.overall.fn += 1
            report.counts(g.type).fn += 1
            report.findings.append(Finding("miss", doc.doc_id, _describe_gold(g), ""))
    return report


def _count_match(report: Report, doc: GoldDocument, p: Event, g: GoldEvent) -> None:
    c = report.counts(g.type)
    report.overall.tp += 1
    c.tp += 1
    if full_match(p, g):
        report.overall.full_tp += 1
        c.full_tp += 1
    else:
        report.findings.append(Finding("partial", doc.doc_id, f"gold {_describe_gold(g)} | predicted {_describe_pred(p)}",
                                       p.evidence.text if p.evidence else ""))
    for a in ATTRIBUTES:
        if a in g.given:
            report.attributes[a][1] += 1
            report.attributes[a][0] += attribute_agrees(a, p, g)


def format_files(per_file: dict[str, Report]) -> str:
    """One line per gold file: documents, events and core/full P/R/F1."""
    lines = [f"{'gold file':<16} {'docs':>5} {'gold':>5} {'pred':>5} {'core P':>7} {'core R':>7} {'core F1':>7} "
             f"{'full P':>7} {'full R':>7} {'full F1':>7}"]
    for name, r in per_file.items():
        o = r.overall
        cp, cr, cf = o.prf()
        fp_, fr, ff = o.prf(True)
        lines.append(f"{name:<16} {r.documents:>5} {o.tp + o.fn:>5} {o.tp + o.fp:>5} {cp:>7.3f} {cr:>7.3f} {cf:>7.3f} "
                     f"{fp_:>7.3f} {fr:>7.3f} {ff:>7.3f}")
    return "\n".join(lines)


def format_report(report: Report, per_file: dict[str, Report] | None = None) -> str:
    """The report as text: per type, attributes, findings, per gold file, then the headline figures last."""
    lines = [f"{'type':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'core P':>7} {'core R':>7} {'core F1':>7} {'full F1':>7}"]
    for etype in sorted(report.per_type):
        c = report.per_type[etype]
        p, r, f = c.prf()
        lines.append(f"{etype:<16} {c.tp:>4} {c.fp:>4} {c.fn:>4} {p:>7.3f} {r:>7.3f} {f:>7.3f} {c.prf(True)[2]:>7.3f}")
    lines.append("")
    lines.append("attribute accuracy over core matches:")
    for a, (ok, n) in report.attributes.items():
        lines.append(f"  {a:<10} {ok}/{n}" + (f" = {ok / n:.3f}" if n else ""))
    if report.findings:
        lines.append("")
        for f in report.findings:
            lines.append(f"[{f.kind}] {f.doc_id}: {f.event}" + (f"\n    evidence: {f.evidence}" if f.evidence else ""))
    if per_file and len(per_file) > 1:
        lines.append("")
        lines.append(format_files(per_file))
    o = report.overall
    cp, cr, cf = o.prf()
    fp_, fr, ff = o.prf(True)
    lines.append("")
    lines.append(f"documents {report.documents}  gold events {o.tp + o.fn}  predicted {o.tp + o.fp}  core matches {o.tp}")
    lines.append(f"core  P {cp:.3f}  R {cr:.3f}  F1 {cf:.3f}")
    lines.append(f"full  P {fp_:.3f}  R {fr:.3f}  F1 {ff:.3f}")
    return "\n".join(lines)
