"""Reading one file into the vault's blob store, with what it says about itself.

Each file is read once. Small files (most photos and documents) are read into memory, so
the same bytes feed the hash, the metadata reader, the thumbnail and the encryption; larger
ones stream through hashing and encryption with bounded memory, and their first megabyte
is kept for sniffing and EXIF. Nothing decoded ever touches the disk.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from evidence_app.crypto.blobstream import SourceSizeChanged
from evidence_app.ingest.document_dates import pdf_metadata
from evidence_app.ingest.exif_metadata import ImageMetadata, read_image_metadata
from evidence_app.ingest.proofmode_members import proofmode_members
from evidence_app.ingest.recording import analyse_recording, analyse_stored_recording
from evidence_app.kernel.clock import format_utc
from evidence_app.media.c2pa_manifest import C2paReading, check_c2pa, note_unchecked_c2pa
from evidence_app.media.document_facts import PDF_MEDIA_TYPE
from evidence_app.media.media_type import sniff_media_type
from evidence_app.media.pdf_document import read_pdf
from evidence_app.media.perceptual_hash import NOT_HASHABLE
from evidence_app.media.proofmode_check import ProofModeCheck
from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from evidence_app.storage.blob_store import StoredBlob
from evidence_app.storage.content import ContentWriter

IN_MEMORY_LIMIT = 32 * 1024 * 1024
HEAD_BYTES = 1024 * 1024
THUMBNAIL_SIDE = 512


class UnreadableFile(Exception):
    """The file could not be read at all; nothing of it was stored."""


@dataclass
class PreparedFile:
    path: Path
    original_name: str
    original_name_raw: bytes
    size: int
    sha256: str
    media_type: str
    file_times: dict[str, str]
    metadata: ImageMetadata | None
    width: int | None = None
    height: int | None = None
    content: StoredBlob | None = None  # None when the bytes were already in the vault
    thumbnail: StoredBlob | None = None
    phash: str = NOT_HASHABLE  # the picture's perceptual hash, when it was decoded
    pages: int | None = None  # a document's page count, when it could be read
    text: str = ""  # a document's text layer, for search
    duration: float | None = None  # seconds, for video and sound
    notes: list[str] = field(default_factory=list)
    c2pa: C2paReading | None = None  # the C2PA manifest it carries, as read and validated
    link_target: Path | None = None  # set by the caller when `path` is a symbolic link
    writer: ContentWriter | None = None

    # Files inside it stored as their own items (a ProofMode bundle's media), each with
    # what checking the bundle's signatures found (ingest.proofmode_members).
    contained: list[PreparedFile] = field(default_factory=list)
    proofmode: ProofModeCheck | None = None

    @property
    def written_blobs(self) -> list[StoredBlob]:
        return [blob for blob in (self.content, self.thumbnail) if blob is not None]

    def discard_blobs(self, contained: bool = True) -> None:
        """Remove what was stored for this file: its catalog row will never come. Files
        inside it that were committed on their own are kept with `contained=False`."""
        for inner in self.contained if contained else ():
            inner.discard_blobs()
        if self.writer is not None:
            for blob in self.written_blobs:
                self.writer.discard(blob.blob_id)


class _HeadKeepingReader(io.RawIOBase):
    """Passes a file through while keeping its first bytes and counting the rest."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.head = bytearray()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._handle.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if len(self.head) < HEAD_BYTES:
            self.head += data[: HEAD_BYTES - len(self.head)]
        self.size += n
        return n


def _file_times(info: os.stat_result) -> dict[str, str]:
    def moment(seconds: float) -> str:
        return format_utc(datetime.fromtimestamp(seconds, UTC))

    times = {"modified": moment(info.st_mtime), "accessed": moment(info.st_atime)}
    birth = getattr(info, "st_birthtime", None)
    if birth is not None:
        times["created"] = moment(birth)
    else:
        times["changed"] = moment(info.st_ctime)  # inode change time on Linux
    return times


def prepare_file(
    path: Path,
    blobs: ContentWriter,
    is_known: Callable[[str], bool],
    on_bytes: Callable[[int], None] | None = None,
) -> PreparedFile:
    """Hash, analyse and encrypt one file. `is_known(sha256)` skips content already stored.

    Raises UnreadableFile when the file cannot be opened or read; any blobs written before
    the failure are removed.
    """
    raw_name = os.fsencode(path.name)
    name = raw_name.decode("utf-8", errors="replace")
    try:
        # Without blocking: a pipe put where a file was listed would otherwise wait forever
        # for a writer. On a regular file the flag changes nothing.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise UnreadableFile(f"Cannot open it: {error.strerror or error}.") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnreadableFile("Not a regular file any more (a device, pipe or socket).")
    handle = os.fdopen(fd, "rb")
    # A blob left by a crash before its catalog commit is set aside in quarantine/ at the
    # next open; failures this call sees clean up after themselves.
    try:
        with handle:
            info = os.fstat(handle.fileno())
            if info.st_size > IN_MEMORY_LIMIT:
                prepared = _prepare_streaming(path, name, raw_name, handle, info, blobs, on_bytes)
                prepared.writer = blobs
                return prepared
            prepared = _prepare_in_memory(path, name, raw_name, handle, info, blobs, is_known)
            prepared.writer = blobs
            if on_bytes is not None:
                try:
                    on_bytes(prepared.size)
                except BaseException:  # cancelled: the file will be reported as not stored
                    prepared.discard_blobs()
                    raise
            return prepared
    except OSError as error:
        raise UnreadableFile(f"Reading failed part-way: {error.strerror or error}.") from None


def _prepare_in_memory(
    path: Path,
    name: str,
    raw_name: bytes,
    handle: BinaryIO,
    info: os.stat_result,
    blobs: ContentWriter,
    is_known: Callable[[str], bool],
) -> PreparedFile:
    data = handle.read(IN_MEMORY_LIMIT + 1)
    if len(data) > IN_MEMORY_LIMIT:  # it grew since we looked: stream the rest
        handle.seek(0)
        return _prepare_streaming(path, name, raw_name, handle, info, blobs, None)
    return prepare_bytes(
        path, name, raw_name, data, _file_times(info), info.st_size, blobs, is_known
    )


def prepare_bytes(
    path: Path,
    name: str,
    raw_name: bytes,
    data: bytes,
    file_times: dict[str, str],
    announced_size: int,
    blobs: ContentWriter,
    is_known: Callable[[str], bool],
) -> PreparedFile:
    """A file already in memory: read from disk, or a file inside an archive that was."""
    sha256 = hashlib.sha256(data).hexdigest()
    prepared = PreparedFile(
        path=path,
        original_name=name,
        original_name_raw=raw_name,
        size=len(data),
        sha256=sha256,
        media_type=sniff_media_type(data[:HEAD_BYTES], name),
        file_times=file_times,
        metadata=None,
    )
    if len(data) == 0:
        prepared.notes.append("The file is empty (0 bytes).")
    if len(data) != announced_size:
        prepared.notes.append(
            f"The file changed size while it was read ({announced_size} → {len(data)} bytes); "
            "the bytes stored are the ones read."
        )
    if is_known(sha256):
        return prepared
    prepared.writer = blobs
    _analyse_image(prepared, data, blobs)
    _analyse_pdf(prepared, data, blobs)
    analyse_recording(prepared, io.BytesIO(data), blobs, THUMBNAIL_SIDE)
    prepared.c2pa = check_c2pa(data, prepared.media_type, prepared.notes)
    try:
        prepared.contained = proofmode_members(prepared, data, blobs, is_known, prepare_bytes)
        prepared.content = blobs.write_bytes(data, known_sha256=sha256)
    except BaseException:
        # A thumbnail made moments ago from a file that was not stored is no evidence;
        # left behind, it would wait in quarantine/ to be taken for some.
        prepared.discard_blobs()
        raise
    return prepared


def _analyse_image(prepared: PreparedFile, data: bytes, blobs: ContentWriter) -> None:
    if not prepared.media_type.startswith("image/"):
        return
    prepared.metadata = read_image_metadata(data)
    prepared.notes.extend(prepared.metadata.notes)
    if is_decodable_image(prepared.media_type):
        thumb = make_thumbnail(data, THUMBNAIL_SIDE)
        prepared.notes.extend(thumb.notes)
        prepared.width, prepared.height = thumb.width, thumb.height
        prepared.phash = thumb.phash or NOT_HASHABLE
        if thumb.jpeg is not None:
            prepared.thumbnail = blobs.write(io.BytesIO(thumb.jpeg))


def _analyse_pdf(prepared: PreparedFile, data: bytes, blobs: ContentWriter) -> None:
    if prepared.media_type != PDF_MEDIA_TYPE:
        return
    reading = read_pdf(data, THUMBNAIL_SIDE)
    prepared.notes.extend(reading.notes)
    prepared.pages, prepared.text = reading.pages, reading.text
    # Its own creation date is the closest a document has to a capture date.
    prepared.metadata = pdf_metadata(reading, data)
    prepared.notes.extend(prepared.metadata.notes)
    # No perceptual hash: pages of typed text look alike to it, and would all be "similar".
    if reading.thumbnail is not None:
        prepared.thumbnail = blobs.write(io.BytesIO(reading.thumbnail))


def _prepare_streaming(
    path: Path,
    name: str,
    raw_name: bytes,
    handle: BinaryIO,
    info: os.stat_result,
    blobs: ContentWriter,
    on_bytes: Callable[[int], None] | None,
) -> PreparedFile:
    reader = _HeadKeepingReader(handle)
    # The blob is padded according to the size announced before the first byte is read.
    size = os.fstat(handle.fileno()).st_size - handle.tell()
    try:
        content = blobs.write(io.BufferedReader(reader, 1024 * 1024), on_bytes, size=size)
    except SourceSizeChanged as error:
        raise UnreadableFile(f"{error} Import it again once it is complete.") from None
    head = bytes(reader.head)
    prepared = PreparedFile(
        path=path,
        original_name=name,
        original_name_raw=raw_name,
        size=content.size,
        sha256=content.sha256,
        media_type=sniff_media_type(head, name),
        file_times=_file_times(info),
        metadata=None,
        content=content,
    )
    if prepared.media_type.startswith("image/"):
        prepared.metadata = read_image_metadata(head)
        prepared.notes.extend(prepared.metadata.notes)
        prepared.notes.append(
            f"No thumbnail: images over {IN_MEMORY_LIMIT // (1024 * 1024)} MiB are stored "
            "without one."
        )
    note_unchecked_c2pa(head, prepared.media_type, prepared.notes)
    if prepared.media_type == PDF_MEDIA_TYPE:
        prepared.notes.append(
            f"PDFs over {IN_MEMORY_LIMIT // (1024 * 1024)} MiB are stored without their "
            "picture, page count, metadata or text."
        )
    analyse_stored_recording(prepared, handle, blobs, THUMBNAIL_SIDE)
    return prepared
