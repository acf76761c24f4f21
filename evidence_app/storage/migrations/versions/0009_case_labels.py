"""Cases typed as free text at import become case records, once, at the next writable open.

Before this revision an import filed items under any text typed as the case, and no case
record was made, so the cases list stayed empty. A record must be logged as a signed
`record.revised` event, and a migration holds no signing key: this revision only notes,
in the settings, that such labels exist. `core.case_labels` then makes each a case record
(title: the label) in one unit of work with its events, the next time the vault opens
writable, and removes the note; `verify` passes before and after.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PENDING = "pending.case_labels"


def upgrade() -> None:
    op.execute(
        "INSERT OR IGNORE INTO settings (key, value) "
        f"SELECT '{PENDING}', '0009' WHERE EXISTS (SELECT 1 FROM item_cases c WHERE NOT EXISTS "
        "(SELECT 1 FROM records r WHERE r.kind = 'case' AND r.ref = c.case_ref))"
    )


def downgrade() -> None:
    # Case records made since are evidence of what was done, logged: they stay.
    op.execute(f"DELETE FROM settings WHERE key = '{PENDING}'")
