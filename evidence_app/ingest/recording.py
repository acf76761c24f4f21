"""What ingest keeps of a video or sound recording: its facts, capture time and place with
the tag each came from, a thumbnail (a frame, or a waveform) and a video frame's perceptual
hash. The bytes come from memory for small files and from the open file, re-read after it
was stored, for large ones: FFmpeg reads only headers and a few frames of either."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO, Final

from evidence_app.ingest.exif_metadata import ImageMetadata
from evidence_app.media.av_reading import read_recording
from evidence_app.media.media_facts import is_recording
from evidence_app.media.media_type import OCTET_STREAM
from evidence_app.media.perceptual_hash import NOT_HASHABLE

if TYPE_CHECKING:
    from evidence_app.ingest.prepare import PreparedFile
    from evidence_app.storage.content import ContentWriter

_RECORDING_SUFFIXES: Final = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mov",
        ".3gp",
        ".3g2",
        ".mkv",
        ".webm",
        ".avi",
        ".opus",
        ".ogg",
        ".oga",
        ".m4a",
        ".aac",
        ".mp3",
        ".wav",
        ".amr",
        ".flac",
        ".wma",
        ".wmv",
    }
)
# Containers that hold video or only sound alike: which one a file is, its tracks tell.
_SOUND_ONLY: Final = {
    "video/mp4": "audio/mp4",
    "video/3gpp": "audio/3gpp",
    "video/3gpp2": "audio/3gpp2",
    "video/x-matroska": "audio/x-matroska",
    "video/webm": "audio/webm",
    "application/ogg": "audio/ogg",
}


def analyse_recording(
    prepared: PreparedFile, source: BinaryIO, blobs: ContentWriter, max_side: int
) -> None:
    """Fill `prepared` from the recording in `source` (the bytes whose hash it carries)."""
    if prepared.media_type == OCTET_STREAM and prepared.size:
        suffix = PurePath(prepared.original_name).suffix.lower()
        if suffix in _RECORDING_SUFFIXES:
            prepared.notes.append(
                f"Named as a recording ({suffix}), but its content is no video or sound "
                "format that can be recognised; it is stored as received."
            )
    if not is_recording(prepared.media_type) or prepared.size == 0:
        return
    reading = read_recording(source, max_side)
    prepared.notes.extend(reading.notes)
    if reading.has_audio and not reading.has_video:
        prepared.media_type = _SOUND_ONLY.get(prepared.media_type, prepared.media_type)
    elif reading.has_video and prepared.media_type == "application/ogg":
        prepared.media_type = "video/ogg"
    place = reading.place
    prepared.metadata = ImageMetadata(
        exif=reading.tags,
        captured_at=reading.captured_at,
        captured_at_source=reading.captured_at_source,
        gps=(place.lat, place.lon) if place else None,
        altitude=place.altitude if place else None,
    )
    prepared.duration = reading.duration
    prepared.width, prepared.height = reading.width, reading.height
    prepared.phash = reading.phash or NOT_HASHABLE
    if reading.picture is not None:
        prepared.thumbnail = blobs.write(io.BytesIO(reading.picture))


def analyse_stored_recording(
    prepared: PreparedFile, handle: BinaryIO, blobs: ContentWriter, max_side: int
) -> None:
    """As `analyse_recording`, for a large file already streamed into the store: read again
    from the same open file, unless it changed size meanwhile (then what FFmpeg would read
    is not what was stored)."""
    if not is_recording(prepared.media_type):
        return
    content = prepared.content
    try:
        _analyse_stored(prepared, handle, blobs, max_side)
    except BaseException:  # the content's catalog row will never come: leave no blob behind
        if content is not None:
            blobs.discard(content.blob_id)
        raise


def _analyse_stored(
    prepared: PreparedFile, handle: BinaryIO, blobs: ContentWriter, max_side: int
) -> None:
    handle.seek(0, io.SEEK_END)
    if handle.tell() != prepared.size:
        prepared.notes.append(
            "The file changed while it was stored; its duration, dates and picture were not "
            "read, so that none describe other bytes than the ones stored."
        )
        return
    analyse_recording(prepared, handle, blobs, max_side)
