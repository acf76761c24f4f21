"""Exhibit numbers: an item's number in a case, given on its first export, kept for ever.

Rows are only ever added: the next number of a case is one more than the highest it ever
gave, so a number stays with its item even after the item leaves the case. The
`exhibit.numbered` custody event that gives each number is written by the export (a
migration holds no signing key), so this revision only creates the table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exhibit_numbers",
        sa.Column("case_ref", sa.String(128), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("assigned_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_ref", "item_id", name="uq_exhibit_numbers_item"),
    )


def downgrade() -> None:
    # The numbers stay provable from their `exhibit.numbered` events in the log.
    op.drop_table("exhibit_numbers")
