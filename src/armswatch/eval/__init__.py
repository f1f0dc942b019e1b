"""Scoring extracted events against gold files (EVENTS.md section 3)."""

from armswatch.eval.gold import GoldDocument, GoldEvent, load_gold
from armswatch.eval.scoring import Report, score

__all__ = ["GoldDocument", "GoldEvent", "Report", "load_gold", "score"]
