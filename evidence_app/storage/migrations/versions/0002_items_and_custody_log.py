"""Items, their sources and cases; the custody log and its checkpoints.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The log is append-only by design; the database refuses edits too, so a bug elsewhere in
# the app cannot rewrite history. (Someone with the key can drop these; verify catches that.)
APPEND_ONLY = """
CREATE TRIGGER {table}_no_{verb} BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
"""


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.String(32), sa.ForeignKey("blobs.id"), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("original_name_raw", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(127), nullable=False),
        sa.Column("captured_at", sa.String(40)),
        sa.Column("captured_at_source", sa.String(40)),
        sa.Column("gps_lat", sa.Float()),
        sa.Column("gps_lon", sa.Float()),
        sa.Column("gps_alt", sa.Float()),
        sa.Column("camera_make", sa.Text()),
        sa.Column("camera_model", sa.Text()),
        sa.Column("orientation", sa.Integer()),
        sa.Column("width", sa.Integer()),
        sa.Column("height", sa.Integer()),
        sa.Column("exif_json", sa.Text(), nullable=False),
        sa.Column("notes_json", sa.Text(), nullable=False),
        sa.Column("file_times_json", sa.Text(), nullable=False),
        sa.Column("thumbnail_blob_id", sa.String(32), sa.ForeignKey("blobs.id")),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_items_captured_at", "items", ["captured_at"])
    op.create_table(
        "item_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("original_path", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_item_sources_item_id", "item_sources", ["item_id"])
    op.create_table(
        "item_cases",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("case_ref", sa.String(128), primary_key=True),
    )
    op.create_index("ix_item_cases_case_ref", "item_cases", ["case_ref"])
    op.create_table(
        "custody_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("actor_fingerprint", sa.String(64), nullable=False),
        sa.Column("actor_name", sa.Text(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("subject_sha256", sa.String(64)),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("signature", sa.String(88), nullable=False),
    )
    op.create_index("ix_custody_events_action", "custody_events", ["action"])
    op.create_index("ix_custody_events_subject", "custody_events", ["subject"])
    op.create_table(
        "checkpoints",
        sa.Column("size", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("root", sa.String(64), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    for table in ("custody_events", "checkpoints"):
        for verb in ("UPDATE", "DELETE"):
            op.execute(APPEND_ONLY.format(table=table, verb=verb))


def downgrade() -> None:
    for table in ("custody_events", "checkpoints"):
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER {table}_no_{verb}")
    for table in ("checkpoints", "custody_events", "item_cases", "item_sources", "items"):
        op.drop_table(table)
