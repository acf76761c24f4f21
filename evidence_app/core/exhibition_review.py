"""`NAME.review.json` beside an exhibition PDF: what was checked and decided, for the curator.

It lists each item and text the PDF holds with the consent it rests on, every publication
check finding with its resolution, and per photo what the redaction blurred. People appear
by pseudonym only, texts only masked, photos by exhibit reference (number and hash prefix,
as printed), so the file can travel with the PDF to whoever reviews the exhibition. It is
never embedded in the PDF.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from evidence_app.core.redaction_service import redacted_copy
from evidence_app.export.name_matching import NameIndex
from evidence_app.export.publication_check import ClearedSelection, masked
from evidence_app.export.published_text import published_texts
from evidence_app.kernel.clock import utc_now
from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.store import current_body, records_of_kind
from evidence_app.storage.models import Item, ItemDerivation
from evidence_app.storage.vault import Vault

FORMAT = "evidence-app/exhibition-review"


def review_path(pdf: Path) -> Path:
    return pdf.with_name(f"{pdf.stem}.review.json")


def write_review(
    vault: Vault, target: Path, pdf_name: str, cleared: ClearedSelection, pdf_sha256: str
) -> None:
    """Write the review of the PDF `pdf_name` to `target` (the export's staging path, which
    it renames beside the PDF), readable by its owner only, flushed to disk."""
    with vault.reader() as session:
        document = _review(session, cleared, pdf_name, pdf_sha256)
    document["regions"] = _regions(vault, cleared)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode())
        handle.flush()
        os.fsync(handle.fileno())


def _basis(people: dict[str, dict[str, Any]], refs: list[str]) -> list[dict[str, str]]:
    basis = []
    for ref in refs:
        consent = people.get(ref, {}).get("consent", [])
        named = person_consents_to(consent, Purpose.NAMING).allowed
        basis.append(
            {
                "pseudonym": str(people.get(ref, {}).get("pseudonym") or ref),
                "consent": "public_named" if named else "public_anonymous",
            }
        )
    return basis


def _review(
    session: Session, cleared: ClearedSelection, pdf_name: str, pdf_sha256: str
) -> dict[str, Any]:
    selection = cleared.selection
    people = dict(records_of_kind(session, "person"))
    unnamed = NameIndex(
        (ref, str(body.get("full_name") or ""), body.get("aliases") or [])
        for ref, body in people.items()
        if not person_consents_to(body.get("consent", []), Purpose.NAMING).allowed
    )
    included: list[dict[str, Any]] = []
    for photo in selection.photos:
        link = current_body(session, "evidence", photo.original_sha256) or {}
        linked = list(link.get("people", []))
        included.append(
            {
                "kind": "photo",
                "exhibit": photo.number,
                "reference": photo.reference,
                "people": _basis(people, linked),
                "basis": "consent of every person shown" if linked else "marked publishable",
            }
        )
    for excerpt in selection.excerpts:
        testimony = current_body(session, "testimony", excerpt.ref) or {}
        witness = [testimony["witness"]] if testimony.get("witness") else []
        included.append(
            {
                "kind": "testimony",
                "ref": excerpt.ref,
                "people": _basis(people, witness),
                "basis": "consent of the witness",
            }
        )
    for ref in selection.facilities:
        included.append({"kind": "facility", "ref": ref, "basis": "place, not a person"})
    for finding in selection.findings:
        included.append(
            {"kind": "condition", "ref": finding["ref"], "basis": "from included testimonies"}
        )
    return {
        "format": FORMAT,
        "version": 1,
        "case": selection.case_ref,
        "pdf": pdf_name,
        "pdf_sha256": pdf_sha256,
        "written": utc_now(),
        "included": included,
        "texts_checked": [
            {"place": t.place.label, "section": t.place.section, "characters": len(t.text)}
            for t in published_texts(selection)
        ],
        "publication_check": [
            {
                **{k: v for k, v in checked.to_json().items() if k != "person"},
                "resolution": None
                if checked.decision is None
                else {
                    "decision": checked.decision.decision,
                    "custody_seq": checked.decision.event_seq,
                    "time": checked.decision.time,
                    "note": masked(
                        checked.decision.note,
                        [(m.start, m.end) for m in unnamed.find(checked.decision.note)],
                    ),
                },
            }
            for checked in cleared.findings
        ],
    }


def _regions(vault: Vault, cleared: ClearedSelection) -> list[dict[str, Any]]:
    """What each photo's redaction used. Today: detected faces and manually marked regions;
    reviewed detector proposals will be listed here too."""
    regions = []
    for photo in cleared.selection.photos:
        with vault.reader() as session:
            original = session.get(Item, photo.item_id)
        assert original is not None
        copy = redacted_copy(vault, original)  # the copy the PDF used: reused, not remade
        with vault.reader() as session:
            derivation = session.get(ItemDerivation, (copy.item_id, original.id))
            parameters = json.loads(derivation.parameters_json) if derivation else {}
        regions.append(
            {
                "exhibit": photo.number,
                "reference": photo.reference,
                "detector": parameters.get("detector"),
                "faces_detected": parameters.get("faces_blurred", []),
                "manual_regions": parameters.get("regions_marked", []),
            }
        )
    return regions
