"""Settings of a run's readers that the command line gives once for every input.

``--field PART=KEY`` (a field map for corpora) and ``--refresh`` (fetch URLs
already stored) are set for the duration of one command with ``using``;
``read_inputs`` and ``jobs.ingest`` read them with ``current`` when no
explicit value is passed. A context variable, so that concurrent runs in
one process (the API's threads) never see each other's settings.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from armswatch.ingest.fetch import FetchPolicy

__all__ = ["InputOptions", "current", "using"]


@dataclass(frozen=True, slots=True)
class InputOptions:
    """``fields``: part -> key overrides; ``refresh``: fetch stored URLs again; ``policy``: HTTP bounds."""

    fields: Mapping[str, str] = field(default_factory=dict)
    refresh: bool = False
    policy: FetchPolicy | None = None


_DEFAULT = InputOptions()
_CURRENT: contextvars.ContextVar[InputOptions] = contextvars.ContextVar("armswatch_input_options")


def current() -> InputOptions:
    """The options in force (the defaults outside any ``using``)."""
    return _CURRENT.get(_DEFAULT)


@contextmanager
def using(options: InputOptions) -> Iterator[InputOptions]:
    """Put ``options`` in force for the ``with`` block."""
    token = _CURRENT.set(options)
    try:
        yield options
    finally:
        _CURRENT.reset(token)
