"""Indexes for every order the evidence table offers, so a page reads a page.

Without them the first screen of a 100,000-item vault sorted the whole items table
(decrypting every page of it) to return 200 rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# column → index name; each ends with `id`, the table's tie-breaker in ORDER BY.
ORDERS = {
    "original_name": "ix_items_order_name",
    "captured_at": "ix_items_order_captured_at",
    "camera_model": "ix_items_order_camera",
    "size": "ix_items_order_size",
    "ingested_at": "ix_items_order_ingested_at",
    "media_type": "ix_items_order_media_type",
}


def upgrade() -> None:
    for column, name in ORDERS.items():
        op.create_index(name, "items", [column, "id"])


def downgrade() -> None:
    for name in ORDERS.values():
        op.drop_index(name, "items")
