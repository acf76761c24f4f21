"""When a photo or document was made, from every place a file records it.

A capture time lives in EXIF (`DateTimeOriginal`, with `OffsetTimeOriginal` and
`SubSecTimeOriginal`), in XMP (`exif:DateTimeOriginal`, `photoshop:DateCreated`,
`xmp:CreateDate`), in IPTC (Date Created with Time Created) and in some cameras' maker notes;
editors and messengers keep one and drop another. Every date found is kept as a tag; one is
chosen, and a file whose sources disagree says so in a note naming the one used. A date that
only says when the file was last changed (`DateTime`, `xmp:ModifyDate`, `xmp:MetadataDate`)
stands in for the capture time only when the file has no other, and a note says what it is.

XMP, IPTC and maker notes are read with exiv2 (python-exiv2) from the bytes in memory.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Final, Literal

import exiv2  # type: ignore[import-untyped]  # no stubs ship with it

# exiv2 logs every oddity of a damaged file; the notes say what matters, and nothing derived
# from evidence should reach a log. XMP parsing must be set up once before threads use it.
exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.mute)
exiv2.XmpParser.initialize()

Kind = Literal["capture", "digitized", "modified"]

MAX_TEXT: Final = 200
_XMP_PACKET: Final = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.DOTALL)
_XMP_PACKET_LIMIT: Final = 4 * 1024 * 1024

# Where each date is looked for, in the order one is chosen. Within a kind, the first that
# holds a valid date is used; a capture time always beats a digitization time, which always
# beats a modification time.
XMP_DATES: Final[tuple[tuple[str, Kind], ...]] = (
    ("Xmp.exif.DateTimeOriginal", "capture"),
    ("Xmp.photoshop.DateCreated", "capture"),
    ("Xmp.xmp.CreateDate", "digitized"),
    ("Xmp.exif.DateTimeDigitized", "digitized"),
    ("Xmp.xmp.ModifyDate", "modified"),
    ("Xmp.xmp.MetadataDate", "modified"),
)
_IPTC_DATES: Final[tuple[tuple[str, str, Kind], ...]] = (
    ("Iptc.Application2.DateCreated", "Iptc.Application2.TimeCreated", "capture"),
    ("Iptc.Application2.DigitizationDate", "Iptc.Application2.DigitizationTime", "digitized"),
)
# Maker-note tags exiv2 decodes into EXIF-style "YYYY:MM:DD HH:MM:SS" text.
_MAKER_NOTE_DATES: Final = (
    "Exif.SonySInfo1.SonyDateTime",
    "Exif.NikonPreview.DateTimeOriginal",
    "Exif.SamsungPreview.DateTimeOriginal",
)
# Kept as tags for a reader to weigh; not applied, as a camera's world-time setting is
# often left at the factory's.
_MAKER_NOTE_ZONES: Final = ("Exif.CanonTi.TimeZone", "Exif.NikonWt.Timezone")
_XMP_GPS: Final = ("Xmp.exif.GPSLatitude", "Xmp.exif.GPSLongitude")
EXIF_DATES: Final[tuple[tuple[str, Kind, str, str, str], ...]] = (
    # (name, kind, date tag, offset tag, sub-second tag), as exiv2 names them
    (
        "DateTimeOriginal",
        "capture",
        "Exif.Photo.DateTimeOriginal",
        "Exif.Photo.OffsetTimeOriginal",
        "Exif.Photo.SubSecTimeOriginal",
    ),
    (
        "DateTimeDigitized",
        "digitized",
        "Exif.Photo.DateTimeDigitized",
        "Exif.Photo.OffsetTimeDigitized",
        "Exif.Photo.SubSecTimeDigitized",
    ),
    (
        "DateTime",
        "modified",
        "Exif.Image.DateTime",
        "Exif.Photo.OffsetTime",
        "Exif.Photo.SubSecTime",
    ),
)
_EXIF_KEYS: Final = frozenset(
    [
        *(key for row in EXIF_DATES for key in row[2:]),
        *(
            f"Exif.GPSInfo.GPS{axis}{ref}"
            for axis in ("Latitude", "Longitude")
            for ref in ("", "Ref")
        ),
    ]
)
_XMP_KEYS: Final = frozenset([*(key for key, _ in XMP_DATES), *_XMP_GPS])
_IPTC_KEYS: Final = frozenset(key for keys in _IPTC_DATES for key in keys[:2])
_MAKER_NOTE_KEYS: Final = frozenset([*_MAKER_NOTE_DATES, *_MAKER_NOTE_ZONES])
_ORDER: Final[dict[Kind, int]] = {"capture": 0, "digitized": 1, "modified": 2}

_EXIF_DATE: Final = re.compile(r"(\d{4})[:/.-](\d{2})[:/.-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_ISO: Final = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?)?)?"
)
_IPTC_TIME: Final = re.compile(r"(\d{2}):?(\d{2}):?(\d{2})([+-]\d{2}:?\d{2})?")
_OFFSET: Final = re.compile(r"([+-])(\d{2}):?(\d{2})")
_XMP_COORDINATE: Final = re.compile(
    r"(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?([NSEW])"
)


@dataclass(frozen=True)
class Candidate:
    """One date the file records, as read."""

    source: str
    """How `captured_at_source` names it: "DateTimeOriginal", "XMP exif:DateTimeOriginal"…"""
    kind: Kind
    text: str
    """As written, for notes."""
    moment: str | None
    """ISO 8601 without offset, as precise as written; None when it is no date."""
    offset: str = ""
    problems: tuple[str, ...] = ()
    """What was wrong with its offset or fraction of a second, said if it is chosen."""

    def with_kind(self, kind: Kind) -> Candidate:
        """The same date counted as another kind, where a format gives its tags another
        meaning (a PDF's xmp:CreateDate is when the document was made)."""
        return replace(self, kind=kind)


@dataclass
class Embedded:
    """What exiv2 read besides EXIF: dates, an XMP position, tags to keep, and problems."""

    candidates: list[Candidate] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    gps: tuple[float, float] | None = None
    exif_candidates: list[Candidate] = field(default_factory=list)
    """EXIF dates as exiv2 reads them, for files whose EXIF only exiv2 finds (a PNG's
    "Raw profile type exif" text chunk, raw formats)."""
    exif_tags: dict[str, str] = field(default_factory=dict)
    exif_gps: tuple[float, float] | None = None
    notes: list[str] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------


def read_embedded(data: bytes) -> Embedded:
    """XMP, IPTC and maker-note dates of an image in memory. Never raises."""
    found = Embedded()
    try:
        image = exiv2.ImageFactory.open(data)
        image.readMetadata()
    except exiv2.Exiv2Error:
        return found  # not a format exiv2 reads, or too damaged: EXIF's reading stands alone
    except Exception:
        return found
    for reader in (_read_xmp, _read_iptc, _read_maker_notes, _read_exif):
        try:
            reader(image, found)
        except Exception as error:  # one damaged block must not hide the others
            found.notes.append(f"Part of the embedded metadata could not be read ({error}).")
    return found


def read_xmp_packet(data: bytes) -> Embedded:
    """The dates in the last XMP packet of a file exiv2 does not open, such as a PDF (an
    update appends a newer packet after the old one). A compressed metadata stream is not
    seen."""
    found = Embedded()
    packets = _XMP_PACKET.findall(data)
    if not packets or len(packets[-1]) > _XMP_PACKET_LIMIT:
        return found
    try:
        image = exiv2.ImageFactory.open(packets[-1])
        image.readMetadata()
        _read_xmp(image, found)
    except Exception:
        found.notes.append("The document's XMP metadata is damaged; it was not read.")
    return found


def _read_xmp(image: exiv2.Image, found: Embedded) -> None:
    values = _values(image.xmpData(), _XMP_KEYS)
    for key, kind in XMP_DATES:
        if key in values:
            name = _xmp_name(key)
            found.tags[name] = values[key]
            found.candidates.append(iso_candidate(name, kind, values[key]))
    if all(key in values for key in _XMP_GPS):
        for key in _XMP_GPS:
            found.tags[_xmp_name(key)] = values[key]
        found.gps = _xmp_position(values[_XMP_GPS[0]], values[_XMP_GPS[1]], found.notes)


def _read_iptc(image: exiv2.Image, found: Embedded) -> None:
    values = _values(image.iptcData(), _IPTC_KEYS)
    for date_key, time_key, kind in _IPTC_DATES:
        if date_key not in values:
            continue
        date, time = values[date_key], values.get(time_key)
        found.tags[_iptc_name(date_key)] = date
        if time is not None:
            found.tags[_iptc_name(time_key)] = time
        found.candidates.append(_iptc_candidate(_iptc_name(date_key), kind, date, time))


def _read_maker_notes(image: exiv2.Image, found: Embedded) -> None:
    # Only iterated, never indexed: exiv2 aborts the process on a lookup of a key it does
    # not know.
    values = _values(image.exifData(), _MAKER_NOTE_KEYS)
    for key in (*_MAKER_NOTE_DATES, *_MAKER_NOTE_ZONES):
        if key in values:
            name = "MakerNote " + key.removeprefix("Exif.")
            found.tags[name] = values[key]
            if key in _MAKER_NOTE_DATES:
                found.candidates.append(exif_candidate(name, "capture", values[key]))


def _read_exif(image: exiv2.Image, found: Embedded) -> None:
    values = _values(image.exifData(), _EXIF_KEYS)
    for name, kind, date_key, offset_key, subsec_key in EXIF_DATES:
        if date_key in values:
            found.exif_tags["EXIF " + name if kind != "modified" else "Image " + name] = values[
                date_key
            ]
            found.exif_candidates.append(
                exif_candidate(
                    name,
                    kind,
                    values[date_key],
                    values.get(offset_key, ""),
                    values.get(subsec_key, ""),
                )
            )
    try:
        latitude = _exif_coordinate(values, "Latitude", "NS", 90)
        longitude = _exif_coordinate(values, "Longitude", "EW", 180)
    except (ValueError, ZeroDivisionError):
        return
    if latitude is not None and longitude is not None and (latitude, longitude) != (0, 0):
        found.exif_gps = latitude, longitude


def _exif_coordinate(
    values: dict[str, str], axis: str, hemispheres: str, limit: int
) -> float | None:
    parts = values.get(f"Exif.GPSInfo.GPS{axis}", "").split()
    reference = values.get(f"Exif.GPSInfo.GPS{axis}Ref", "")[:1].upper()
    if not parts or reference not in hemispheres or not reference:
        return None
    magnitude = sum(float(Fraction(part)) / 60.0**index for index, part in enumerate(parts[:3]))
    if magnitude > limit:
        return None
    return -magnitude if reference == hemispheres[1] else magnitude


def _values(metadata: Iterable[exiv2.Metadatum], wanted: Collection[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for datum in metadata:
        key = str(datum.key())
        if key in wanted:
            text = str(datum.toString()).replace("\x00", "").strip()
            values.setdefault(key, text[:MAX_TEXT])
    return values


def _xmp_name(key: str) -> str:
    _, prefix, name = key.split(".", 2)
    return f"XMP {prefix}:{name}"


def _iptc_name(key: str) -> str:
    return "IPTC " + key.rsplit(".", 1)[-1]


# --- parsing ------------------------------------------------------------------------------


def exif_candidate(
    source: str, kind: Kind, text: str, offset: str = "", subseconds: str = ""
) -> Candidate:
    """An EXIF-style date, "YYYY:MM:DD HH:MM:SS", with its offset and sub-second tags."""
    shown = text.replace("\x00", "").strip()
    match = _EXIF_DATE.fullmatch(shown)
    moment = _valid(*(int(part) for part in match.groups())) if match else None
    problems: list[str] = []
    digits = subseconds.replace("\x00", "").strip()
    if moment and digits.isdecimal() and digits.isascii():
        moment += "." + digits[:9]
    elif digits:
        problems.append(f"The fraction of a second '{digits}' is not a number; it was left out.")
    valid_offset = _valid_offset(offset)
    written = offset.replace("\x00", "").strip()
    if not valid_offset and written.strip(": "):
        problems.append(f"The UTC offset '{written}' is not valid; the time is given without one.")
    return Candidate(source, kind, shown, moment, valid_offset, tuple(problems))


def iso_candidate(source: str, kind: Kind, text: str) -> Candidate:
    """An XMP date: ISO 8601, from a year alone to fractions of a second with an offset."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return Candidate(source, kind, text, None)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    numbers = [int(part) if part else None for part in (year, month, day, hour, minute, second)]
    moment = _valid(*(number or (1 if index < 3 else 0) for index, number in enumerate(numbers)))
    if moment is None:
        return Candidate(source, kind, text, None)
    precision = 4 if not month else 7 if not day else 10 if hour is None else 16
    if second is not None:
        precision = 19
    moment = moment[:precision] + (f".{fraction}" if fraction and second else "")
    offset = "+00:00" if zone == "Z" else _valid_offset(zone or "")
    return Candidate(source, kind, text, moment, offset if hour is not None else "")


def _iptc_candidate(source: str, kind: Kind, date: str, time: str | None) -> Candidate:
    shown = f"{date} {time}" if time else date
    found = _ISO.fullmatch(date.strip())
    if found is None or found.group(3) is None or found.group(4) is not None:
        return Candidate(source, kind, shown, None)
    day = _valid(int(found.group(1)), int(found.group(2)), int(found.group(3)), 0, 0, 0)
    if day is None:
        return Candidate(source, kind, shown, None)
    clock = _IPTC_TIME.fullmatch(time.strip()) if time else None
    if clock is None:
        return Candidate(source, kind, shown, day[:10])
    hour, minute, second = (int(part) for part in clock.groups()[:3])
    moment = _valid(int(day[:4]), int(day[5:7]), int(day[8:10]), hour, minute, second)
    if moment is None:
        return Candidate(source, kind, shown, day[:10])
    # exiv2 gives a Time Created written without a zone as +00:00, so UTC cannot be told
    # from "not recorded"; a naive local time is the honest reading of both.
    offset = _valid_offset(clock.group(4) or "")
    return Candidate(source, kind, shown, moment, "" if offset == "+00:00" else offset)


def _valid(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str | None:
    if year < 1800:  # "0000:00:00", and the years before photography
        return None
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _valid_offset(text: str) -> str:
    match = _OFFSET.fullmatch(text.replace("\x00", "").strip())
    if match is None or int(match.group(2)) > 14 or int(match.group(3)) >= 60:
        return ""
    return f"{match.group(1)}{match.group(2)}:{match.group(3)}"


def _xmp_position(latitude: str, longitude: str, notes: list[str]) -> tuple[float, float] | None:
    """XMP writes "DDD,MM,SSk" or "DDD,MM.mmk", k a hemisphere letter."""
    parsed: list[float] = []
    for text, hemispheres, limit in ((latitude, "NS", 90), (longitude, "EW", 180)):
        match = _XMP_COORDINATE.fullmatch(text.strip())
        if match is None or match.group(4) not in hemispheres:
            notes.append(f"The XMP position '{latitude}, {longitude}' could not be read.")
            return None
        degrees, minutes, seconds, hemisphere = match.groups()
        value = int(degrees) + float(minutes) / 60 + float(seconds or 0) / 3600
        if value > limit:
            notes.append(f"The XMP position '{latitude}, {longitude}' is out of range.")
            return None
        parsed.append(-value if hemisphere in "SW" else value)
    return parsed[0], parsed[1]


# --- choosing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    captured_at: str | None
    source: str | None


def choose(candidates: list[Candidate], notes: list[str]) -> Choice:
    """The capture time, from the most trustworthy source that holds a valid date."""
    for candidate in candidates:
        if candidate.moment is None:
            problem = (
                f"'{candidate.text}' is not a valid date"
                if candidate.text.strip(": ")
                else "is blank"
            )
            notes.append(f"The capture time in {candidate.source} {problem}.")
    valid = sorted((c for c in candidates if c.moment is not None), key=lambda c: _ORDER[c.kind])
    if not valid:
        return Choice(None, None)
    chosen = valid[0]
    peers = [c for c in valid if c.kind == chosen.kind]
    if len(chosen.moment or "") < 19:  # a day without a time: take a time that agrees
        chosen = next((c for c in peers if _agree(c, chosen) and len(c.moment or "") >= 19), chosen)
    notes.extend(chosen.problems)
    moment, offset = chosen.moment or "", chosen.offset
    if not offset and len(moment) >= 16:
        lender = next((c for c in peers if c.offset and _same_clock(c, chosen)), None)
        if lender is not None:
            offset = lender.offset
            notes.append(
                f"The UTC offset {offset} comes from {lender.source}, which records the "
                f"same time as {chosen.source}."
            )
    differing = [c for c in peers if not _agree(c, chosen)]
    if differing:
        listed = ", ".join(f"{c.source} {_shown(c)}" for c in [chosen, *differing])
        notes.append(
            f"The file records different {_WORDS[chosen.kind]} times: {listed}; "
            f"{chosen.source} was used."
        )
    if chosen.kind == "modified":
        notes.append(
            f"The only date in the file is {chosen.source}, when the file was last changed; "
            "it stands in for the capture time, which the file does not record."
        )
    return Choice(moment + offset if len(moment) >= 16 else moment, chosen.source)


_WORDS: Final[dict[Kind, str]] = {
    "capture": "capture",
    "digitized": "digitization",
    "modified": "modification",
}


def _shown(candidate: Candidate) -> str:
    return (candidate.moment or "") + candidate.offset


def _same_clock(a: Candidate, b: Candidate) -> bool:
    return (a.moment or "")[:19] == (b.moment or "")[:19]


def _agree(a: Candidate, b: Candidate) -> bool:
    """The same moment, to the precision both have: an instant when both have an offset
    (IPTC is often written in UTC and EXIF in local time), the clock reading otherwise."""
    first, second = a.moment or "", b.moment or ""
    if a.offset and b.offset and len(first) >= 19 and len(second) >= 19:
        return _instant(first[:19], a.offset) == _instant(second[:19], b.offset)
    shortest = min(len(first), len(second), 19)
    return first[:shortest] == second[:shortest]


def _instant(moment: str, offset: str) -> datetime:
    sign = -1 if offset[0] == "-" else 1
    shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    return datetime.fromisoformat(moment) - sign * shift
