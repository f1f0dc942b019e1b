"""SIPRI reference deals: sipri_registers, sipri_orders, sipri_deal_orders.

Additive: three new tables, nothing else changes. Names follow the
``NAMING`` convention of ``armswatch/store/schema.py``; the models are in
``armswatch/store/sipri_tables.py``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sipri_registers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sipri_registers"),
    )
    op.create_table(
        "sipri_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("supplier_name", sa.String(), nullable=False),
        sa.Column("recipient_name", sa.String(), nullable=False),
        sa.Column("supplier", sa.String(), nullable=True),
        sa.Column("recipient", sa.String(), nullable=True),
        sa.Column("designation", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("order_year", sa.Integer(), nullable=True),
        sa.Column("order_year_uncertain", sa.Boolean(), nullable=False),
        sa.Column("ordered", sa.Integer(), nullable=True),
        sa.Column("ordered_uncertain", sa.Boolean(), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=True),
        sa.Column("delivered_uncertain", sa.Boolean(), nullable=False),
        sa.Column("delivery_years", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("tiv_unit", sa.String(length=32), nullable=False),
        sa.Column("tiv_total", sa.String(length=32), nullable=False),
        sa.Column("tiv_delivered", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sipri_orders"),
        sa.ForeignKeyConstraint(
            ["register_id"],
            ["sipri_registers.id"],
            name="fk_sipri_orders_register_id_sipri_registers",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_sipri_orders_register_id", "sipri_orders", ["register_id"])
    op.create_index("ix_sipri_orders_supplier_recipient", "sipri_orders", ["supplier", "recipient"])
    op.create_table(
        "sipri_deal_orders",
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deal_id", "order_id", name="pk_sipri_deal_orders"),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name="fk_sipri_deal_orders_deal_id_deals", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["sipri_orders.id"],
            name="fk_sipri_deal_orders_order_id_sipri_orders",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_sipri_deal_orders_order_id", "sipri_deal_orders", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_sipri_deal_orders_order_id", table_name="sipri_deal_orders")
    op.drop_table("sipri_deal_orders")
    op.drop_index("ix_sipri_orders_supplier_recipient", table_name="sipri_orders")
    op.drop_index("ix_sipri_orders_register_id", table_name="sipri_orders")
    op.drop_table("sipri_orders")
    op.drop_table("sipri_registers")
