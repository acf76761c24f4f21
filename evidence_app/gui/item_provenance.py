"""What a receipt's provenance says, as cells of the item view's Sources tab, read-only and
in the interface language: who captured the file, when and how it was received, and who
held it before, in order (records.provenance)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evidence_app.core.records_service import RECEIPT_CHANNELS, format_date, vocabulary
from evidence_app.gui.i18n import language, tr

HEADINGS = ("Captured by", "Received on", "Received via", "Prior custodians")


def headings() -> list[str]:
    return [tr(heading) for heading in HEADINGS]


def _party(party: Mapping[str, Any], people: Mapping[str, str]) -> str:
    """A person by how the app lists them (their ref if no longer listed), or the name typed."""
    ref = party.get("person")
    if ref:
        return people.get(ref, ref)
    return str(party.get("name") or "—")


def _custodian(custodian: Mapping[str, Any], people: Mapping[str, str]) -> str:
    parts = [_party(custodian, people)]
    if custodian.get("date"):
        parts.append(format_date(custodian["date"], language()))
    text = ", ".join(parts)
    return f"{text}: {custodian['purpose']}" if custodian.get("purpose") else text


def provenance_cells(provenance: Mapping[str, Any] | None, people: Mapping[str, str]) -> list[str]:
    """One cell per heading; `people`: person ref → how the app names them. Custodians one
    a line, earliest first."""
    recorded = provenance or {}
    captured = recorded.get("captured_by")
    channel = recorded.get("received_via")
    custodians = recorded.get("custodians") or []
    return [
        _party(captured, people) if captured else "—",
        format_date(recorded["received_on"], language()) if recorded.get("received_on") else "—",
        vocabulary(RECEIPT_CHANNELS).label(channel, language()) if channel else "—",
        "\n".join(_custodian(c, people) for c in custodians) or "—",
    ]
