"""A recording's facts at ingest, for files read in memory and for large ones streamed into
the store and read again from the open file; a sound-only MP4 is said to be sound."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nacl.utils
import pytest

from evidence_app.ingest import prepare
from evidence_app.ingest.prepare import UnreadableFile, prepare_file
from evidence_app.storage.blob_store import BlobStore
from evidence_app.storage.content import ContentWriter
from tests.media.recording_files import CREATION_ISO, phone_video, sound_in_mp4


class DiskFull(OSError):
    pass


def _store(tmp_path: Path, before_write: object = None) -> BlobStore:
    (tmp_path / "vault").mkdir()
    if before_write is None:
        return BlobStore(tmp_path / "vault", (nacl.utils.random(32),))
    return BlobStore(tmp_path / "vault", (nacl.utils.random(32),), before_write=before_write)  # type: ignore[arg-type]


def test_a_large_video_streamed_into_the_store_is_read_from_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = phone_video()
    monkeypatch.setattr(prepare, "IN_MEMORY_LIMIT", 16 * 1024)  # this clip counts as large
    path = tmp_path / "VID.mp4"
    path.write_bytes(clip)
    prepared = prepare_file(path, ContentWriter(_store(tmp_path)), lambda _sha256: False)
    assert prepared.sha256 == hashlib.sha256(clip).hexdigest()
    assert prepared.duration == pytest.approx(6.0, abs=0.1)
    assert prepared.metadata is not None and prepared.metadata.captured_at == CREATION_ISO
    assert prepared.metadata.gps == (55.7512, 37.6184)
    assert prepared.thumbnail is not None and prepared.phash
    assert prepared.notes == []


def test_a_large_video_whose_thumbnail_cannot_be_stored_leaves_no_blob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = 0

    def second_write_fails() -> None:  # the content is streamed first, then the thumbnail
        nonlocal writes
        writes += 1
        if writes == 2:
            raise DiskFull(28, "No space left on device")

    monkeypatch.setattr(prepare, "IN_MEMORY_LIMIT", 16 * 1024)
    store = _store(tmp_path, second_write_fails)
    path = tmp_path / "VID.mp4"
    path.write_bytes(phone_video())
    with pytest.raises(UnreadableFile, match="No space left"):
        prepare_file(path, ContentWriter(store), lambda _sha256: False)
    assert writes == 2
    assert list(store.stored_ids()) == []


def test_an_mp4_holding_only_sound_is_stored_as_sound(tmp_path: Path) -> None:
    path = tmp_path / "recording.mp4"
    path.write_bytes(sound_in_mp4())
    prepared = prepare_file(path, ContentWriter(_store(tmp_path)), lambda _sha256: False)
    assert prepared.media_type == "audio/mp4"
    assert prepared.duration == pytest.approx(2.0, abs=0.1)
    assert prepared.thumbnail is not None  # its waveform
    assert prepared.phash == ""  # a waveform is no picture to find near-duplicates of
