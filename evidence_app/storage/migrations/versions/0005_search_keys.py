"""Find a record's full-text row by an index instead of scanning the whole FTS table.

FTS5 cannot index its UNINDEXED columns, so replacing a record's text by `kind` and `ref`
read every row: ingest slowed as the vault grew. `search_keys` maps (kind, ref) to the FTS
rowid, so a replacement touches one row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
        "ref VARCHAR(128) NOT NULL, UNIQUE (kind, ref))"
    )
    op.execute(
        "INSERT INTO search_keys (rowid, kind, ref) SELECT rowid, kind, ref FROM search_index"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_keys")
