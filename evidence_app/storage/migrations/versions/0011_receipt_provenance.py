"""Each receipt of an item may record its provenance: who captured it, when and how it was
received, and the custodians it passed through before.

Receipts recorded before this revision have none (NULL); nothing is guessed for them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_sources") as table:
        table.add_column(sa.Column("provenance_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item_sources") as table:
        table.drop_column("provenance_json")
