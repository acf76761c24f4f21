"""Records with immutable revisions, their facets, and full-text search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("ref", sa.String(128), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "record_revisions",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("ref", sa.String(128), primary_key=True),
        sa.Column("revision", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_table(
        "record_facets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(128), nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
    )
    op.create_index("ix_record_facets_record", "record_facets", ["kind", "ref"])
    op.create_index("ix_record_facets_value", "record_facets", ["facet", "value"])
    # One text column per record, folded (lower case, ё→е) before it is written, so the
    # same folding applied to queries finds Cyrillic and Latin text whatever its case.
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        """
        CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions
        BEGIN SELECT RAISE(ABORT, 'record_revisions is append-only'); END
        """
    )
    op.execute(
        """
        CREATE TRIGGER record_revisions_no_delete BEFORE DELETE ON record_revisions
        BEGIN SELECT RAISE(ABORT, 'record_revisions is append-only'); END
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER record_revisions_no_delete")
    op.execute("DROP TRIGGER record_revisions_no_update")
    op.execute("DROP TABLE search_index")
    op.drop_table("record_facets")
    op.drop_table("record_revisions")
    op.drop_table("records")
