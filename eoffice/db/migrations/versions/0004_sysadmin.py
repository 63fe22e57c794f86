"""quản trị hệ thống: a system role of its own for creating agencies (users.is_system_admin)

Revision ID: 0004_sysadmin
Revises: 0001
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_sysadmin"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nobody holds it after the upgrade: the operator gives it (`eoffice admin grant-system USER`). Roles
    # an admin got by creating an agency stay, and that agency's admins now see and can remove them.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_system_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("is_system_admin")
