"""legal corpus: the national legal database's id of a record (the dataset's ``id``, the gateway's doc id)

Revision ID: 0025_legal_source_id
Revises: 0024_merge
Create Date: 2026-12-04 13:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_legal_source_id"
down_revision: str | Sequence[str] | None = "0024_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Relations in the dataset name documents by this id, so an import resolves them through it."""
    with op.batch_alter_table("legal_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_legal_documents_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("legal_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_documents_source_id"))
        batch_op.drop_column("source_id")
