"""Keeping what checking a file's C2PA manifest found, beside the item, with its event.

The check is logged in the custody log (`item.c2pa_checked`) in the same unit of work as the
item, so a legal team can see that the result was recorded when the file arrived and not
written later; the catalog row keeps the full summary for the item view and the dossiers.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from evidence_app.custody.write_path import Write
from evidence_app.media.c2pa_manifest import C2paReading
from evidence_app.storage.models import ItemCredential

KIND = "c2pa"


def record_c2pa(
    unit: Write, item_id: str, sha256: str, reading: C2paReading | None, now: str
) -> None:
    """Log and keep the reading of a new item's manifest; nothing when it carried none."""
    if reading is None:
        return
    event = unit.event(
        "item.c2pa_checked", subject=item_id, subject_sha256=sha256, details=_details(reading)
    )
    unit.session.add(
        ItemCredential(
            id=uuid.uuid4().hex,
            item_id=item_id,
            kind=KIND,
            status=reading.status,
            source_item_id=None,  # the manifest travels inside the file it speaks of
            summary_json=json.dumps(reading.summary, ensure_ascii=False),
            checked_at=now,
            event_seq=event.seq,
        )
    )


def _details(reading: C2paReading) -> dict[str, Any]:
    """What the signed event says: the verdict and who signed, not the whole summary."""
    summary = reading.summary
    signer = summary.get("signer") or {}
    details: dict[str, Any] = {"kind": KIND, "status": reading.status}
    if reading.status == "unreadable":
        details["problem"] = summary.get("problem")
        return details
    details.update(
        {
            "validation_state": summary.get("validation_state"),
            "claim_generator": summary.get("claim_generator"),
            "signer": {"subject": signer.get("subject"), "issuer": signer.get("issuer")},
            "failures": [failure["code"] for failure in summary.get("failures", [])],
        }
    )
    return details
