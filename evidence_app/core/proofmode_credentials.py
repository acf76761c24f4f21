"""Recording what checking a ProofMode bundle found, and reading items' credentials back.

A check lands in the unit of work that stores the media item: its `item_credentials` row
and its `item.proofmode_checked` custody event commit together, or neither does.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from sqlalchemy import select

from evidence_app.core.item_results import CredentialView
from evidence_app.custody.write_path import Write
from evidence_app.media.proofmode_check import ProofModeCheck
from evidence_app.media.proofmode_words import LABEL, proofmode_line
from evidence_app.storage.models import ItemCredential


def record_proofmode_check(
    unit: Write,
    item_id: str,
    item_sha256: str,
    bundle_id: str,
    bundle_sha256: str,
    check: ProofModeCheck,
    now: str,
) -> None:
    """Log and keep the check, once per item and bundle."""
    session = unit.session
    known = session.scalar(
        select(ItemCredential.id).where(
            ItemCredential.item_id == item_id,
            ItemCredential.kind == "proofmode",
            ItemCredential.source_item_id == bundle_id,
        )
    )
    if known is not None:
        return
    checked = check.summary.get("checked", {})
    event = unit.event(
        "item.proofmode_checked",
        subject=item_id,
        subject_sha256=item_sha256,
        details={
            "bundle": bundle_id,
            "bundle_sha256": bundle_sha256,
            "status": check.status,
            "reason": check.reason,
            "key_fingerprint": check.fingerprint,
            "checked": checked,
        },
    )
    session.add(
        ItemCredential(
            id=uuid.uuid4().hex,
            item_id=item_id,
            kind="proofmode",
            status=check.status,
            source_item_id=bundle_id,
            summary_json=json.dumps(
                {**check.summary, "bundle_sha256": bundle_sha256}, ensure_ascii=False
            ),
            checked_at=now,
            event_seq=event.seq,
        )
    )


def credential_line(
    credential: CredentialView, translate: Callable[[str], str], short_key: bool = True
) -> str:
    """One line for the item view and `items show`: "ProofMode: Signature valid, key …"."""
    if credential.kind != "proofmode":
        return f"{credential.kind}: {credential.status}"
    return f"{LABEL}: {proofmode_line(credential.summary, translate, short_key)}"
