"""The records interchange document (DESIGN §5): validation into normalised record bodies.

A document is checked whole before anything is stored; every problem is reported with the
path of the field (`people[2].consent[0].scope`), so the author can fix all of them at once.
What each kind holds is `records.schema`; this module walks it.
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
)
from evidence_app.records.partial_dates import PartialDateError, parse_partial_date, span
from evidence_app.records.problems import Message as M
from evidence_app.records.problems import Problem
from evidence_app.records.provenance import InvalidProvenance, parse_provenance, person_refs
from evidence_app.records.schema import (
    RECORD_KINDS,
    TESTIMONY_SECTIONS,
    Field,
    RecordKind,
    Type,
)
from evidence_app.records.structured import (
    is_empty,
    parse_group,
    parse_items,
    parse_rows,
    parse_yes_no,
)
from evidence_app.records.testimony_translations import check_revisions

FORMAT = "evidence-app/records"
VERSION = 1
# Kinds in the order they must be stored: later kinds refer to earlier ones.
KINDS = tuple(RECORD_KINDS)
SECTION_OF_KIND = {kind.name: kind.section for kind in RECORD_KINDS.values()}
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_ref(value: str) -> bool:
    """Whether `value` can be a record's ref (letters, digits and . _ : -, at most 128)."""
    return bool(_REF.match(value))


CodeCheck = Callable[[str, str], str | None]  # (vocabulary, code) → error message or None


@dataclass(frozen=True)
class Known:
    """What the vault holds that a record may name besides records (records.store.known_in
    reads them): a record's latest revision (0: none yet) and whether an item exists. The
    defaults know no vault: every record is new and items are taken on trust."""

    revision: Callable[[str, str], int] = lambda _kind, _ref: 0
    has_item: Callable[[str], bool] = lambda _sha256: True


@dataclass
class _Checker:
    check_code: CodeCheck
    known: Known = field(default_factory=Known)
    errors: list[Problem] = field(default_factory=list)

    def error(self, path: str, message: M, **params: Any) -> None:
        self.errors.append(Problem.at(path, message, **params))

    def text(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> str:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.error(f"{path}.{key}", M.REQUIRED)
            return ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", M.NOT_TEXT)
            return ""
        return value.strip()

    def names(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(f"{path}.{key}", M.NOT_NAMES)
            return []
        return [v.strip() for v in value if v.strip()]  # blank names would match nothing

    def ref(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _REF.match(value):
            self.error(path, M.NOT_A_REF)
            return ""
        return value

    def refs(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", M.NOT_A_LIST)
            return []
        return [self.ref(v, f"{path}.{key}[{i}]") for i, v in enumerate(value)]

    def codes(self, obj: dict[str, Any], key: str, vocabulary: str, path: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", M.NOT_A_LIST)
            return []
        return [self.code(v, vocabulary, f"{path}.{key}[{i}]") for i, v in enumerate(value)]

    def code(self, value: Any, vocabulary: str, path: str) -> str:
        if not isinstance(value, str):
            self.error(path, M.NOT_A_CODE)
            return ""
        problem = self.check_code(vocabulary, value)
        if problem:
            self.error(path, M.UNKNOWN_CODE, problem=problem, code=value)
        return value

    def partial_date(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_partial_date(value).text
        except (PartialDateError, AttributeError):
            self.error(f"{path}.{key}", M.NOT_A_DATE, value=value)
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
            self.error(f"{path}.{key}", M.NOT_A_NUMBER, low=low, high=high)
            return None
        return value


def _consent_entry(c: _Checker, obj: Any, path: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        c.error(path, M.NOT_AN_OBJECT)
        return {}
    scope = obj.get("scope")
    if scope not in SCOPES:
        c.error(f"{path}.scope", M.UNKNOWN_SCOPE, scope=scope, allowed=", ".join(SCOPES))
    given = c.partial_date(obj, "given_on", path)
    if given is None:
        c.error(f"{path}.given_on", M.CONSENT_GIVEN_REQUIRED)
    withdrawn = c.partial_date(obj, "withdrawn_on", path)
    if (
        given
        and withdrawn
        and parse_partial_date(withdrawn).last_day < parse_partial_date(given).first_day
    ):
        c.error(f"{path}.withdrawn_on", M.WITHDRAWN_BEFORE_GIVEN)
    return {
        "scope": scope,
        "given_on": given,
        "recorded_by": c.text(obj, "recorded_by", path),
        "note": c.text(obj, "note", path),
        "withdrawn_on": withdrawn,
    }


def _consent(c: _Checker, obj: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
    consent = obj.get(key, [])
    if not isinstance(consent, list):
        c.error(f"{path}.{key}", M.NOT_A_LIST)
        return []
    return [_consent_entry(c, e, f"{path}.{key}[{i}]") for i, e in enumerate(consent)]


def _period(c: _Checker, obj: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
    period = obj.get(key)
    if period is None:
        return None
    if not isinstance(period, dict):
        c.error(f"{path}.{key}", M.NOT_A_PERIOD)
        return None
    first = c.partial_date(period, "from", f"{path}.{key}")
    last = c.partial_date(period, "to", f"{path}.{key}")
    try:
        span(first, last)
    except PartialDateError:  # each end is a date by now: the period runs backwards
        c.error(f"{path}.{key}", M.PERIOD_REVERSED, first=first, last=last)
    return {"from": first, "to": last}


def _sections(c: _Checker, obj: dict[str, Any], key: str, path: str) -> dict[str, str]:
    sections = obj.get(key, {})
    if not isinstance(sections, dict):
        c.error(f"{path}.{key}", M.NOT_AN_OBJECT)
        return {}
    for name in sections:
        if name not in TESTIMONY_SECTIONS:
            c.error(
                f"{path}.{key}.{name}", M.UNKNOWN_SECTION, allowed=", ".join(TESTIMONY_SECTIONS)
            )
    return {
        name: c.text(sections, name, f"{path}.{key}")
        for name in TESTIMONY_SECTIONS
        if sections.get(name)
    }


def _flag(c: _Checker, obj: dict[str, Any], key: str, path: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        c.error(f"{path}.{key}", M.NOT_A_FLAG)
    return value is True


def _value(c: _Checker, spec: Field, obj: dict[str, Any], path: str) -> Any:
    """One field of a record, checked and normalised as its type says."""
    key, type_ = spec.key, spec.type
    if type_ in (Type.TEXT, Type.LONG_TEXT):
        return c.text(obj, key, path, required=spec.required)
    if type_ is Type.NAMES:
        return c.names(obj, key, path)
    if type_ is Type.NUMBER:
        assert spec.bounds is not None
        return c.number(obj, key, path, *spec.bounds)
    if type_ is Type.DATE:
        return c.partial_date(obj, key, path)
    if type_ is Type.PERIOD:
        return _period(c, obj, key, path)
    if type_ is Type.CODE:
        assert spec.vocabulary is not None
        value = obj.get(key)
        if value is None and not spec.required:
            return None
        return c.code(value, spec.vocabulary, f"{path}.{key}")
    if type_ is Type.CODES:
        assert spec.vocabulary is not None
        return c.codes(obj, key, spec.vocabulary, path)
    if type_ is Type.REF:
        if not obj.get(key) and not spec.required:
            return None
        return c.ref(obj.get(key), f"{path}.{key}")
    if type_ is Type.REFS:
        return c.refs(obj, key, path)
    if type_ is Type.FLAG:
        return _flag(c, obj, key, path)
    if type_ is Type.SECTIONS:
        return _sections(c, obj, key, path)
    if type_ is Type.CONSENT:
        return _consent(c, obj, key, path)
    if type_ is Type.LANGUAGE:
        return parse_language(c, obj, path)
    if type_ is Type.TRANSLATIONS:
        return parse_translations(c, obj, path, spec.translated)
    if type_ is Type.EXCERPTS:
        return parse_excerpts(c, obj, path)
    return _structured(c, spec, obj, path)


def _structured(c: _Checker, spec: Field, obj: dict[str, Any], path: str) -> Any:
    """The types added with the Istanbul Protocol fields (records.structured)."""

    def part(part: Field, holder: dict[str, Any], where: str) -> Any:
        return _value(c, part, holder, where)

    if spec.type is Type.YES_NO:
        return parse_yes_no(c, obj, spec.key, path)
    if spec.type is Type.ITEMS:
        return parse_items(c, obj, spec.key, path, c.known.has_item)
    if spec.type is Type.GROUP:
        return parse_group(c, spec, obj, path, part)
    if spec.type is Type.ROWS:
        return parse_rows(c, spec, obj, path, part)
    assert spec.type is Type.SECTION_TRANSLATIONS
    raw = obj.get(spec.key)
    rows = parse_rows(c, spec, obj, path, part)
    if isinstance(raw, list):  # the revisions as given: the number check accepts 2.5
        given = [row.get("revision") if isinstance(row, dict) else None for row in raw]
        saved = c.known.revision("testimony", str(obj.get("ref") or ""))
        check_revisions(c, given, path, spec.key, saved)
    return rows


def _body(c: _Checker, kind: RecordKind, obj: dict[str, Any], path: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for spec in kind.fields:
        value = _value(c, spec, obj, path)
        if not (spec.absent_when_empty and is_empty(value)):  # a recorded "no" is kept
            body[spec.key] = value
    return body


@dataclass(frozen=True)
class ParsedRecord:
    kind: str
    ref: str
    body: dict[str, Any]
    # evidence only: what the item's receipt records of where it came from (records.provenance)
    provenance: dict[str, Any] | None = None


def parse_document(
    data: Any,
    check_code: CodeCheck,
    known_refs: Callable[[str], Iterable[str]],
    known: Known | None = None,
) -> list[ParsedRecord]:
    """Validate a whole document; raise InvalidDocument listing every problem.

    `known_refs(kind)` gives the refs already in the vault, so a document may refer to
    records imported earlier; `known`, the revisions and items it may name.
    """
    check_json_tree(data)
    checker = _Checker(check_code, known or Known())
    if not isinstance(data, dict):
        raise InvalidDocument(["$: the document must be a JSON object"])
    if data.get("format") != FORMAT:
        checker.error("$.format", M.WRONG_FORMAT, format=FORMAT)
    if data.get("version") != VERSION:
        checker.error("$.version", M.WRONG_VERSION, version=VERSION)
    for key in data:
        if key not in ("format", "version", *SECTION_OF_KIND.values()):
            checker.error(f"$.{key}", M.NOT_IN_FORMAT)
    records: list[ParsedRecord] = []
    for kind in KINDS:
        section = SECTION_OF_KIND[kind]
        entries = data.get(section, [])
        if not isinstance(entries, list):
            checker.error(f"{section}", M.NOT_A_LIST)
            continue
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            path = f"{section}[{index}]"
            if not isinstance(entry, dict):
                checker.error(path, M.NOT_AN_OBJECT)
                continue
            if RECORD_KINDS[kind].ref_key == "sha256":
                ref = str(entry.get("sha256", "")).lower()
                if not _SHA256.match(ref):
                    checker.error(f"{path}.sha256", M.NOT_A_SHA256)
            else:
                ref = checker.ref(entry.get("ref"), f"{path}.ref")
            if ref in seen:
                checker.error(f"{path}.ref", M.REF_TWICE, ref=ref)
            seen.add(ref)
            body = _body(checker, RECORD_KINDS[kind], entry, path)
            provenance = None
            if kind == "evidence":
                provenance = parse_provenance(
                    checker, entry.get("provenance"), f"{path}.provenance"
                )
            records.append(ParsedRecord(kind, ref, body, provenance))
    _check_references(checker, records, known_refs)
    if checker.errors:
        raise InvalidDocument(checker.errors)
    return records


# (kind, field, kind it must name); list fields are checked element by element.
_REFERENCES = [
    (kind.name, spec.key, spec.target)
    for kind in RECORD_KINDS.values()
    for spec in kind.fields
    if spec.target is not None
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
                    checker.error(f"{path}.{key}", M.UNKNOWN_REF, target=target, ref=ref)
        for where, ref in person_refs(record.provenance):
            if ref not in available["person"]:
                checker.error(f"{path}.provenance.{where}", M.UNKNOWN_REF, target="person", ref=ref)


def check_provenance(
    value: Any, check_code: CodeCheck, people: Iterable[str]
) -> dict[str, Any] | None:
    """Provenance given at ingest, checked as an import checks `evidence[].provenance`."""
    checker = _Checker(check_code)
    parsed = parse_provenance(checker, value, "provenance")
    known = set(people)
    for where, ref in person_refs(parsed):
        if ref not in known:
            checker.error(f"provenance.{where}", M.UNKNOWN_REF, target="person", ref=ref)
    if checker.errors:
        raise InvalidProvenance([str(problem) for problem in checker.errors])
    return parsed
