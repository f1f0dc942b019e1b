"""The ``fetches`` table (migration 0005): the last successful fetch of each URL.

One row per URL fetched over HTTP: where its redirects ended, its ETag and
Last-Modified (sent back as a conditional GET), and when it was last
fetched. Written through ``armswatch.store.fetches.StoreFetchState``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from armswatch.store.schema import Base, utcnow

__all__ = ["FetchRow"]


class FetchRow(Base):
    """The last successful fetch of one URL (a page or a feed)."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    final_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer, nullable=False)
    etag: Mapped[str | None] = mapped_column(String)
    last_modified: Mapped[str | None] = mapped_column(String)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("url"),)
