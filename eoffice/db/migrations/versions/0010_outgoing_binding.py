"""an approval binds content: each approval run and each decision names the draft version (file id and
SHA-256) it was made on

Revision ID: 0010_outgoing_binding
Revises: 0001
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_outgoing_binding"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Runs and decisions recorded before this revision name no version (empty): they bind nothing, so a
    # document approved before the upgrade is signed as the newest draft version, as it was then.
    for table in ("approval_runs", "approval_decisions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=False, server_default=""))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_file_id_document_files"), "document_files", ["file_id"], ["id"]
            )


def downgrade() -> None:
    for table in ("approval_runs", "approval_decisions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_file_id_document_files"), type_="foreignkey")
            batch_op.drop_column("sha256")
            batch_op.drop_column("file_id")
