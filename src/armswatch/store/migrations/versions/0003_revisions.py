"""Document revisions and claim keys.

- ``documents.revision`` (the latest revision's number) and
  ``documents.claim_key`` (hash of the claim words; NULL for the rows already
  stored, which therefore take part in no near-duplicate match);
- ``sources.revision``: the document's revision when the source was added;
- the ``document_revisions`` table, one row per revision of the documents
  that have more than one (none yet: every stored document is revision 1);
- every stored ``content_hash`` recomputed as SHA-256 of the text with
  whitespace collapsed (``armswatch.clean.dedup.content_hash``; the formula
  is repeated here so that this migration never changes with the code). The
  old hash ignored digits' punctuation, case and the title.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500


def _content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _rehash(conn) -> None:
    """Recompute every content hash, a batch of rows at a time (bounded memory)."""
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, text FROM documents WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": _BATCH},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE documents SET content_hash = :h WHERE id = :id"),
            [{"h": _content_hash(text), "id": pk} for pk, text in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch (copy-and-rename) operation: on SQLite
    # with foreign keys on, dropping the old documents table would cascade
    # into every source and event.
    op.add_column("documents", sa.Column("claim_key", sa.String(), nullable=True))
    op.add_column(
        "documents", sa.Column("revision", sa.Integer(), nullable=False, server_default="1")
    )
    op.create_index("ix_documents_claim_key", "documents", ["claim_key"])
    op.add_column("sources", sa.Column("revision", sa.Integer(), nullable=True))

    op.create_table(
        "document_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_revisions_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_revisions"),
        sa.UniqueConstraint(
            "document_id", "revision", name="uq_document_revisions_document_id_revision"
        ),
    )

    conn = op.get_bind()
    _rehash(conn)
    conn.execute(sa.text("UPDATE sources SET revision = 1"))


def downgrade() -> None:
    # Earlier revisions' texts go with the table; documents keep the latest.
    op.drop_table("document_revisions")
    op.drop_column("sources", "revision")
    op.drop_index("ix_documents_claim_key", table_name="documents")
    op.drop_column("documents", "revision")
    op.drop_column("documents", "claim_key")
