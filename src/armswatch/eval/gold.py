"""Reading gold files: one document per JSON line, text inline or by path relative to ``shared/``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_MISSING = object()


@dataclass(slots=True)
class GoldEvent:
    """One gold event; ``given`` lists the fields the annotator filled in (null included)."""

    type: str
    supplier: str | list[str] | None
    recipient: str | list[str] | None
    weapon: list[str] | None = None
    category: str | None = None
    quantity: int | None = None
    year: int | None = None
    year_end: int | None = None
    modality: str | None = None
    optional: bool = False
    given: frozenset[str] = frozenset()


@dataclass(slots=True)
class GoldDocument:
    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str = ""
    gold_file: str = ""
    events: list[GoldEvent] = field(default_factory=list)


def _event(obj: dict[str, Any]) -> GoldEvent:
    weapon = obj.get("weapon")
    if isinstance(weapon, str):
        weapon = [weapon]
    return GoldEvent(
        type=obj["type"],
        supplier=obj.get("supplier"),
        recipient=obj.get("recipient"),
        weapon=weapon,
        category=obj.get("category"),
        quantity=obj.get("quantity"),
        year=obj.get("year"),
        year_end=obj.get("year_end"),
        modality=obj.get("modality"),
        optional=bool(obj.get("optional", False)),
        given=frozenset(k for k in obj if k not in ("optional",)),
    )


def _gold_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.jsonl") if p.is_file())
    return [path]


def load_gold(path: str | Path) -> list[GoldDocument]:
    """All gold documents in a file or a folder of ``*.jsonl`` files.

    A line's ``path`` is relative to the ``shared/`` folder, taken to be the
    parent of the folder that holds the gold file.
    """
    docs: list[GoldDocument] = []
    for file in _gold_files(Path(path)):
        shared = file.parent.parent
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if "text" in obj:
                text = obj["text"]
            else:
                text = (shared / obj["path"]).read_text(encoding="utf-8")
            docs.append(GoldDocument(
                doc_id=str(obj.get("doc_id", f"{file.name}:{n}")),
                text=text,
                title=obj.get("title"),
                published=obj.get("published"),
                source=f"{file}:{n}",
                gold_file=file.stem,
                events=[_event(e) for e in obj.get("events", [])],
            ))
    return docs
