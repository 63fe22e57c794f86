"""exchange: warnings kept with a received package; the account (VXP systemid) of a connection

Revision ID: 0008_vxp
Revises: 0001
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_vxp"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("exchange_received", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warnings", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table("exchange_peers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", sa.String(length=128), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("exchange_peers", schema=None) as batch_op:
        batch_op.drop_column("account")
    with op.batch_alter_table("exchange_received", schema=None) as batch_op:
        batch_op.drop_column("warnings")
