"""Items gain `phash`: the perceptual hash that finds a recompressed copy of a photo.

NULL means not computed yet: items ingested before this revision get theirs the first time
near-duplicates are looked for (`items similar`, an export), never in a bulk rewrite here;
"" means the item is no picture that can be hashed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("phash", sa.String(16), nullable=True))


def downgrade() -> None:
    # SQLite drops the column in place: a batch rebuild of `items` would drop a table
    # that every other table refers to.
    op.drop_column("items", "phash")
