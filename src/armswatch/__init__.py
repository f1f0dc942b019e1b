"""armswatch: news about international arms transfers -> a sourced event database.

The public Python API (everything else is internal and may change)::

    >>> import armswatch
    >>> events = armswatch.extract_text(
    ...     "Russia delivered four Mi-35M helicopters to Pakistan in 2018.")  # doctest: +SKIP
    >>> [(e.type.value, e.supplier, e.recipient, e.weapon) for e in events]  # doctest: +SKIP
    [('DELIVERY', 'RUS', 'PAK', 'Mi-35M')]
    >>> armswatch.resolve_party("islamabad")
    'PAK'

- :func:`extract_text` -- events of one text (no database).
- :class:`Extractor` -- the loaded NLP model; reuse one for many texts (``extract_text(..., extractor=ex)``).
- :func:`open_store` -- a database (SQLite path or SQLAlchemy URL), created and migrated as needed.
- :func:`ingest_paths` -- (``armswatch.jobs.ingest``) read, clean, deduplicate and store files, folders, ``.jsonl``, feeds, WARC.
- :func:`extract_stored` -- extract the events of the stored documents not yet extracted.
- :func:`link_store` -- link stored events into deals (``armswatch.link`` is the linking package itself).
- :func:`resolve_party`, :func:`resolve_weapon`, :class:`UnknownValue` -- what a user typed -> stored codes.
- Records (``armswatch.model``): :class:`Article`, :class:`Event`, :class:`EventType`, :class:`Modality`,
  :class:`Evidence`, :class:`Value`, :class:`Skipped`; :class:`EventQuery` for ``Store.events``.

Names are imported on first use, so ``import armswatch`` stays fast (no spaCy, no SQLAlchemy).
See docs/PYTHON.md for a worked example.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_EXPORTS = {
    "extract_text": "armswatch.jobs",
    "ingest_paths": "armswatch.jobs",
    "extract_stored": "armswatch.jobs",
    "IngestSummary": "armswatch.jobs",
    "Extractor": "armswatch.extract.pipeline",
    "open_store": "armswatch.store",
    "Store": "armswatch.store",
    "EventQuery": "armswatch.store",
    "link_store": "armswatch.link",
    "list_deals": "armswatch.link",
    "get_deal": "armswatch.link",
    "dyad_timeline": "armswatch.link",
    "resolve_party": "armswatch.lookup",
    "resolve_weapon": "armswatch.lookup",
    "UnknownValue": "armswatch.lookup",
    "Article": "armswatch.model",
    "Event": "armswatch.model",
    "EventType": "armswatch.model",
    "Evidence": "armswatch.model",
    "Modality": "armswatch.model",
    "Skipped": "armswatch.model",
    "Value": "armswatch.model",
}

# Public names that differ from the library's: ``armswatch.ingest`` and ``armswatch.link`` are packages.
_RENAMED = {"ingest_paths": "ingest"}

if TYPE_CHECKING:
    from armswatch.extract.pipeline import Extractor
    from armswatch.jobs import IngestSummary, extract_stored, extract_text
    from armswatch.jobs import ingest as ingest_paths
    from armswatch.link import dyad_timeline, get_deal, list_deals
    from armswatch.link import link_store
    from armswatch.lookup import UnknownValue, resolve_party, resolve_weapon
    from armswatch.model import Article, Event, EventType, Evidence, Modality, Skipped, Value
    from armswatch.store import EventQuery, Store, open_store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'armswatch' has no attribute {name!r}")
    value = getattr(import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = sorted(_EXPORTS)
