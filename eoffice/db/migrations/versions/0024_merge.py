"""one schema again: document links (replacement, correction, replies) and the sổ đến pre-fill corrections
were added side by side and meet here

Revision ID: 0024_merge
Revises: 0021_replacement, 0023_prefill
Create Date: 2026-12-04 11:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0024_merge"
down_revision: str | Sequence[str] | None = ("0021_replacement", "0023_prefill")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
