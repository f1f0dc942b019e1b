"""Running the extractor over gold documents and scoring it."""

from __future__ import annotations

from armswatch.clean import clean_document
from armswatch.eval.gold import load_gold
from armswatch.eval.scoring import Report, format_report, score
from armswatch.extract.pipeline import Extractor
from armswatch.model import Article, RawDocument


def evaluate(gold_path: str, extractor: Extractor | None = None) -> tuple[Report, str, dict]:
    """Clean and extract every gold document (the extractor never sees the gold events) and score."""
    gold = load_gold(gold_path)
    extractor = extractor or Extractor()
    articles = []
    for doc in gold:
        raw = RawDocument(doc_id=doc.doc_id, source=doc.source, body=doc.text, title=doc.title, published=doc.published)
        cleaned = clean_document(raw)
        articles.append(cleaned if isinstance(cleaned, Article) else Article(doc_id=doc.doc_id, text=""))
    predicted = {a.doc_id: events for a, events in extractor.extract_many(articles)}
    report = score(gold, predicted)
    o = report.overall
    figures = {
        "documents": report.documents,
        "core": dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in o.prf()))),
        "full": dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in o.prf(True)))),
        "per_type": {t: dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in c.prf()))) for t, c in report.per_type.items()},
        "attributes": {a: (ok / n if n else None) for a, (ok, n) in report.attributes.items()},
    }
    return report, format_report(report), figures
