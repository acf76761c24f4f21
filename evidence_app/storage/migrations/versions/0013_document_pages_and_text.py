"""Documents keep their page count and their text layer.

`items.pages` is NULL for anything that is no document, and for documents that could not be
read. `item_texts` holds a document's text as written, apart from `items` so that listing
a hundred thousand items never loads it; search shows its snippets from there (the full-text
index keeps only folded text). Items ingested before this revision have neither; nothing is
read back from their blobs here.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("pages", sa.Integer(), nullable=True))
    op.create_table(
        "item_texts",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("item_texts")
    # SQLite drops the column in place, as in 0012.
    op.drop_column("items", "pages")
