"""The dossier's appendices: every custody event in full, the checkpoint and the signer."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Preformatted, Spacer

from evidence_app.export.dossier_exhibit_page import event_summary
from evidence_app.export.dossier_tables import facts_table, wrapped
from evidence_app.export.pdf_parts import para


def custody_appendix(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    events: dict[int, dict[str, Any]] = {}
    for exhibit in manifest["exhibits"]:
        for event in exhibit["custody"]:
            events[event["seq"]] = event
    for section in ("testimonies", "incidents", "findings", "facilities"):
        for record in manifest.get(section, []):
            for event in record["custody"]:
                events[event["seq"]] = event
            for entry in record.get("consent", []):  # exhibits' consent is below
                events.update((event["seq"], event) for event in entry["custody"])
    for exhibit in manifest["exhibits"]:
        for entry in exhibit.get("consent", []):
            events.update((event["seq"], event) for event in entry["custody"])
    flow: list[Flowable] = [
        para("Appendix A: custody events", styles["h1"]),
        para(
            "Every event below is signed by the signer key and proven to be part of the custody "
            "log of the checkpoint in Appendix B. Full hashes, signatures and proofs are in "
            "manifest.json.",
            styles["small"],
        ),
        Spacer(1, 3 * mm),
    ]
    for seq in sorted(events):
        event = events[seq]
        rows: list[tuple[str, Flowable | str]] = [
            ("Time (UTC)", event["time"]),
            ("Action", event["action"]),
            ("Subject", event["subject"]),
            ("By", f"{event['actor']['name']}"),
            ("Details", event_summary(event) or "—"),
            ("Event hash", para(event["hash"], styles["mono"])),
            ("Previous", para(event["prev"], styles["mono"])),
        ]
        flow.append(KeepTogether([para(f"Event {seq}", styles["h2"]), facts_table(rows, styles)]))
    return flow


def checkpoint_appendix(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    checkpoint, signer = manifest["checkpoint"], manifest["signer"]
    flow: list[Flowable] = [para("Appendix B: checkpoint and signer", styles["h1"])]
    flow.append(
        para(
            "The checkpoint is a signed tree head (C2SP tlog-checkpoint) over the custody log: "
            "the number of events and the root of their RFC 6962 Merkle tree.",
            styles["small"],
        )
    )
    flow += [Spacer(1, 3 * mm)]
    flow.append(Preformatted(wrapped(checkpoint["note"], 88), styles["mono"]))
    flow.append(
        para("Long lines are wrapped here; manifest.json holds the note exactly.", styles["small"])
    )
    flow += [Spacer(1, 6 * mm), para("Signer", styles["h2"])]
    rows: list[tuple[str, Flowable | str]] = [
        ("Name", signer["name"]),
        ("Algorithm", signer["algorithm"]),
        ("Public key (base64)", para(signer["public_key"], styles["mono"])),
        ("SHA-256 of the key", para(signer["fingerprint_sha256"], styles["mono"])),
        ("minisign key id", para(signer["minisign_key_id"], styles["mono"])),
        ("PDF certificate (SHA-256)", para(signer["pdf_certificate_sha256"], styles["mono"])),
    ]
    flow.append(facts_table(rows, styles))
    flow.append(
        para(
            "This PDF is signed with a one-time key whose certificate is named above and in "
            "the signed manifest; PDF readers call its issuer unknown, which is expected.",
            styles["small"],
        )
    )
    return flow
