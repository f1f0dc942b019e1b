"""File-system helpers shared by the readers: walking folders, bounded reads."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

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


def walk(path: str) -> Iterator[str | Skipped]:
    """Every regular file under ``path`` (or ``path`` itself), in sorted order.

    Hidden entries (names starting with ".") inside folders are skipped; a
    path given explicitly is always read. Symlinked folders are followed once
    (the real-path set stops loops).
    """
    yield from _walk(path, seen=set())


def _walk(path: str, seen: set[str]) -> Iterator[str | Skipped]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield Skipped(source=path, reason="no such file or directory")
        return
    except OSError as exc:
        yield Skipped(source=path, reason=f"cannot read: {describe_os_error(exc)}")
        return
    except ValueError:  # an embedded NUL byte: no file can have that name
        yield Skipped(source=path, reason="not a valid path")
        return
    if stat.S_ISREG(info.st_mode):
        yield path
        return
    if not stat.S_ISDIR(info.st_mode):
        # FIFOs and devices would block or never end.
        yield Skipped(source=path, reason="not a regular file or folder")
        return
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    try:
        names = sorted(name for name in os.listdir(path) if not name.startswith("."))
    except OSError as exc:
        yield Skipped(source=path, reason=f"cannot list folder: {describe_os_error(exc)}")
        return
    for name in names:
        yield from _walk(os.path.join(path, name), seen)
