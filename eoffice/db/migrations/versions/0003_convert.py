"""a processing stage carries a notice: what was removed from a draft before it was converted to PDF

Revision ID: 0003_convert
Revises: 0001
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_convert"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_processing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("document_processing", schema=None) as batch_op:
        batch_op.drop_column("notice")
