"""What went wrong with the database, in one line a user can act on.

The store's transactions make a failed write leave the database as it was;
what remains is to say why, without a traceback: a read-only database, a
full disk, a lost or refused server connection.
"""

from __future__ import annotations

import errno

from sqlalchemy.exc import DBAPIError

# (words in the driver's message, what to say), first match wins.
_KNOWN = (
    (("readonly database", "read-only", "read only"), "the database is read-only (check the file's and its folder's permissions, or the mount)"),
    (("disk is full", "no space left", "could not extend file", "disk full"), "the disk is full: nothing of the failed transaction was written"),
    (("unable to open database",), "the database file cannot be opened (check the path and permissions)"),
    (("disk i/o error",), "the disk failed while writing: nothing of the failed transaction was written"),
    (("server closed the connection", "terminating connection", "connection refused", "could not connect",
      "connection is closed", "the connection is lost", "consuming input failed", "connection timed out",
      "no connection to the server", "ssl syscall error"),
     "lost the connection to the database server: nothing of the failed transaction was written; rerun when it is back"),
    (("database is locked",), "the database is locked by another process for too long; rerun when it is done"),
)

_OS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EDQUOT: "the disk quota is exceeded",
}


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text.strip())


def explain(exc: BaseException) -> str | None:
    """One line for a database or file-system failure, or None when ``exc`` is neither."""
    if isinstance(exc, DBAPIError):
        detail = _first_line(str(exc.orig if exc.orig is not None else exc))
        low = detail.lower()
        for words, message in _KNOWN:
            if any(w in low for w in words):
                return f"{message} ({detail})"
        if exc.connection_invalidated:
            return f"lost the connection to the database ({detail})"
        return f"database error: {detail}"
    if isinstance(exc, OSError) and exc.errno in _OS:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{_OS[exc.errno]}{where} ({exc.strerror})"
    return None


__all__ = ["explain"]
