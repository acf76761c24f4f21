"""Provenance of a receipt: who captured an item, when and how it reached the person who
brought it into the vault, and who held it before (the Berkeley Protocol's chain of custody).

One shape everywhere, as JSON, with only what was given:

    {"captured_by": {"person": "p-017"} | {"name": "…"},
     "received_on": "2024-03-15", "received_via": "signal",
     "custodians": [{"person": "p-018" | "name": "…", "date": "2024-03", "purpose": "…"}]}

Custodians are in the order they held it, before it was received. Dates are partial ISO
dates (`2024`, `2024-03`, `2024-03-15`); the channel is a code of the `receipt_channels`
vocabulary. The records format's `evidence[].provenance`, the CLI options and the import
dialog all produce this shape, and `parse_provenance` is the one place that checks it. It is
kept on the receipt (`item_sources.provenance_json`) and signed into the receipt's custody
event, so `verify` finds a catalog that says otherwise.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from evidence_app.kernel.errors import BadInput
from evidence_app.records.local_formats import Unreadable, parse_date
from evidence_app.records.problems import Message as M
from evidence_app.records.vocabularies import RECEIPT_CHANNELS

KEYS = ("captured_by", "received_on", "received_via", "custodians")
_PARTY_KEYS = ("person", "name")
_CUSTODIAN_KEYS = (*_PARTY_KEYS, "date", "purpose")
PERSON_PREFIX = "person:"  # how a person ref is typed where a name could be


class InvalidProvenance(BadInput):
    """Provenance given at ingest that cannot be recorded; nothing was ingested."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "The provenance was not recorded and nothing was ingested:\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
        self.problems = problems


class ProvenanceChecker(Protocol):
    """What `records.document`'s checker offers: each finding is kept with its path."""

    def error(self, path: str, message: M, **params: Any) -> None: ...

    def text(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> str: ...

    def partial_date(self, obj: dict[str, Any], key: str, path: str) -> str | None: ...

    def code(self, value: Any, vocabulary: str, path: str) -> str: ...

    def ref(self, value: Any, path: str) -> str: ...


def _stray_keys(
    c: ProvenanceChecker, obj: dict[str, Any], allowed: tuple[str, ...], path: str
) -> None:
    for key in obj:
        if key not in allowed:
            c.error(f"{path}.{key}", M.UNKNOWN_FIELD, allowed=", ".join(allowed))


def _party(c: ProvenanceChecker, obj: dict[str, Any], path: str) -> dict[str, str]:
    """`person` (a ref) or `name` (free text), never both: a ref shows as a pseudonym."""
    person = c.ref(obj["person"], f"{path}.person") if obj.get("person") else ""
    name = c.text(obj, "name", path)
    if person and name:
        c.error(f"{path}.name", M.ONE_OF, first="person", second="name")
    if person:
        return {"person": person}
    return {"name": name} if name else {}


def parse_provenance(c: ProvenanceChecker, value: Any, path: str) -> dict[str, Any] | None:
    """The provenance normalised (blank parts dropped), or None when nothing is given."""
    if value is None:
        return None
    if not isinstance(value, dict):
        c.error(path, M.NOT_AN_OBJECT)
        return None
    _stray_keys(c, value, KEYS, path)
    parsed: dict[str, Any] = {}
    captured = value.get("captured_by")
    if isinstance(captured, str):  # a name, as typed
        captured = {"name": captured}
    if captured is not None:
        if isinstance(captured, dict):
            _stray_keys(c, captured, _PARTY_KEYS, f"{path}.captured_by")
            if party := _party(c, captured, f"{path}.captured_by"):
                parsed["captured_by"] = party
        else:
            c.error(f"{path}.captured_by", M.NOT_AN_OBJECT)
    if received_on := c.partial_date(value, "received_on", path):
        parsed["received_on"] = received_on
    if value.get("received_via") not in (None, ""):
        parsed["received_via"] = c.code(
            value["received_via"], RECEIPT_CHANNELS, f"{path}.received_via"
        )
    custodians = value.get("custodians", [])
    if not isinstance(custodians, list):
        c.error(f"{path}.custodians", M.NOT_A_LIST)
        custodians = []
    chain = []
    for index, entry in enumerate(custodians):
        where = f"{path}.custodians[{index}]"
        if not isinstance(entry, dict):
            c.error(where, M.NOT_AN_OBJECT)
            continue
        _stray_keys(c, entry, _CUSTODIAN_KEYS, where)
        custodian: dict[str, Any] = _party(c, entry, where)
        if not custodian:
            c.error(f"{where}.name", M.REQUIRED)
        if date := c.partial_date(entry, "date", where):
            custodian["date"] = date
        if purpose := c.text(entry, "purpose", where):
            custodian["purpose"] = purpose
        chain.append(custodian)
    if chain:
        parsed["custodians"] = chain
    return parsed or None


def person_refs(provenance: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(where below `provenance`, ref) of every person the provenance names."""
    if not provenance:
        return []
    found = []
    if ref := provenance.get("captured_by", {}).get("person"):
        found.append(("captured_by.person", ref))
    for index, custodian in enumerate(provenance.get("custodians", [])):
        if ref := custodian.get("person"):
            found.append((f"custodians[{index}].person", ref))
    return found


def stored_text(provenance: dict[str, Any] | None) -> str | None:
    """The catalog's form: canonical JSON, so equal provenance is equal text."""
    if not provenance:
        return None
    return json.dumps(provenance, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_stored(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    value: dict[str, Any] = json.loads(text)
    return value


# -- typed forms (the command line) ------------------------------------------------------


def typed_party(text: str) -> dict[str, str]:
    """`person:p-017` names a person record; anything else is a name as typed."""
    text = text.strip()
    if text.lower().startswith(PERSON_PREFIX):
        return {"person": text[len(PERSON_PREFIX) :].strip()}
    return {"name": text} if text else {}


def typed_date(text: str, what: str, language: str = "en") -> str | None:
    """A date as a person types it (ISO, or day first: 15.03.2024, 03.2024, 2024)."""
    try:
        return parse_date(text, language)
    except Unreadable as error:
        raise InvalidProvenance([f"{what}: {error}"]) from None


def typed_custodian(text: str, language: str = "en") -> dict[str, str]:
    """`NAME|DATE|PURPOSE` (date and purpose may be left out; NAME may be person:REF)."""
    name, _bar, rest = text.partition("|")
    date_text, _bar, purpose = rest.partition("|")
    custodian = typed_party(name)
    if not custodian:
        raise InvalidProvenance([f"custodian {text!r}: give a name or person:REF first"])
    if date := typed_date(date_text, f"custodian {text!r}", language):
        custodian["date"] = date
    if purpose.strip():
        custodian["purpose"] = purpose.strip()
    return custodian


def typed_provenance(
    captured_by: str | None = None,
    received_on: str | None = None,
    received_via: str | None = None,
    custodians: list[str] | None = None,
    language: str = "en",
) -> dict[str, Any] | None:
    """The provenance as typed, in the JSON shape, still to be checked by the ingest."""
    value: dict[str, Any] = {}
    if captured_by and (party := typed_party(captured_by)):
        value["captured_by"] = party
    if received_on and (date := typed_date(received_on, "received on", language)):
        value["received_on"] = date
    if received_via and received_via.strip():
        value["received_via"] = received_via.strip()
    chain = [typed_custodian(text, language) for text in custodians or []]
    if chain:
        value["custodians"] = chain
    return value or None
