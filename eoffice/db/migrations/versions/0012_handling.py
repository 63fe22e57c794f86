"""handling an incoming document: "nhận để biết" rows are seen rather than handled (no deadline, seen_at), and
requests for more time (xin gia hạn) with their answers

Revision ID: 0012_handling
Revises: 0011_merge
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_handling"
down_revision: str | None = "0011_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
    # An informed row was never work to do: it waits to be seen, with no deadline.
    op.execute(
        "UPDATE assignments SET status = 'informed', deadline = NULL "
        "WHERE role = 'de_biet' AND status IN ('pending', 'in_progress')"
    )
    op.create_table(
        "extension_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "granted",
                "refused",
                "cancelled",
                name="extensionstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_extension_requests_assignment_id_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_extension_requests_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_extension_requests_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_extension_requests_requested_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extension_requests")),
    )
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extension_requests_document_id"), ["document_id"], unique=False)
        batch_op.create_index(
            "ux_extension_requests_open",
            ["assignment_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.drop_index("ux_extension_requests_open")
        batch_op.drop_index(batch_op.f("ix_extension_requests_document_id"))
    op.drop_table("extension_requests")
    op.execute(
        "UPDATE assignments SET status = 'pending' WHERE role = 'de_biet' AND status IN ('informed', 'seen')"
    )
    op.execute("UPDATE assignments SET status = 'done' WHERE status = 'closed'")
    op.execute("UPDATE assignments SET status = 'recalled' WHERE status IN ('returned', 'taken_back')")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("seen_at")
