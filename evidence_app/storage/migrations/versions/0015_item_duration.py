"""Video and sound recordings keep their duration.

`items.duration` is in seconds, as the container declares it; NULL for anything that is no
recording, and for recordings that could not be read. Their codecs and the tags their dates
and place came from are kept with their other tags in `exif_json`. Items ingested before
this revision have none; nothing is read back from their blobs here.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-13
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("duration", sa.Float(), nullable=True))


def downgrade() -> None:
    # SQLite drops the column in place, as in 0012.
    op.drop_column("items", "duration")
