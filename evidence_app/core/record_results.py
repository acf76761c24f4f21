"""What the record use cases return. A record's body is a document in the records format
(DESIGN §5), checked when it was saved; it stays a mapping, carried in a typed envelope."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evidence_app.storage.models import Record, RecordRevision


@dataclass(frozen=True)
class RecordView:
    """The current revision of one record."""

    kind: str
    ref: str
    revision: int
    body: dict[str, Any]

    @classmethod
    def of(cls, row: Record) -> RecordView:
        return cls(row.kind, row.ref, row.revision, json.loads(row.body_json))


@dataclass(frozen=True)
class RevisionView:
    """One saved revision; `event_seq` is the custody event that logged its hash."""

    revision: int
    sha256: str
    saved_at: str
    event_seq: int
    body: dict[str, Any]

    @classmethod
    def of(cls, row: RecordRevision) -> RevisionView:
        return cls(row.revision, row.sha256, row.saved_at, row.event_seq, json.loads(row.body_json))


@dataclass(frozen=True)
class ExportedRecords:
    """How many records of each section `records export` wrote, in the file's order."""

    cases: int
    people: int
    facilities: int
    testimonies: int
    incidents: int
    conditions: int
    evidence: int

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "people": self.people,
            "facilities": self.facilities,
            "testimonies": self.testimonies,
            "incidents": self.incidents,
            "conditions": self.conditions,
            "evidence": self.evidence,
        }
