"""Regions are proposed by a detector and decided by a curator, and detection is recorded.

Regions marked before this revision were drawn by hand: they become `manual` and
`accepted`, so every copy made from them stays the same.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_regions") as table:
        table.add_column(
            sa.Column("source", sa.String(16), nullable=False, server_default="manual")
        )
        table.add_column(sa.Column("detector", sa.String(200), nullable=True))
        table.add_column(sa.Column("score", sa.Float(), nullable=True))
        table.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="accepted")
        )
        table.add_column(sa.Column("person_ref", sa.String(128), nullable=True))
        table.add_column(sa.Column("decided_event_seq", sa.Integer(), nullable=True))
    op.create_table(
        "item_detections",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("detector", sa.String(200), nullable=False),
        sa.Column("detected_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("item_detections")
    with op.batch_alter_table("item_regions") as table:
        for column in ("decided_event_seq", "person_ref", "status", "score", "detector"):
            table.drop_column(column)
        table.drop_column("source")
