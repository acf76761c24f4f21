"""Numbers and partial dates as a person writes them in the interface language.

Records store numbers as JSON numbers and dates as ISO partial dates (`2023`, `2023-03`,
`2023-03-15`, DESIGN §5); people type and read them the way their language writes them.

Numbers: the language's decimal separator (a comma in Russian and Ukrainian, a dot in
English) and always a dot as well, because coordinates are pasted from maps that write one.
No thousands separators: the numbers records hold are years and coordinates, and `1,234`
could be read two ways; `1 234,5` and, in English, `63,7415` are refused rather than guessed.

Dates are day first in every interface language (ru/uk `15.03.2024`, en-GB `15/03/2024`):
day, month and year; month and year; or a year. Either separator is accepted, and ISO as
typed. A day that the calendar does not have (`31.02.2024`) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, unique
from typing import Any

from evidence_app.records.partial_dates import PartialDateError, parse_partial_date


@dataclass(frozen=True)
class _Style:
    decimal: str
    date_separator: str


_STYLES = {"en": _Style(".", "/"), "ru": _Style(",", "."), "uk": _Style(",", ".")}

_NUMBER = re.compile(r"^([+\-\u2212]?)(\d+)(?:[.,](\d+))?$")
_DAY_FIRST = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})$")


@unique
class Refusal(Enum):
    """Why typed text was not read; the value is the English template (see records.problems)."""

    NOT_A_NUMBER = "must be a number like {example}"
    NOT_A_DATE = "must be a date like {day}, {month} or {year}"
    NO_SUCH_DATE = "{value} is not a date in the calendar"


class Unreadable(ValueError):
    """Text that is not a number, or not a date, in the interface language."""

    def __init__(self, refusal: Refusal, **params: str) -> None:
        self.refusal = refusal
        self.params = params
        super().__init__(refusal.value.format(**params))


def _style(language: str) -> _Style:
    return _STYLES.get(language, _STYLES["en"])


def parse_number(text: str, language: str) -> int | float | None:
    """The number typed, or None for nothing typed; raise Unreadable otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _NUMBER.match(text)
    separator = text[len(match[1]) + len(match[2])] if match and match[3] else None
    if match is None or separator not in (None, ".", _style(language).decimal):
        raise Unreadable(Refusal.NOT_A_NUMBER, example=format_number(63.7415, language))
    sign = "-" if match[1] in ("-", "\u2212") else ""
    if match[3] is None:
        return int(sign + match[2])
    return float(f"{sign}{match[2]}.{match[3]}")


def format_number(value: Any, language: str) -> str:
    """A stored number as the language writes it, every digit kept, never in exponent form."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # not a number: shown as stored, for the validator to name
    text = format(Decimal(repr(value)), "f")
    return text.replace(".", _style(language).decimal)


def parse_date(text: str, language: str) -> str | None:
    """The ISO partial date typed, or None for nothing typed; raise Unreadable otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _DAY_FIRST.match(text)
    if match is not None:
        day, month, year = match.groups()
        iso = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    elif re.match(r"^\d{4}(-\d{2}){0,2}$", text):
        iso = text
    else:
        raise Unreadable(Refusal.NOT_A_DATE, **date_examples(language))
    try:
        parse_partial_date(iso)
    except PartialDateError:
        raise Unreadable(Refusal.NO_SUCH_DATE, value=text) from None
    return iso


def format_date(value: Any, language: str) -> str:
    """A stored ISO partial date as the language writes it; anything else as stored."""
    if value is None:
        return ""
    text = str(value)
    try:
        parse_partial_date(text)
    except PartialDateError:
        return text
    parts = text.split("-")
    return _style(language).date_separator.join(reversed(parts))


def date_examples(language: str) -> dict[str, str]:
    """A day, a month and a year as the language writes them, to show what may be typed."""
    return {
        "day": format_date("2024-03-15", language),
        "month": format_date("2024-03", language),
        "year": "2024",
    }
