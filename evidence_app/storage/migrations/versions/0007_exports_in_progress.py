"""Exports in progress: the hidden paths an export is about to fill with decrypted files.

Recorded (and committed) before the first plaintext byte is written, so a kill -9 or a
power loss mid-export leaves a record from which the next open removes what was left.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exports_in_progress",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("destination", sa.Text(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("folder_device", sa.String(32), nullable=False),
        sa.Column("paths_json", sa.Text(), nullable=False),
        sa.Column("started", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("exports_in_progress")
