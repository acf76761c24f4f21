"""The records interchange document (DESIGN §5): validation into normalised record bodies.

A document is checked whole before anything is stored; every problem is reported with the
path of the field (`people[2].consent[0].scope`), so the author can fix all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from evidence_app.records.consent import SCOPES
from evidence_app.records.json_input import InvalidDocument as InvalidDocument  # its old home
from evidence_app.records.json_input import check_json_tree
from evidence_app.records.localized import (
    parse_excerpts,
    parse_language,
    parse_translations,
    with_localized,
)
from evidence_app.records.partial_dates import PartialDateError, parse_partial_date, span

FORMAT = "evidence-app/records"
VERSION = 1
# Kinds in the order they must be stored: later kinds refer to earlier ones.
KINDS = ("case", "person", "facility", "testimony", "incident", "condition", "evidence")
SECTION_OF_KIND = {
    "case": "cases",
    "person": "people",
    "facility": "facilities",
    "testimony": "testimonies",
    "incident": "incidents",
    "condition": "conditions",
    "evidence": "evidence",
}
TESTIMONY_SECTIONS = (
    "background",
    "arrest",
    "detention",
    "treatment",
    "injuries",
    "psychological_effects",
    "medical_examination",
    "aftermath",
    "narrative",
)
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_ref(value: str) -> bool:
    """Whether `value` can be a record's ref (letters, digits and . _ : -, at most 128)."""
    return bool(_REF.match(value))


CodeCheck = Callable[[str, str], str | None]  # (vocabulary, code) → error message or None


@dataclass
class _Checker:
    check_code: CodeCheck
    errors: list[str] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def text(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> str:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.error(f"{path}.{key}", "is required")
            return ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "must be text")
            return ""
        return value.strip()

    def names(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(f"{path}.{key}", "must be a list of names")
            return []
        return [v.strip() for v in value if v.strip()]  # blank names would match nothing

    def ref(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _REF.match(value):
            self.error(path, "must be a ref of letters, digits and . _ : - (at most 128)")
            return ""
        return value

    def refs(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "must be a list")
            return []
        return [self.ref(v, f"{path}.{key}[{i}]") for i, v in enumerate(value)]

    def codes(self, obj: dict[str, Any], key: str, vocabulary: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "must be a list")
            return []
        return [self.code(v, vocabulary, f"{path}.{key}[{i}]") for i, v in enumerate(value)]

    def code(self, value: Any, vocabulary: str, path: str) -> str:
        if not isinstance(value, str):
            self.error(path, "must be a code")
            return ""
        problem = self.check_code(vocabulary, value)
        if problem:
            self.error(path, problem)
        return value

    def partial_date(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_partial_date(value).text
        except (PartialDateError, AttributeError):
            self.error(f"{path}.{key}", f"{value!r} is not a date like 2023, 2023-05 or 2023-05-01")
            return None

    def number(self, obj: dict[str, Any], key: str, path: str, low: float, high: float) -> Any:
        value = obj.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            self.error(f"{path}.{key}", f"must be a number from {low} to {high}")
            return None
        return value


def _case(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    body = {
        "title": c.text(obj, "title", path, required=True),
        "description": c.text(obj, "description", path),
    }
    return with_localized(
        body,
        language=parse_language(c, obj, path),
        translations=parse_translations(c, obj, path, ("title", "description")),
    )


def _consent_entry(c: _Checker, obj: Any, path: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        c.error(path, "must be an object")
        return {}
    scope = obj.get("scope")
    if scope not in SCOPES:
        c.error(f"{path}.scope", f"unknown scope {scope!r}; allowed: {', '.join(SCOPES)}")
    given = c.partial_date(obj, "given_on", path)
    if given is None:
        c.error(f"{path}.given_on", "is required (the day consent was given)")
    withdrawn = c.partial_date(obj, "withdrawn_on", path)
    if (
        given
        and withdrawn
        and parse_partial_date(withdrawn).last_day < parse_partial_date(given).first_day
    ):
        c.error(f"{path}.withdrawn_on", "is before given_on")
    return {
        "scope": scope,
        "given_on": given,
        "recorded_by": c.text(obj, "recorded_by", path),
        "note": c.text(obj, "note", path),
        "withdrawn_on": withdrawn,
    }


def _person(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    consent = obj.get("consent", [])
    if not isinstance(consent, list):
        c.error(f"{path}.consent", "must be a list")
        consent = []
    return {
        "pseudonym": c.text(obj, "pseudonym", path),
        "full_name": c.text(obj, "full_name", path),
        "aliases": c.names(obj, "aliases", path),
        "birth_year": c.number(obj, "birth_year", path, 1900, 2100),
        "citizenship": c.text(obj, "citizenship", path),
        "contact": c.text(obj, "contact", path),
        "roles": c.codes(obj, "roles", "roles", path),
        "consent": [_consent_entry(c, e, f"{path}.consent[{i}]") for i, e in enumerate(consent)],
    }


def _facility(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    kind = obj.get("kind")
    return {
        "name": c.text(obj, "name", path, required=True),
        "kind": c.code(kind, "facility_kinds", f"{path}.kind") if kind is not None else None,
        "region": c.text(obj, "region", path),
        "lat": c.number(obj, "lat", path, -90, 90),
        "lon": c.number(obj, "lon", path, -180, 180),
        "operator": c.text(obj, "operator", path),
        "aliases": c.names(obj, "aliases", path),
    }


def _period(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any] | None:
    period = obj.get("period")
    if period is None:
        return None
    if not isinstance(period, dict):
        c.error(f"{path}.period", "must be an object with from and to")
        return None
    first = c.partial_date(period, "from", f"{path}.period")
    last = c.partial_date(period, "to", f"{path}.period")
    try:
        span(first, last)
    except PartialDateError as error:
        c.error(f"{path}.period", str(error))
    return {"from": first, "to": last}


def _testimony(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    sections = obj.get("sections", {})
    if not isinstance(sections, dict):
        c.error(f"{path}.sections", "must be an object")
        sections = {}
    for name in sections:
        if name not in TESTIMONY_SECTIONS:
            c.error(
                f"{path}.sections.{name}",
                f"unknown section; allowed: {', '.join(TESTIMONY_SECTIONS)}",
            )
    language = parse_language(c, obj, path)
    mode = obj.get("mode")
    body = {
        "case": c.ref(obj.get("case"), f"{path}.case") if obj.get("case") else None,
        "witness": c.ref(obj.get("witness"), f"{path}.witness") if obj.get("witness") else None,
        "interviewer": c.text(obj, "interviewer", path),
        "interviewed_on": c.partial_date(obj, "interviewed_on", path),
        "place": c.text(obj, "place", path),
        "language": language,
        "mode": c.code(mode, "interview_modes", f"{path}.mode") if mode is not None else None,
        "sections": {
            name: c.text(sections, name, f"{path}.sections")
            for name in TESTIMONY_SECTIONS
            if sections.get(name)
        },
        "methods": c.codes(obj, "methods", "methods", path),
        "facilities": c.refs(obj, "facilities", path),
        "period": _period(c, obj, path),
    }
    return with_localized(body, excerpts=parse_excerpts(c, obj, path))


def _incident(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "case": c.ref(obj.get("case"), f"{path}.case") if obj.get("case") else None,
        "facility": c.ref(obj.get("facility"), f"{path}.facility") if obj.get("facility") else None,
        "date": c.partial_date(obj, "date", path),
        "victims": c.refs(obj, "victims", path),
        "perpetrators": c.refs(obj, "perpetrators", path),
        "methods": c.codes(obj, "methods", "methods", path),
        "sources": c.refs(obj, "sources", path),
        "description": c.text(obj, "description", path),
    }


def _condition(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "facility": c.ref(obj.get("facility"), f"{path}.facility"),
        "observed": c.partial_date(obj, "observed", path),
        "period": _period(c, obj, path),
        "rule": c.code(obj.get("rule"), "mandela_rules_topics", f"{path}.rule"),
        "finding": c.text(obj, "finding", path, required=True),
        "sources": c.refs(obj, "sources", path),
    }


def _evidence(c: _Checker, obj: dict[str, Any], path: str) -> dict[str, Any]:
    publishable = obj.get("publishable", False)
    if not isinstance(publishable, bool):
        c.error(f"{path}.publishable", "must be true or false")
    body = {
        "cases": c.refs(obj, "cases", path),
        "people": c.refs(obj, "people", path),
        "facility": c.ref(obj.get("facility"), f"{path}.facility") if obj.get("facility") else None,
        "incident": c.ref(obj.get("incident"), f"{path}.incident") if obj.get("incident") else None,
        "caption": c.text(obj, "caption", path),
        "publishable": publishable is True,
    }
    return with_localized(
        body,
        language=parse_language(c, obj, path),
        translations=parse_translations(c, obj, path, ("caption",)),
    )


_BUILDERS = {
    "case": _case,
    "person": _person,
    "facility": _facility,
    "testimony": _testimony,
    "incident": _incident,
    "condition": _condition,
    "evidence": _evidence,
}


@dataclass(frozen=True)
class ParsedRecord:
    kind: str
    ref: str
    body: dict[str, Any]


def parse_document(
    data: Any, check_code: CodeCheck, known_refs: Callable[[str], Iterable[str]]
) -> list[ParsedRecord]:
    """Validate a whole document; raise InvalidDocument listing every problem.

    `known_refs(kind)` gives the refs already in the vault, so a document may refer to
    records imported earlier.
    """
    check_json_tree(data)
    checker = _Checker(check_code)
    if not isinstance(data, dict):
        raise InvalidDocument(["$: the document must be a JSON object"])
    if data.get("format") != FORMAT:
        checker.error("$.format", f'must be "{FORMAT}"')
    if data.get("version") != VERSION:
        checker.error("$.version", f"must be {VERSION}")
    for key in data:
        if key not in ("format", "version", *SECTION_OF_KIND.values()):
            checker.error(f"$.{key}", "is not part of the records format")
    records: list[ParsedRecord] = []
    for kind in KINDS:
        section = SECTION_OF_KIND[kind]
        entries = data.get(section, [])
        if not isinstance(entries, list):
            checker.error(f"{section}", "must be a list")
            continue
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            path = f"{section}[{index}]"
            if not isinstance(entry, dict):
                checker.error(path, "must be an object")
                continue
            if kind == "evidence":
                ref = str(entry.get("sha256", "")).lower()
                if not _SHA256.match(ref):
                    checker.error(f"{path}.sha256", "must be a SHA-256 in hex")
            else:
                ref = checker.ref(entry.get("ref"), f"{path}.ref")
            if ref in seen:
                checker.error(f"{path}.ref", f"{ref!r} appears twice")
            seen.add(ref)
            records.append(ParsedRecord(kind, ref, _BUILDERS[kind](checker, entry, path)))
    _check_references(checker, records, known_refs)
    if checker.errors:
        raise InvalidDocument(checker.errors)
    return records


# (kind, field, kind it must name); list fields are checked element by element.
_REFERENCES = [
    ("testimony", "case", "case"),
    ("testimony", "witness", "person"),
    ("testimony", "facilities", "facility"),
    ("incident", "case", "case"),
    ("incident", "facility", "facility"),
    ("incident", "victims", "person"),
    ("incident", "perpetrators", "person"),
    ("incident", "sources", "testimony"),
    ("condition", "facility", "facility"),
    ("condition", "sources", "testimony"),
    ("evidence", "cases", "case"),
    ("evidence", "people", "person"),
    ("evidence", "facility", "facility"),
    ("evidence", "incident", "incident"),
]


def _check_references(
    checker: _Checker, records: list[ParsedRecord], known_refs: Callable[[str], Iterable[str]]
) -> None:
    available = {kind: set(known_refs(kind)) for kind in KINDS}
    for record in records:
        available[record.kind].add(record.ref)
    counters: dict[str, int] = {}
    for record in records:
        index = counters.get(record.kind, 0)
        counters[record.kind] = index + 1
        path = f"{SECTION_OF_KIND[record.kind]}[{index}]"
        for kind, key, target in _REFERENCES:
            if record.kind != kind:
                continue
            value = record.body.get(key)
            values = value if isinstance(value, list) else [value] if value else []
            for ref in values:
                if ref and ref not in available[target]:
                    checker.error(f"{path}.{key}", f"no {target} has the ref {ref!r}")
