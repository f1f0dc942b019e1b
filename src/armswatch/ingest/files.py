"""File-system helpers shared by the readers: walking folders, bounded reads."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from armswatch.escape import path_text
from armswatch.model import Skipped

# A single text or HTML file larger than this is not a news article; reading
# it whole would defeat the promise that ingest streams.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024


def describe_os_error(exc: OSError) -> str:
    """A short reason for a failed open/read, without the path repeated."""
    return exc.strerror or exc.__class__.__name__


def read_bytes(path: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes | Skipped:
    """Read a whole (small) file, or say why not."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return Skipped(source=path, reason=f"cannot read: {describe_os_error(exc)}")
    if len(data) > limit:
        return Skipped(source=path, reason=f"file larger than {limit} bytes")
    return data


#: Why a hidden entry inside a folder is not read (see ``walk``).
HIDDEN_REASON = "hidden (name starts with '.'), not read; give its path to read it"


def walk(path: str, canonical: bool = True) -> Iterator[str | Skipped]:
    """Every regular file under ``path`` (or ``path`` itself), in sorted order.

    With ``canonical`` (what ingest uses), paths are real paths
    (``os.path.realpath``), so ``./x`` and ``/abs/x`` name one file; without
    it they are spelled from ``path`` as given (the ``extract INPUT``
    contract: "the file's path as given"). A symlinked folder is followed
    once either way (a real-path set stops loops).

    The rule for hidden entries (names starting with ".") inside folders:
    they are not read, and each gives one Skipped (``HIDDEN_REASON``), so
    nothing is passed over without a word; a hidden path given explicitly is
    read. Skipped sources are ``path_text``: any byte of a file name
    survives, escaped.
    """
    yield from _walk(path, seen=set(), canonical=canonical)


def _walk(path: str, seen: set[str], canonical: bool) -> Iterator[str | Skipped]:
    try:
        real = os.path.realpath(path)
        if canonical:
            path = real
        info = os.stat(path)
    except FileNotFoundError:
        yield Skipped(source=path_text(path), reason="no such file or directory")
        return
    except OSError as exc:
        yield Skipped(source=path_text(path), reason=f"cannot read: {describe_os_error(exc)}")
        return
    except ValueError:  # an embedded NUL byte: no file can have that name
        yield Skipped(source=path_text(path), reason="not a valid path")
        return
    if stat.S_ISREG(info.st_mode):
        yield path
        return
    if not stat.S_ISDIR(info.st_mode):
        # FIFOs and devices would block or never end.
        yield Skipped(source=path_text(path), reason="not a regular file or folder")
        return
    if real in seen:
        return
    seen.add(real)
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        yield Skipped(source=path_text(path), reason=f"cannot list folder: {describe_os_error(exc)}")
        return
    for name in names:
        if name.startswith("."):
            yield Skipped(source=path_text(os.path.join(path, name)), reason=HIDDEN_REASON)
            continue
        yield from _walk(os.path.join(path, name), seen, canonical)
