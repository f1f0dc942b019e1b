"""Reading the SIPRI data files of ``armswatch/data`` (names and description words)."""

from __future__ import annotations

import csv
import io
import os
from importlib import resources


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a versioned CSV data file (``#`` comment lines skipped).

    A file of the same name in ``$ARMSWATCH_DATA_DIR`` replaces the packaged
    one, as for the extractor's data files.
    """
    override = os.environ.get("ARMSWATCH_DATA_DIR")
    path = os.path.join(override, name) if override else None
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = resources.files("armswatch.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    ]
