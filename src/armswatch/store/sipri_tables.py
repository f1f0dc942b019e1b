"""Tables of SIPRI reference deals: the imported register, its orders, and which deals report them.

Written by ``armswatch.sipri.reference`` (``armswatch sipri import`` and
linking); the store only creates the tables (migration 0002). They are
declared on the same ``Base`` as the other tables, so a database migrated to
head has no difference from the models.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from armswatch.store.schema import Base, utcnow


class SipriRegisterRow(Base):
    """The imported register export (one at a time: a new import replaces it).

    ``version`` is the export's "Data generated" line; ``content_hash`` the
    SHA-256 of the file, so that importing the same file again changes nothing.
    """

    __tablename__ = "sipri_registers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    encoding: Mapped[str] = mapped_column(String(16), nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    n_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class SipriOrderRow(Base):
    """One register line (``model.ReferenceDeal``); ``delivery_years`` as the register writes them."""

    __tablename__ = "sipri_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("sipri_registers.id", ondelete="CASCADE"), nullable=False)
    line: Mapped[int] = mapped_column(Integer, nullable=False)
    supplier_name: Mapped[str] = mapped_column(String, nullable=False)
    recipient_name: Mapped[str] = mapped_column(String, nullable=False)
    supplier: Mapped[str | None] = mapped_column(String)
    recipient: Mapped[str | None] = mapped_column(String)
    designation: Mapped[str] = mapped_column(String, nullable=False)
    description: Mapped[str] = mapped_column(String, nullable=False, default="")
    order_year: Mapped[int | None] = mapped_column(Integer)
    order_year_uncertain: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    ordered: Mapped[int | None] = mapped_column(Integer)
    ordered_uncertain: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    delivered: Mapped[int | None] = mapped_column(Integer)
    delivered_uncertain: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    delivery_years: Mapped[str] = mapped_column(String, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    comments: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tiv_unit: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    tiv_total: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    tiv_delivered: Mapped[str] = mapped_column(String(32), nullable=False, default="")

    __table_args__ = (
        Index(None, "register_id"),
        Index(None, "supplier", "recipient"),
    )


class SipriDealOrderRow(Base):
    """Which register orders a news deal reports (written by linking)."""

    __tablename__ = "sipri_deal_orders"

    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sipri_orders.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index(None, "order_id"),)


__all__ = ["SipriDealOrderRow", "SipriOrderRow", "SipriRegisterRow"]
