"""Regions marked for redaction on items, and derivations (redacted copies of originals).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_regions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_item_regions_item_id", "item_regions", ["item_id"])
    op.create_table(
        "item_derivations",
        sa.Column("child_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("parent_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("parameters_json", sa.Text(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_item_derivations_parent_id", "item_derivations", ["parent_id"])


def downgrade() -> None:
    op.drop_table("item_derivations")
    op.drop_table("item_regions")
