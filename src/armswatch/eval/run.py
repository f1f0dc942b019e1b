"""Running the extractor over gold documents and scoring it, per gold file and overall."""

from __future__ import annotations

from typing import Any

from armswatch.clean import clean_document
from armswatch.eval.gold import GoldDocument, load_gold
from armswatch.eval.scoring import ATTRIBUTES, Counts, Report, format_report, score
from armswatch.extract.pipeline import Extractor
from armswatch.model import Article, Event, RawDocument


def _prf(c: Counts, full: bool = False) -> dict[str, float]:
    return dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in c.prf(full))))


def _figures(report: Report) -> dict[str, Any]:
    o = report.overall
    return {
        "documents": report.documents,
        "gold_events": o.tp + o.fn,
        "predicted": o.tp + o.fp,
        "core": _prf(o),
        "full": _prf(o, True),
        "per_type": {t: _prf(c) for t, c in sorted(report.per_type.items())},
        "attributes": {a: (ok / n if n else None) for a, (ok, n) in report.attributes.items()},
    }


def predict(gold: list[GoldDocument], extractor: Extractor) -> list[list[Event]]:
    """Clean and extract every gold document's text; the extractor never sees the gold events."""
    articles = []
    for doc in gold:
        raw = RawDocument(doc_id=doc.doc_id, source=doc.source, body=doc.text, title=doc.title, published=doc.published)
        cleaned = clean_document(raw)
        articles.append(cleaned if isinstance(cleaned, Article) else Article(doc_id=doc.doc_id, text=""))
    # A document over the time budget counts as finding nothing (its events are all misses).
    return [events if isinstance(events, list) else [] for _, events in extractor.extract_many(articles)]


def evaluate(gold_path: str, extractor: Extractor | None = None) -> tuple[Report, str, dict[str, Any]]:
    """Score the extractor on a gold file or folder: the overall report, its text, and the figures.

    Each gold file is scored on its own (doc ids need only be unique within a file) and the
    overall figures add them up; ``figures["files"]`` holds the figures of each file.
    """
    gold = load_gold(gold_path)
    predictions = predict(gold, extractor or Extractor())
    by_file: dict[str, list[int]] = {}
    for i, doc in enumerate(gold):
        by_file.setdefault(doc.gold_file, []).append(i)
    overall = Report(attributes={a: [0, 0] for a in ATTRIBUTES})
    per_file: dict[str, Report] = {}
    for name, indices in by_file.items():
        docs = [gold[i] for i in indices]
        report = score(docs, {gold[i].doc_id: predictions[i] for i in indices})
        per_file[name] = report
        overall.add(report)
    figures = _figures(overall)
    figures["files"] = {name: _figures(r) for name, r in per_file.items()}
    return overall, format_report(overall, per_file), figures
