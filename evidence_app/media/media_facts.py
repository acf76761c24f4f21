"""What a video or sound recording says about itself, as ingest keeps it and `items show`,
the item view and the dossier present it.

Ingest keeps the container's tags as written, beside EXIF tags ("Container creation_time",
"Track 0 creation_time"…), and what it measured under "Media …" keys ("Media Container",
"Media VideoCodec"…); the duration has its own column. This reads them back, and parses the
two kinds of text a recording's place and time are written in: ISO 6709 positions and
ISO 8601 dates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

MEDIA_PREFIX: Final = "Media "
"""What ingest measured of a recording, kept beside its tags: "Media Container"…"""
CONTAINER_PREFIX: Final = "Container "
TRACK_PREFIX: Final = "Track "

# Writers leave the creation time at the epoch of their clock when they know no better:
# QuickTime's (1904) and Unix's (1970). Neither is when anything was recorded.
_UNSET_YEARS: Final = frozenset({1904, 1970})

# ±DD.D, ±DDMM.M or ±DDMMSS.S for latitude; one digit more of degrees for longitude; an
# optional altitude; an optional coordinate reference system; the closing solidus.
_ISO6709: Final = re.compile(
    r"^\s*([+-])(\d{2,6})(\.\d+)?([+-])(\d{3,7})(\.\d+)?(?:([+-]\d+(?:\.\d+)?))?"
    r"(?:CRS[^/]*)?/?\s*$"
)
_ISO_DATE: Final = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$"
)


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    altitude: float | None


def iso6709_place(text: str) -> Place | None:
    """A position written as ISO 6709 ("+55.7512+037.6184/", "+5545.07+03737.10+120/"), or
    None when the text is none, lies outside the globe, or is the 0, 0 of a device with no
    fix."""
    found = _ISO6709.match(text)
    if found is None:
        return None
    lat_sign, lat_int, lat_frac, lon_sign, lon_int, lon_frac, altitude = found.groups()
    lat = _angle(lat_int, lat_frac or "", degree_digits=2)
    lon = _angle(lon_int, lon_frac or "", degree_digits=3)
    if lat is None or lon is None or lat > 90 or lon > 180 or (lat == 0 and lon == 0):
        return None
    return Place(
        -lat if lat_sign == "-" else lat,
        -lon if lon_sign == "-" else lon,
        float(altitude) if altitude else None,
    )


def _angle(whole: str, fraction: str, degree_digits: int) -> float | None:
    """Degrees, degrees and minutes, or degrees, minutes and seconds, by the digits used."""
    extra = len(whole) - degree_digits
    if extra not in (0, 2, 4):
        return None
    if extra == 0:
        return float(whole + fraction)
    degrees = float(whole[:degree_digits])
    if extra == 2:
        minutes = float(whole[degree_digits:] + fraction)
        return degrees + minutes / 60 if minutes < 60 else None
    minutes = float(whole[degree_digits : degree_digits + 2])
    seconds = float(whole[degree_digits + 2 :] + fraction)
    return degrees + minutes / 60 + seconds / 3600 if minutes < 60 and seconds < 60 else None


def iso_moment(text: str) -> str | None:
    """A container date ("2024-03-05T10:20:30.000000Z", "2024-03-05T13:20:30+0300") as ISO
    8601 to the second, with its UTC offset when it has one; None when it is no date or the
    zero date of a writer's clock."""
    found = _ISO_DATE.match(text)
    if found is None:
        return None
    year, month, day, hour, minute, second, _fraction, zone = found.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    if moment.year in _UNSET_YEARS and moment.month == 1 and moment.day == 1:
        return None
    iso = moment.isoformat()
    if zone is None:
        return iso
    if zone == "Z":
        return iso + "Z"
    digits = zone.replace(":", "")
    if int(digits[1:3]) > 23 or int(digits[3:5]) > 59:
        return iso
    return f"{iso}{digits[:3]}:{digits[3:5]}"


def clock_time(seconds: float) -> str:
    """A duration or position as a person reads it: 0:07, 3:25.4, 1:02:03."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tenths = int((seconds - whole) * 10)
    shown = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{shown}.{tenths}" if whole < 60 and tenths else shown


@dataclass(frozen=True)
class MediaFacts:
    duration: float | None
    """Seconds, as the container declares it (or its longest track)."""
    container: str | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    frame_rate: str | None = None
    sample_rate: str | None = None
    channels: str | None = None
    location_source: str | None = None
    """The tag the position came from, e.g. "QuickTime location"."""

    @classmethod
    def of(cls, duration: float | None, tags: Mapping[str, str]) -> MediaFacts:
        def tag(name: str) -> str | None:
            return tags.get(MEDIA_PREFIX + name) or None

        return cls(
            duration=duration,
            container=tag("Container"),
            video_codec=tag("VideoCodec"),
            audio_codec=tag("AudioCodec"),
            frame_rate=tag("FrameRate"),
            sample_rate=tag("SampleRate"),
            channels=tag("Channels"),
            location_source=tag("LocationSource"),
        )

    @property
    def codecs(self) -> str:
        return ", ".join(c for c in (self.video_codec, self.audio_codec) if c)

    def rows(self) -> list[tuple[str, str]]:
        """(English label, value) for what the recording records, in reading order."""
        named = (
            ("Duration", clock_time(self.duration) if self.duration is not None else None),
            ("Container", self.container),
            ("Video codec", self.video_codec),
            ("Frame rate", self.frame_rate),
            ("Audio codec", self.audio_codec),
            ("Sample rate", self.sample_rate),
            ("Channels", self.channels),
        )
        return [(label, value) for label, value in named if value]

    def to_json(self) -> dict[str, Any]:
        return {
            "duration": self.duration,
            "container": self.container,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "frame_rate": self.frame_rate,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "location_source": self.location_source,
        }


def is_recording(media_type: str) -> bool:
    """Whether ingest reads the file as a video or sound recording."""
    return media_type.startswith(("video/", "audio/")) or media_type == "application/ogg"
