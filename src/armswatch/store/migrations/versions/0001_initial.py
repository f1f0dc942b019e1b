"""Initial schema: documents, sources, events, evidence, skips, deals, deal_events.

Written by hand to match ``armswatch/store/schema.py`` (names follow its
``NAMING`` convention); ``tests/store`` checks that a database migrated to
head has no difference from the models.

Revision ID: 0001
Revises:
Create Date: 2024-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("publisher", sa.String(), nullable=True),
        sa.Column("syndicated_from", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=True),
        sa.Column("simhash", sa.BigInteger(), nullable=False),
        sa.Column("simhash_b0", sa.Integer(), nullable=False),
        sa.Column("simhash_b1", sa.Integer(), nullable=False),
        sa.Column("simhash_b2", sa.Integer(), nullable=False),
        sa.Column("simhash_b3", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extractor_version", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("doc_id", name="uq_documents_doc_id"),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    for band in range(4):
        op.create_index(
            f"ix_documents_simhash_b{band}", "documents", [f"simhash_b{band}"]
        )

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_sources_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "document_id", "source", name="uq_sources_document_id_source"
        ),
    )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("supplier", sa.String(), nullable=True),
        sa.Column("recipient", sa.String(), nullable=True),
        sa.Column("weapon", sa.String(), nullable=True),
        sa.Column("weapon_family", sa.String(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("quantity_qualifier", sa.String(length=16), nullable=True),
        sa.Column("value_amount", sa.BigInteger(), nullable=True),
        sa.Column("value_currency", sa.String(length=16), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("year_end", sa.Integer(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("attribution", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_events_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    for column in ("document_id", "supplier", "recipient", "type", "year", "weapon_family"):
        op.create_index(f"ix_events_{column}", "events", [column])

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_evidence_event_id_events",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("event_id", name="uq_evidence_event_id"),
    )

    op.create_table(
        "skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skips"),
        sa.UniqueConstraint(
            "source", "record", "reason", name="uq_skips_source_record_reason"
        ),
    )

    op.create_table(
        "deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deal_key", sa.String(), nullable=False),
        sa.Column("supplier", sa.String(), nullable=True),
        sa.Column("recipient", sa.String(), nullable=True),
        sa.Column("weapon_family", sa.String(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=True),
        sa.Column("last_year", sa.Integer(), nullable=True),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deals"),
        sa.UniqueConstraint("deal_key", name="uq_deals_deal_key"),
    )

    op.create_table(
        "deal_events",
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deal_id", "event_id", name="pk_deal_events"),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name="fk_deal_events_deal_id_deals",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_deal_events_event_id_events",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_deal_events_event_id", "deal_events", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_deal_events_event_id", table_name="deal_events")
    op.drop_table("deal_events")
    op.drop_table("deals")
    op.drop_table("skips")
    op.drop_table("evidence")
    for column in ("document_id", "supplier", "recipient", "type", "year", "weapon_family"):
        op.drop_index(f"ix_events_{column}", table_name="events")
    op.drop_table("events")
    op.drop_table("sources")
    for band in range(4):
        op.drop_index(f"ix_documents_simhash_b{band}", table_name="documents")
    op.drop_index("ix_documents_content_hash", table_name="documents")
    op.drop_table("documents")
