"""Observations on exhibits: what a careful reader of the metadata would point out.

Each observation is a stable code with its parameters (the numbers) and a neutral sentence
made from `TEMPLATES`; it states what the file and the records say, never a conclusion. The
function is pure: `observation_facts` gathers what it reads from the catalog, so the
dossier, the manifest and the item view all say the same thing of the same facts.

The sentences are English; the interface renders the same templates through its
translations, so every template is a key of the translation catalogs.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from evidence_app.media.perceptual_hash import HASH_BITS, NEAR_DUPLICATE_BITS, HashIndex
from evidence_app.records.partial_dates import PartialDateError, parse_partial_date

EARTH_RADIUS_KM: Final = 6371.0
# A capture time without a time zone is the camera's local time: anywhere from UTC−12 to
# UTC+14, so only a gap wider than that is a capture after receipt.
_LOCAL_TIME_SLACK: Final = timedelta(hours=14)
_OFFSET: Final = re.compile(r"(?:[+-]\d{2}:\d{2}|Z)$")
SOFTWARE_TAGS: Final = ("Image Software", "Image ProcessingSoftware", "XMP CreatorTool")


class Code(StrEnum):
    GPS_FAR_FROM_FACILITY = "gps_far_from_facility"
    CAPTURED_OUTSIDE_INCIDENT = "captured_outside_incident"
    CAPTURED_AFTER_RECEIVED = "captured_after_received"
    NO_CAPTURE_TIME = "no_capture_time"
    NO_TIME_ZONE = "no_time_zone"
    SOFTWARE_NAMED = "software_named"
    RECEIVED_MORE_THAN_ONCE = "received_more_than_once"
    NEAR_DUPLICATE = "near_duplicate"


TEMPLATES: Final = {
    Code.GPS_FAR_FROM_FACILITY: (
        "The GPS position in the file ({lat}, {lon}) is {distance_km} km from the recorded "
        "coordinates of the linked facility {facility} ({facility_lat}, {facility_lon}); "
        "positions more than {limit_km} km away are listed."
    ),
    Code.CAPTURED_OUTSIDE_INCIDENT: (
        "The capture time in the file ({captured}) is {days} days {relation} the date of the "
        "linked incident {incident} ({incident_date})."
    ),
    Code.CAPTURED_AFTER_RECEIVED: (
        "The capture time in the file ({captured}) is later than the time the file was "
        "received ({received})."
    ),
    Code.NO_CAPTURE_TIME: "The file records no capture time (no camera clock).",
    Code.NO_TIME_ZONE: (
        "The capture time ({captured}) is recorded without a time zone (no "
        "OffsetTimeOriginal): it is the camera's local time."
    ),
    Code.SOFTWARE_NAMED: "The metadata names software that wrote the file: {software} ({tag}).",
    Code.RECEIVED_MORE_THAN_ONCE: (
        "The same content was received {count} times ({received}); it is kept once."
    ),
    Code.NEAR_DUPLICATE: (
        "The picture looks like {other}: their perceptual hashes differ in {distance} of "
        "{bits} bits."
    ),
}
RELATIONS: Final = {"before": "before", "after": "after"}


def _same(text: str) -> str:
    return text


def sentence(code: str, params: Mapping[str, Any], translate: Callable[[str], str] = _same) -> str:
    """The observation in words; `translate` gives it in another language."""
    shown = dict(params)
    if "relation" in shown:
        shown["relation"] = translate(RELATIONS[str(shown["relation"])])
    return translate(TEMPLATES[Code(code)]).format(**shown)


@dataclass(frozen=True)
class Limits:
    """What counts as worth saying; a person exporting may set them."""

    distance_km: float = 50.0
    near_duplicate_bits: int = NEAR_DUPLICATE_BITS
    incident_margin_days: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "gps_distance_km": self.distance_km,
            "near_duplicate_bits": self.near_duplicate_bits,
            "incident_margin_days": self.incident_margin_days,
        }


@dataclass(frozen=True)
class Observation:
    code: Code
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return sentence(self.code, self.params)

    def to_json(self) -> dict[str, Any]:
        return {"code": str(self.code), "params": self.params, "text": self.text}


@dataclass(frozen=True)
class Place:
    ref: str
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Incident:
    ref: str
    date: str | None  # a partial date: 2023, 2023-05 or 2023-05-01


@dataclass(frozen=True)
class ExhibitFacts:
    """What the observations read of one item."""

    key: str  # the item's id
    label: str  # how another exhibit's observation names it: "exhibit 3", a file name
    media_type: str
    captured_at: str | None
    gps: tuple[float, float] | None
    exif: Mapping[str, str]
    received: Sequence[str]  # when each copy was received, ISO 8601 UTC
    phash: str | None
    facility: Place | None = None
    incident: Incident | None = None
    # When its provenance says it was received, before it reached the vault (partial dates).
    received_on: Sequence[str] = ()


@dataclass(frozen=True)
class ObservationReport:
    limits: Limits
    by_key: dict[str, list[Observation]] = field(default_factory=dict)

    def of(self, key: str) -> list[Observation]:
        return self.by_key.get(key, [])

    def summary_json(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for found in self.by_key.values():
            for observation in found:
                counts[observation.code] = counts.get(observation.code, 0) + 1
        return {
            "limits": self.limits.to_json(),
            "counts": dict(sorted(counts.items())),
            "total": sum(counts.values()),
        }


def observe(
    exhibits: Sequence[ExhibitFacts],
    limits: Limits | None = None,
    others: Iterable[tuple[str, str, str]] = (),
) -> ObservationReport:
    """Observations on each exhibit. Near-duplicates are looked for among the exhibits and
    `others` ((key, label, perceptual hash) of further items)."""
    limits = limits or Limits()
    labels = {facts.key: facts.label for facts in exhibits}
    index = HashIndex((facts.key, facts.phash or "") for facts in exhibits)
    for key, label, phash in others:
        if key not in labels:
            labels[key] = label
            index.add(key, phash)
    report = ObservationReport(limits)
    for facts in exhibits:
        found = [
            *_place(facts, limits),
            *_times(facts, limits),
            *_software(facts),
            *_receipts(facts),
        ]
        for other, distance in index.near(
            facts.phash or "", limits.near_duplicate_bits, exclude=facts.key
        ):
            found.append(
                Observation(
                    Code.NEAR_DUPLICATE,
                    {"other": labels[other], "distance": distance, "bits": HASH_BITS},
                )
            )
        if found:
            report.by_key[facts.key] = found
    return report


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) on a sphere of the Earth's mean radius."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _place(facts: ExhibitFacts, limits: Limits) -> list[Observation]:
    place = facts.facility
    if facts.gps is None or place is None or place.lat is None or place.lon is None:
        return []
    far = distance_km(facts.gps, (place.lat, place.lon))
    if far <= limits.distance_km:
        return []
    return [
        Observation(
            Code.GPS_FAR_FROM_FACILITY,
            {
                "lat": f"{facts.gps[0]:.6f}",
                "lon": f"{facts.gps[1]:.6f}",
                "distance_km": round(far),
                "facility": place.name,
                "facility_ref": place.ref,
                "facility_lat": f"{place.lat:.6f}",
                "facility_lon": f"{place.lon:.6f}",
                "limit_km": _number(limits.distance_km),
            },
        )
    ]


def _times(facts: ExhibitFacts, limits: Limits) -> list[Observation]:
    captured = facts.captured_at
    if captured is None:
        # Only pictures carry a camera clock; a PDF or a recording without one says nothing.
        return [Observation(Code.NO_CAPTURE_TIME, {})] if _is_picture(facts) else []
    found = []
    # The missing OffsetTimeOriginal is a camera's; a PDF's date without an offset is common.
    if not _OFFSET.search(captured) and _is_picture(facts):
        found.append(Observation(Code.NO_TIME_ZONE, {"captured": captured}))
    found += _against_incident(facts, captured, limits)
    found += _against_receipt(facts, captured)
    return found


def _against_incident(facts: ExhibitFacts, captured: str, limits: Limits) -> list[Observation]:
    incident = facts.incident
    if incident is None or not incident.date:
        return []
    try:
        period = parse_partial_date(incident.date)
        day = date.fromisoformat(captured[:10])
    except (PartialDateError, ValueError):
        return []
    first, last = date.fromisoformat(period.first_day), date.fromisoformat(period.last_day)
    margin = limits.incident_margin_days
    if day < first - timedelta(days=margin):
        days, relation = (first - day).days, "before"
    elif day > last + timedelta(days=margin):
        days, relation = (day - last).days, "after"
    else:
        return []
    return [
        Observation(
            Code.CAPTURED_OUTSIDE_INCIDENT,
            {
                "captured": captured,
                "days": days,
                "relation": relation,
                "incident": incident.ref,
                "incident_date": incident.date,
            },
        )
    ]


def _against_receipt(facts: ExhibitFacts, captured: str) -> list[Observation]:
    said = sorted(day for day in facts.received_on if _last_day(day))
    if said and captured[:10] > _last_day(said[0]):  # a whole day later: any time zone
        return [
            Observation(Code.CAPTURED_AFTER_RECEIVED, {"captured": captured, "received": said[0]})
        ]
    if not facts.received:
        return []
    received = min(facts.received)
    try:
        moment = datetime.fromisoformat(captured.replace("Z", "+00:00"))
        then = datetime.fromisoformat(received.replace("Z", "+00:00"))
    except ValueError:
        return []
    if moment.tzinfo is None:
        later = moment - _LOCAL_TIME_SLACK > then.replace(tzinfo=None)
    else:
        later = moment > then
    if not later:
        return []
    return [Observation(Code.CAPTURED_AFTER_RECEIVED, {"captured": captured, "received": received})]


def _software(facts: ExhibitFacts) -> list[Observation]:
    return [
        Observation(Code.SOFTWARE_NAMED, {"software": facts.exif[tag], "tag": tag})
        for tag in SOFTWARE_TAGS
        if facts.exif.get(tag, "").strip()
    ]


def _receipts(facts: ExhibitFacts) -> list[Observation]:
    if len(facts.received) < 2:
        return []
    return [
        Observation(
            Code.RECEIVED_MORE_THAN_ONCE,
            {"count": len(facts.received), "received": ", ".join(facts.received)},
        )
    ]


def _is_picture(facts: ExhibitFacts) -> bool:
    return facts.media_type.startswith("image/")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _last_day(partial: str) -> str:
    """The last day a partial date (2024, 2024-03, 2024-03-10) can mean; "" if unreadable."""
    try:
        if len(partial) == 4:
            return f"{int(partial):04d}-12-31"
        if len(partial) == 7:
            year, month = int(partial[:4]), int(partial[5:7])
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        return date.fromisoformat(partial[:10]).isoformat()
    except ValueError:
        return ""
