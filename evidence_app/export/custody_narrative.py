"""One exhibit's custody as a story a court can follow, built from the manifest alone:
capture → each earlier custodian → received → brought into the vault → every vault event →
this export. Steps before the vault are what the receipt recorded (its provenance, signed
into the receipt's event); steps in the vault are the exhibit's proven custody events.

Every fixed word is in `NARRATIVE_WORDS`, said in the dossier's language (export.dossier_words).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from evidence_app.export.dossier_words import action_words, localized
from evidence_app.kernel.catalogs import translator
from evidence_app.media.camera import camera_name
from evidence_app.records.vocabularies import RECEIPT_CHANNELS, vocabulary

NARRATIVE_WORDS: dict[str, str] = {
    "title": "Custody narrative",
    "intro": (
        "From capture to this dossier. What happened before the vault is what was recorded "
        "when the file was received, and is part of the signed event that brought it into "
        "the vault; the steps in the vault are this exhibit's signed custody events."
    ),
    "column_step": "No.",
    "column_when": "When",
    "column_what": "What happened",
    "column_who": "Who / details",
    "column_event": "Event",
    "captured": "Captured",
    "captured_when_unknown": "no capture time in the file",
    "captured_from_file": "time from the file's metadata",
    "camera": "camera: {camera}",
    "held": "Held by {who}",
    "received": "Received",
    "via": "via {channel}",
    "by": "by {who}",
    "ingested": "Brought into the vault",
    "reacquired": "Received again into the vault",
    "source": "source: {source}",
    "exported": "Exported in this dossier",
    "exported_details": "case {case}; the dossier's manifest.json is signed",
    "not_recorded": "not recorded",
    "nobody_named": "not recorded",
    "not_named": "a person not named here, without consent to legal use ({ref})",
}
_RECEIPT_ACTIONS = {"item.ingested": "ingested", "item.reacquired": "reacquired"}


COLUMNS = ("column_step", "column_when", "column_what", "column_who", "column_event")


@dataclass(frozen=True)
class Step:
    what: str
    when: str
    who: str  # who, and the details of the step
    seq: int | None = None  # the custody event the step is, for vault steps
    event_hash: str | None = None


def party_text(party: dict[str, Any] | None, words: dict[str, str] = NARRATIVE_WORDS) -> str:
    """A person by pseudonym, a person without legal consent by ref alone
    (export.provenance_consent), or a name as it was typed."""
    if not party:
        return words["nobody_named"]
    if party.get("not_named"):
        return words["not_named"].format(ref=party.get("person", ""))
    return str(party.get("pseudonym") or party.get("person") or party.get("name") or "")


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _capture(exhibit: dict[str, Any], words: dict[str, str]) -> Step:
    camera = exhibit.get("camera") or {}
    named = camera_name(camera.get("make"), camera.get("model"))
    captured_by = next(
        (r["captured_by"] for r in exhibit.get("provenance", []) if r.get("captured_by")), None
    )
    when = exhibit.get("captured_at")
    return Step(
        words["captured"],
        when.replace("T", " ") if when else words["captured_when_unknown"],
        _join(
            words["by"].format(who=party_text(captured_by, words)),
            words["captured_from_file"] if when else "",
            words["camera"].format(camera=named) if named else "",
        ),
    )


def _before_the_vault(
    receipt: dict[str, Any], event: dict[str, Any] | None, words: dict[str, str], language: str
) -> list[Step]:
    steps = [
        Step(
            words["held"].format(who=party_text(custodian, words)),
            custodian.get("date") or words["not_recorded"],
            custodian.get("purpose", ""),
        )
        for custodian in receipt.get("custodians", [])
    ]
    channel = receipt.get("received_via")
    receiver = event["actor"]["name"] if event else ""
    steps.append(
        Step(
            words["received"],
            receipt.get("received_on") or words["not_recorded"],
            _join(
                words["via"].format(channel=vocabulary(RECEIPT_CHANNELS).label(channel, language))
                if channel
                else "",
                words["by"].format(who=receiver) if receiver else "",
            ),
        )
    )
    return steps


def _vault_step(event: dict[str, Any], what: str, details: str) -> Step:
    return Step(
        what,
        event["time"].replace("T", " "),
        _join(event["actor"]["name"], details),
        event["seq"],
        event["hash"],
    )


def custody_narrative(
    exhibit: dict[str, Any],
    case_ref: str,
    exported: str,
    describe: Callable[[dict[str, Any]], str],
    language: str = "en",
) -> list[Step]:
    """The steps of one manifest exhibit, in `language`; `describe` says an event's details
    in a line. Vault events are named by their actions' words, which wrap between words."""
    words = localized(NARRATIVE_WORDS, language)
    translate = translator(language)
    receipts = {r["receipt_event_seq"]: r for r in exhibit.get("provenance", [])}
    events = list(exhibit.get("custody", []))
    proven = {event["seq"] for event in events}
    steps = [_capture(exhibit, words)]
    for seq, receipt in receipts.items():  # a receipt whose event is not among the proven
        if seq not in proven:
            steps += _before_the_vault(receipt, None, words, language)
    for event in events:
        receipt = receipts.get(event["seq"])
        if receipt is not None and event["action"] in _RECEIPT_ACTIONS:
            steps += _before_the_vault(receipt, event, words, language)
            what = words[_RECEIPT_ACTIONS[event["action"]]]
            source = words["source"].format(source=receipt["source"]) if receipt["source"] else ""
            steps.append(_vault_step(event, what, source))
        else:
            what = action_words(event["action"], translate)
            steps.append(_vault_step(event, what, describe(event)))
    steps.append(
        Step(
            words["exported"],
            exported.replace("T", " "),
            words["exported_details"].format(case=case_ref),
        )
    )
    return steps
