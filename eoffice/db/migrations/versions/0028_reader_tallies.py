"""reader_tallies: the inbox's counts per principal, kept as deltas with the readers

Revision ID: 0028_reader_tallies
Revises: 0027_document_readers_views
Create Date: 2026-12-05 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_reader_tallies"
down_revision: str | Sequence[str] | None = "0027_document_readers_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out so the migration never changes with the code (eoffice.permissions.TALLY_GROUPS at this revision).
BACKFILL = """
INSERT INTO reader_tallies (principal, agency_id, kind, status, deadline, is_secret, n)
SELECT principal, agency_id, kind, status, CASE WHEN is_open THEN deadline END, is_secret, COUNT(*)
FROM document_readers
GROUP BY principal, agency_id, kind, status, CASE WHEN is_open THEN deadline END, is_secret
"""


def upgrade() -> None:
    """Counted once from the readers; from here on every rewrite of a document's readers adds its deltas."""
    op.create_table(
        "reader_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("is_secret", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reader_tallies")),
    )
    op.execute(sa.text(BACKFILL))
    op.create_index("ix_reader_tallies_principal", "reader_tallies", ["principal", "kind", "agency_id"])


def downgrade() -> None:
    op.drop_index("ix_reader_tallies_principal", table_name="reader_tallies")
    op.drop_table("reader_tallies")
