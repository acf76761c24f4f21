"""Dates as testimonies give them: a year, a month, or a day (`2023`, `2023-05`, `2023-05-01`).

A partial date stands for the whole span it names; filters compare spans, so "May 2023"
overlaps a search for 2023-05-10…2023-06-01 and a search for the year 2023.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class PartialDate:
    text: str
    first_day: str  # ISO date of the span's first day
    last_day: str  # ISO date of the span's last day


def parse_partial_date(text: str) -> PartialDate:
    match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise PartialDateError(f"{text!r} is not a date like 2023, 2023-05 or 2023-05-01")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is None:
        return PartialDate(text, f"{year:04d}-01-01", f"{year:04d}-12-31")
    if not 1 <= month <= 12:
        raise PartialDateError(f"{text!r} has no month {month}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return PartialDate(text, f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}")
    if not 1 <= day <= last:
        raise PartialDateError(f"{text!r} has no day {day}")
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return PartialDate(text, iso, iso)


def span(first: str | None, last: str | None) -> tuple[str, str] | None:
    """The days covered from `first` to `last` (either may be missing)."""
    if first is None and last is None:
        return None
    start = parse_partial_date(first or last or "").first_day
    end = parse_partial_date(last or first or "").last_day
    if end < start:
        raise PartialDateError(f"the period {first}…{last} ends before it starts")
    return start, end


def overlaps(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
