"""Items keep what a capture app signed about them, and what checking it found.

A ProofMode bundle's OpenPGP signatures and a C2PA manifest are checked once, at ingest, and
the result is kept beside the item it speaks of: the kind of credential, its status, what it
says (signer, claim generator, actions, key fingerprint…), and the custody event that logged
the check. `source_item_id` names the item that carried the credential when it is another
one (the bundle a ProofMode photo came in). Items ingested before this revision have none.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_credentials",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source_item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=True),
        sa.Column("summary_json", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_item_credentials_item_id", "item_credentials", ["item_id"])
    op.create_index("ix_item_credentials_source_item_id", "item_credentials", ["source_item_id"])


def downgrade() -> None:
    op.drop_table("item_credentials")
