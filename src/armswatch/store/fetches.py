"""What the fetcher remembers per URL (the ``fetches`` table): validators and fetch time.

``StoreFetchState`` is the
store-backed ``ingest.fetch.FetchState``: ``jobs.ingest`` gives it to the
fetcher, so a rerun sends conditional requests and skips URLs already stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from armswatch.model import Fetched
from armswatch.store.fetch_tables import FetchRow
from armswatch.store.schema import DocumentRow
from armswatch.store.store import Store

__all__ = ["FetchRow", "StoreFetchState"]


class StoreFetchState:
    """``FetchState`` over a store: validators and fetch times in ``fetches``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the last fetch of ``url``, or (None, None)."""
        with self.store.session() as session:
            row = session.execute(
                select(FetchRow.etag, FetchRow.last_modified).where(FetchRow.url == url)
            ).first()
        return (row[0], row[1]) if row else (None, None)

    def remember(self, fetched: Fetched) -> None:
        """Keep the validators and time of ``fetched`` (a 304 only updates the time)."""
        with self.store.session() as session:
            row = session.scalars(select(FetchRow).where(FetchRow.url == fetched.url)).one_or_none()
            if row is None:
                row = FetchRow(url=fetched.url)
                session.add(row)
            row.fetched_at = fetched.fetched_at
            if not fetched.not_modified:
                row.final_url = fetched.final_url
                row.status = fetched.status
                row.etag = fetched.etag
                row.last_modified = fetched.last_modified

    def stored(self, url: str) -> bool:
        """True when a document with this URL as its doc_id is stored."""
        with self.store.session() as session:
            return session.scalar(select(DocumentRow.id).where(DocumentRow.doc_id == url)) is not None

    def fetched_at(self, url: str) -> dt.datetime | None:
        """When ``url`` was last fetched, or None."""
        with self.store.session() as session:
            return session.scalar(select(FetchRow.fetched_at).where(FetchRow.url == url))
