"""What the records validator says about a document, as data as well as as text.

Each problem has the path of the value (`people[0].consent[1].given_on`), a message code
with its parameters, and where in a record it is (kind, field, row, part), so an editor can
point at the field and say it in the interface language. `str(problem)` is the English
line the CLI prints, `path: message`, unchanged from before problems had codes.

A code's value is its English template; the interface translates the template (its
translation catalogs are keyed by the English text) and fills in the same parameters.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, unique
from typing import Any

from evidence_app.records.schema import RECORD_KINDS


@unique
class Message(Enum):
    REQUIRED = "is required"
    NOT_TEXT = "must be text"
    NOT_NAMES = "must be a list of names"
    NOT_A_REF = "must be a ref of letters, digits and . _ : - (at most 128)"
    NOT_A_LIST = "must be a list"
    NOT_A_CODE = "must be a code"
    UNKNOWN_CODE = "{problem}"  # the vocabulary's own words; `code` is the value refused
    NOT_A_DATE = "{value!r} is not a date like 2023, 2023-05 or 2023-05-01"
    NOT_A_NUMBER = "must be a number from {low} to {high}"
    NOT_AN_OBJECT = "must be an object"
    UNKNOWN_SCOPE = "unknown scope {scope!r}; allowed: {allowed}"
    CONSENT_GIVEN_REQUIRED = "is required (the day consent was given)"
    WITHDRAWN_BEFORE_GIVEN = "is before given_on"
    NOT_A_PERIOD = "must be an object with from and to"
    PERIOD_REVERSED = "the period {first}…{last} ends before it starts"
    UNKNOWN_SECTION = "unknown section; allowed: {allowed}"
    NOT_A_FLAG = "must be true or false"
    WRONG_FORMAT = 'must be "{format}"'
    WRONG_VERSION = "must be {version}"
    NOT_IN_FORMAT = "is not part of the records format"
    NOT_A_SHA256 = "must be a SHA-256 in hex"
    REF_TWICE = "'{ref}' appears twice"  # refs are checked by now: as repr() quotes them
    UNKNOWN_REF = "no {target} has the ref '{ref}'"
    NOT_A_LANGUAGE = "must be a language code such as ru, uk or en"
    NOT_A_LANGUAGE_KEY = "is not a language code such as ru, uk or en"
    NOT_TRANSLATIONS = 'must be an object of languages, e.g. {{"uk": {{…}}}}'
    NOT_TRANSLATED_TEXTS = "must be an object with {fields}"
    UNKNOWN_FIELD = "unknown field; allowed: {allowed}"
    NOT_EXCERPTS = 'must be a list of {{"text": …}}'
    NOT_AN_EXCERPT = "must be an object with text"
    NO_SUCH_ITEM = "no item in the vault has the SHA-256 {sha256}"
    NOT_A_REVISION = "must be a revision number: 1, 2, 3 …"
    NO_SUCH_REVISION = (
        "there is no revision {revision} of this testimony; the latest, counting this save, "
        "is {latest}"
    )
    ONE_OF = "give {first} or {second}, not both"


_KIND_OF_SECTION = {kind.section: kind.name for kind in RECORD_KINDS.values()}
# section[index].field[row].part — every path the validator builds below a record.
_PATH = re.compile(
    r"^(?P<section>\w+)\[(?P<index>\d+)\]"
    r"(?:\.(?P<field>\w+)(?:\[(?P<row>\d+)\])?(?:\.(?P<part>[^.\[]+))?)?"
)


@dataclass(frozen=True)
class Problem:
    path: str
    message: Message
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    kind: str | None = None  # None: the document itself (format, version, a stray key)
    field: str | None = None  # the record's field, as records.schema names it
    row: int | None = None  # the entry of a list field (a consent entry, a method)
    part: str | None = None  # within the field: a consent entry's key, a period's end

    @classmethod
    def at(cls, path: str, message: Message, **params: Any) -> Problem:
        match = _PATH.match(path)
        if match is None or match["section"] not in _KIND_OF_SECTION:
            return cls(path, message, params)
        row = match["row"]
        return cls(
            path,
            message,
            params,
            kind=_KIND_OF_SECTION[match["section"]],
            field=match["field"],
            row=None if row is None else int(row),
            part=match["part"],
        )

    @property
    def text(self) -> str:
        """The message in English, as the CLI prints it."""
        return self.message.value.format(**self.params)

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"
