"""Whether an event's year was inferred from the publication date.

- ``events.year_inferred``: true when the article wrote no year and the
  extractor took the publication year ("signed on Friday"); false for a
  written year. Rows stored before this migration are false: the extractor's
  flag was not kept then, so nothing is known of them (re-extracting a
  document sets it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no copy-and-rename batch), as in 0003: a rebuilt
    # events table would cascade into evidence and deal_events on SQLite.
    op.add_column(
        "events",
        sa.Column("year_inferred", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("year_inferred")
