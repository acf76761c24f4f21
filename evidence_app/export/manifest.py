"""`manifest.json` of an accountability dossier: what the signer vouches for.

It names every exhibit file with its SHA-256 and size, the custody events of each exhibit
and of each record with inclusion proofs, the links between exhibits and records both ways,
the consent entries each exhibit and testimony relies on with the events that recorded them,
the checkpoint those proofs lead to with consistency proofs from the log's earlier
checkpoints, and the signer's public key. It is written as UTF-8 JSON with sorted keys,
signed with minisign and embedded in the PDF; its SHA-256 is logged as `export.created`.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from evidence_app import __version__
from evidence_app.crypto.identity import fingerprint
from evidence_app.export.exhibit_numbers import NOT_INCLUDED
from evidence_app.export.manifest_links import add_links_and_consent
from evidence_app.export.minisign import key_id_text
from evidence_app.export.selection import SelectedRecord, Selection

FORMAT = "evidence-app/accountability-dossier"
VERSION = 1
EVIDENCE_DIR = "evidence"


@dataclass(frozen=True)
class Signer:
    name: str
    public_key: bytes
    pdf_certificate_sha256: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "pdf_certificate_sha256": self.pdf_certificate_sha256,
            "name": self.name,
            "algorithm": "Ed25519",
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "fingerprint_sha256": fingerprint(self.public_key),
            "minisign_key_id": key_id_text(self.public_key),
        }


@dataclass(frozen=True)
class IssuedCheckpointView:
    origin: str
    size: int
    root: str
    note: str
    # {"from_size", "proof"} from each earlier checkpoint of the log (`verify-dossier
    # --previous`); the proofs need no signature, they lead to two signed roots or fail.
    consistency: list[dict[str, Any]] = field(default_factory=list)


def _record_json(
    record: SelectedRecord, events: dict[int, dict[str, Any]], event_seq: int | None
) -> dict[str, Any]:
    return {
        "ref": record.ref,
        "revision": record.revision,
        "revision_sha256": record.sha256,
        "content": record.body,
        "custody": [events[event_seq]] if event_seq in events else [],
    }


def build_manifest(
    selection: Selection,
    created: str,
    signer: Signer,
    checkpoint: IssuedCheckpointView,
    exhibit_events: dict[str, list[dict[str, Any]]],
    record_events: dict[int, dict[str, Any]],
    record_event_seq: dict[tuple[str, str], int],
    language: str = "en",
) -> dict[str, Any]:
    """`exhibit_events` maps item id → its proven events; `record_events` seq → proven event.
    `language`: what the PDF and the declaration are written in (keys and codes stay English)."""

    def record(rec: SelectedRecord) -> dict[str, Any]:
        return _record_json(rec, record_events, record_event_seq.get((rec.kind, rec.ref)))

    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "tool": f"evidence-app {__version__}",
        "created": created,
        "language": language,
        "case": {"ref": selection.case_ref, **selection.case},
        "signer": signer.to_json(),
        "checkpoint": {
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root_sha256": checkpoint.root,
            "note": checkpoint.note,
            "consistency": checkpoint.consistency,
        },
        "exhibits": [
            {
                "number": exhibit.number,
                "file": f"{EVIDENCE_DIR}/{exhibit.file_name}",
                "sha256": exhibit.sha256,
                "size": exhibit.size,
                "original_name": exhibit.original_name,
                "media_type": exhibit.media_type,
                "captured_at": exhibit.captured_at,
                "gps": exhibit.gps,
                "camera": exhibit.camera,
                "dimensions": exhibit.dimensions,
                "document": exhibit.document,
                "credentials": exhibit.credentials,
                "caption": exhibit.caption,
                "people": exhibit.people,
                "sources": exhibit.sources,
                "provenance": exhibit.provenance,
                "custody": exhibit_events.get(exhibit.item_id, []),
                "observations": [
                    found.to_json() for found in selection.observations.of(exhibit.item_id)
                ],
            }
            for exhibit in selection.exhibits
        ],
        "testimonies": [
            {**record(r), "translation_checks": selection.translation_checks.get(r.ref, [])}
            for r in selection.testimonies
        ],
        "incidents": [record(r) for r in selection.incidents],
        "findings": [record(r) for r in selection.findings],
        "facilities": [record(r) for r in selection.facilities],
        "people": referenced_people(selection),
        "omitted": [omission.to_json() for omission in selection.omitted],
        "observations": selection.observations.summary_json(),
        "not_included": not_included(selection),
    }
    add_links_and_consent(manifest, selection, record_events)
    return manifest


def not_included(selection: Selection) -> list[dict[str, str]]:
    """The gaps in the case's exhibit numbers: by number alone, which identifies nothing
    the edition that showed it did not already show."""
    return [{"number": number, "note": NOT_INCLUDED} for number in selection.not_included]


def referenced_people(selection: Selection) -> dict[str, str]:
    """Pseudonyms of the people the included records name, and of nobody else."""
    refs: set[str] = set()
    for testimony in selection.testimonies:
        if testimony.body.get("witness"):
            refs.add(testimony.body["witness"])
    for incident in selection.incidents:
        refs.update(incident.body.get("victims", []))
        refs.update(incident.body.get("perpetrators", []))
    return {ref: selection.pseudonyms.get(ref, ref) for ref in sorted(refs)}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
