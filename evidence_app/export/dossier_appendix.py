"""The dossier's appendices: every custody event in full, the checkpoint and the signer."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Preformatted, Spacer

from evidence_app.export.dossier_exhibit_page import detail_text
from evidence_app.export.dossier_tables import facts_table, wrapped
from evidence_app.export.dossier_words import action_words, language_of, localized
from evidence_app.export.pdf_parts import para
from evidence_app.kernel.catalogs import translator

# Every fixed word of the appendices.
APPENDIX_WORDS = {
    "events_heading": "Appendix A: custody events",
    "events_intro": (
        "Every event below is signed by the signer key and proven to be part of the custody "
        "log of the checkpoint in Appendix B. Subjects are named by exhibit number or record "
        "reference; the vault's own identifiers, full hashes, signatures and proofs are in "
        "manifest.json."
    ),
    "event": "Event {seq}",
    "time": "Time (UTC)",
    "action": "Action",
    "subject": "Subject",
    "by": "By",
    "details": "Event details",
    "event_hash": "Event hash",
    "previous": "Previous",
    "exhibit": "Exhibit {number}",
    "testimonies": "Testimony {ref}",
    "incidents": "Incident {ref}",
    "findings": "Finding {ref}",
    "facilities": "Facility {ref}",
    "person": "Person {person}",
    "checkpoint_heading": "Appendix B: checkpoint and signer",
    "checkpoint_intro": (
        "The checkpoint is a signed tree head (C2SP tlog-checkpoint) over the custody log: "
        "the number of events and the root of their RFC 6962 Merkle tree."
    ),
    "wrapped": "Long lines are wrapped here; manifest.json holds the note exactly.",
    "signer": "Signer",
    "name": "Name",
    "algorithm": "Algorithm",
    "public_key": "Public key (base64)",
    "key_sha256": "SHA-256 of the key",
    "minisign": "minisign key id",
    "certificate": "PDF certificate (SHA-256)",
    "certificate_note": (
        "This PDF is signed with a one-time key whose certificate is named above and in "
        "the signed manifest; PDF readers call its issuer unknown, which is expected."
    ),
}
_RECORD_SECTIONS = ("testimonies", "incidents", "findings", "facilities")


def _events_and_subjects(
    manifest: dict[str, Any], words: dict[str, str]
) -> tuple[dict[int, dict[str, Any]], dict[str, str]]:
    """Every event the dossier proves, by seq, and what each subject id is in the dossier."""
    events: dict[int, dict[str, Any]] = {}
    subjects: dict[str, str] = {}

    def consent(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            for event in entry["custody"]:
                events[event["seq"]] = event
                subjects.setdefault(
                    event["subject"], words["person"].format(person=entry["person"])
                )

    for exhibit in manifest["exhibits"]:
        named = words["exhibit"].format(number=exhibit["number"])
        for event in exhibit["custody"]:
            events[event["seq"]] = event
            subjects[event["subject"]] = named
    for section in _RECORD_SECTIONS:
        for record in manifest.get(section, []):
            named = words[section].format(ref=record["ref"])
            for event in record["custody"]:
                events[event["seq"]] = event
                subjects[event["subject"]] = named
            consent(record.get("consent", []))
    for exhibit in manifest["exhibits"]:
        consent(exhibit.get("consent", []))
    return events, subjects


def _details(event: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Flowable:
    """Every detail the event carries, one per line, as it is recorded."""
    details = event.get("details") or {}
    lines = [f"{key}: {detail_text(value)}" for key, value in details.items()]
    return para("\n".join(lines) or "—", styles["body"])


def custody_appendix(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    language = language_of(manifest)
    words, translate = localized(APPENDIX_WORDS, language), translator(language)
    events, subjects = _events_and_subjects(manifest, words)
    flow: list[Flowable] = [
        para(words["events_heading"], styles["h1"]),
        para(words["events_intro"], styles["small"]),
        Spacer(1, 3 * mm),
    ]
    for seq in sorted(events):
        event = events[seq]
        action = action_words(event["action"], translate)
        rows: list[tuple[str, Flowable | str]] = [
            (words["time"], event["time"]),
            (words["action"], f"{action} ({event['action']})"),
            (words["subject"], subjects.get(event["subject"], event["subject"])),
            (words["by"], f"{event['actor']['name']}"),
            (words["details"], _details(event, styles)),
            (words["event_hash"], para(event["hash"], styles["mono"])),
            (words["previous"], para(event["prev"], styles["mono"])),
        ]
        title = para(words["event"].format(seq=seq), styles["h2"])
        flow.append(KeepTogether([title, facts_table(rows, styles)]))
    return flow


def checkpoint_appendix(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    words = localized(APPENDIX_WORDS, language_of(manifest))
    checkpoint, signer = manifest["checkpoint"], manifest["signer"]
    flow: list[Flowable] = [
        para(words["checkpoint_heading"], styles["h1"]),
        para(words["checkpoint_intro"], styles["small"]),
        Spacer(1, 3 * mm),
        Preformatted(wrapped(checkpoint["note"], 88), styles["mono"]),
        para(words["wrapped"], styles["small"]),
        Spacer(1, 6 * mm),
        para(words["signer"], styles["h2"]),
    ]
    rows: list[tuple[str, Flowable | str]] = [
        (words["name"], signer["name"]),
        (words["algorithm"], signer["algorithm"]),
        (words["public_key"], para(signer["public_key"], styles["mono"])),
        (words["key_sha256"], para(signer["fingerprint_sha256"], styles["mono"])),
        (words["minisign"], para(signer["minisign_key_id"], styles["mono"])),
        (words["certificate"], para(signer["pdf_certificate_sha256"], styles["mono"])),
    ]
    flow += [facts_table(rows, styles), para(words["certificate_note"], styles["small"])]
    return flow
