"""notifications by e-mail: each notification records when its mail was sent, and each user's daily digest
of due documents is recorded per agency day, so neither is mailed twice

Revision ID: 0014_notification_mail
Revises: 0011_merge
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_notification_mail"
down_revision: str | None = "0011_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Notifications written before this revision have no mail time; none of them is ever mailed (the mail
    # task is queued only by `notify` from now on).
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "mail_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mail_digests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_digests")),
        sa.UniqueConstraint("user_id", "day", name=op.f("uq_mail_digests_user_id")),
    )


def downgrade() -> None:
    op.drop_table("mail_digests")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("mailed_at")
