"""remote signing (VNPT SmartCA): a leader's registered account and the signatures waiting for his approval
on the phone

Revision ID: 0020_remote_signing
Revises: 0019_merge
Create Date: 2026-12-04 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_remote_signing"
down_revision: str | None = "0019_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROVIDER = sa.Enum("smartca", name="remoteprovider", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "remote_signing_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", PROVIDER, nullable=False),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("credential_id", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("certificate_expires", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_remote_signing_accounts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remote_signing_accounts")),
        sa.UniqueConstraint("user_id", name=op.f("uq_remote_signing_accounts_user_id")),
    )
    op.create_table(
        "remote_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("provider", PROVIDER, nullable=False),
        sa.Column("transaction_id", sa.String(length=128), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "signed",
                "rejected",
                "expired",
                name="remotesignaturestate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=512), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("pending", sa.Text(), nullable=False),
        sa.Column("signed_file_id", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_remote_signatures_document_id_documents")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_remote_signatures_user_id_users")),
        sa.ForeignKeyConstraint(
            ["source_file_id"],
            ["document_files.id"],
            name=op.f("fk_remote_signatures_source_file_id_document_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remote_signatures")),
    )
    op.create_index(
        op.f("ix_remote_signatures_document_id"), "remote_signatures", ["document_id"], unique=False
    )
    op.create_index(op.f("ix_remote_signatures_state"), "remote_signatures", ["state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_remote_signatures_state"), table_name="remote_signatures")
    op.drop_index(op.f("ix_remote_signatures_document_id"), table_name="remote_signatures")
    op.drop_table("remote_signatures")
    op.drop_table("remote_signing_accounts")
