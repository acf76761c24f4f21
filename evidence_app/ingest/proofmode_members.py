"""The media files of a ProofMode bundle, each prepared as a file of its own.

The bundle itself is stored byte for byte as the item it is; each media file in it is read
from memory (never unpacked to disk) through the same preparation as a file on disk, so it
is hashed, analysed, thumbnailed and encrypted the same way, and carries what checking the
bundle's signatures found about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from evidence_app.media.proofmode_bundle import read_proofmode_bundle
from evidence_app.media.proofmode_check import check_media
from evidence_app.storage.content import ContentWriter

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from evidence_app.ingest.prepare import PreparedFile

_ZIP = "application/zip"


class PrepareBytes(Protocol):
    def __call__(
        self,
        path: Path,
        name: str,
        raw_name: bytes,
        data: bytes,
        file_times: dict[str, str],
        announced_size: int,
        blobs: ContentWriter,
        is_known: Callable[[str], bool],
    ) -> PreparedFile: ...


def proofmode_members(
    bundle_file: PreparedFile,
    data: bytes,
    blobs: ContentWriter,
    is_known: Callable[[str], bool],
    prepare_bytes: PrepareBytes,
) -> list[PreparedFile]:
    """The media of the bundle in `data` prepared (their blobs written), with their checks;
    none when `data` is not a ProofMode bundle, which a note on `bundle_file` then says."""
    if bundle_file.media_type != _ZIP:
        return []
    reading = read_proofmode_bundle(data)
    bundle_file.notes.extend(reading.notes)
    bundle = reading.bundle
    if bundle is None:
        return []
    members: list[PreparedFile] = []
    try:
        for name, content in sorted(bundle.media.items()):
            member = prepare_bytes(
                bundle_file.path / name,
                name,
                name.encode("utf-8", errors="surrogateescape"),
                content,
                {"modified_in_bundle": bundle.modified[name]},
                len(content),
                blobs,
                is_known,
            )
            member.proofmode = check_media(bundle, name, content)
            members.append(member)
    except BaseException:
        for member in members:
            member.discard_blobs()
        raise
    if members:
        names = ", ".join(member.original_name for member in members)
        bundle_file.notes.append(
            f"A ProofMode bundle; its media stored as items of their own: {names}."
        )
    else:
        bundle_file.notes.append("A ProofMode bundle without its media: only the proof is kept.")
    return members
