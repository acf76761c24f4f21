"""The item view plays video and audio items decrypted in memory: nothing of them reaches a
temporary folder, a cache or a log, and the decrypted bytes are let go as soon as the
recording leaves the screen."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from evidence_app.core import ingest_service
from evidence_app.gui import media_player
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.gui.main_window import MainWindow
from evidence_app.storage.vault import Vault
from tests.gui.recording_files import (
    VIDEO_LOCATION,
    VIDEO_MS,
    VIDEO_TITLE,
    VOICE_MS,
    phone_video,
    voice_note,
)
from tests.gui.test_lock_during_work import LOCK_RETURNS_WITHIN

VIDEO_NAME = "VID-20240312-kharkiv-yard.mp4"
VOICE_NAME = "voice-note-from-Oksana-4471.opus"
PLAYING = QMediaPlayer.PlaybackState.PlayingState
STOPPED = QMediaPlayer.PlaybackState.StoppedState


def ingest(vault: Vault, folder: Path, name: str, data: bytes) -> str:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    (outcome,) = ingest_service.ingest_paths(vault, [path], source="relative, WhatsApp").outcomes
    path.unlink()  # from here on its bytes exist only encrypted in the vault
    assert outcome.item_id is not None
    return outcome.item_id


@pytest.fixture
def detail(qtbot: QtBot, vault: Vault) -> Iterator[ItemDetail]:
    worker = Worker()
    view = ItemDetail(worker)
    qtbot.addWidget(view)
    view.resize(720, 900)
    view.show()
    view.set_vault(vault)
    yield view
    view.set_vault(None)
    worker.shutdown()


def wait_playing(qtbot: QtBot, detail: ItemDetail, past_ms: int = 300) -> QMediaPlayer:
    """Loaded, it waits for the person; they press play unless it plays already."""
    player = detail.player.player
    qtbot.waitUntil(lambda: detail.player.loaded, timeout=15_000)
    if player.playbackState() != PLAYING:
        detail.player.play_button.click()
    qtbot.waitUntil(
        lambda: player.playbackState() == PLAYING and player.position() > past_ms,
        timeout=15_000,
    )
    return player


def test_a_video_plays_in_place_of_the_picture_with_its_duration_known(
    qtbot: QtBot,
    detail: ItemDetail,
    vault: Vault,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    item_id = ingest(vault, tmp_path / "in", VIDEO_NAME, phone_video())
    detail.show_item(item_id)
    qtbot.waitUntil(lambda: detail.player.loaded, timeout=15_000)
    qtbot.wait(500)
    # A recording of violence does not start by itself, nor aloud in a shared room.
    assert detail.player.player.playbackState() != PLAYING

    player = wait_playing(qtbot, detail)
    assert abs(player.duration() - VIDEO_MS) < 200
    assert player.hasVideo()
    assert player.mediaStatus() in (
        QMediaPlayer.MediaStatus.LoadedMedia,
        QMediaPlayer.MediaStatus.BufferingMedia,
        QMediaPlayer.MediaStatus.BufferedMedia,
    )
    assert player.sourceDevice() is not None and player.source().scheme() == "memory"
    assert detail.player.video.item.isVisible() and not detail.image.isVisible()
    assert not detail.picture_tools.isVisible()  # zoom is for pictures
    assert detail.player.time.text().endswith("/ 0:03")
    assert detail.player.position.maximum() == player.duration()
    # FFmpeg's report on the stream it opened would name the place and the title.
    err = capfd.readouterr().err
    assert VIDEO_LOCATION not in err and VIDEO_TITLE not in err

    detail.player.play_button.click()
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    detail.player.mute_button.click()
    assert detail.player.audio.isMuted()
    detail.player.position.setSliderDown(True)
    detail.player.position.setSliderPosition(2_500)  # dragged by the person
    detail.player.position.setSliderDown(False)
    qtbot.waitUntil(lambda: player.position() >= 2_400)


def test_a_voice_note_plays_with_the_controls_alone(
    qtbot: QtBot, detail: ItemDetail, vault: Vault, tmp_path: Path
) -> None:
    item_id = ingest(vault, tmp_path / "in", VOICE_NAME, voice_note())
    detail.show_item(item_id)

    player = wait_playing(qtbot, detail)
    assert abs(player.duration() - VOICE_MS) < 200
    assert player.hasAudio() and not player.hasVideo()
    shown = detail.player.video
    assert detail.player.isVisible() and not shown.item.isVisible()
    assert shown.still.isVisible() or shown.note.isVisible()  # its waveform, or a note
    assert detail.file_facts.text() == ""


def _derived_from(path: Path, samples: list[bytes], names: list[str]) -> bool:
    if any(name in path.name for name in names):
        return True
    try:
        content = path.read_bytes()
    except OSError:
        return False
    return any(sample in content for sample in samples) or any(
        name.encode() in content for name in names
    )


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_playback_writes_nothing_to_temporary_or_cache_folders(
    qtbot: QtBot,
    detail: ItemDetail,
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watched = tmp_path / "watched"
    temp, cache, home = watched / "tmp", watched / "cache", watched / "home"
    for folder in (temp, cache, home):
        folder.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("HOME", str(home))
    assert QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation) == str(
        temp
    )
    for location in (
        QStandardPaths.StandardLocation.CacheLocation,
        QStandardPaths.StandardLocation.GenericCacheLocation,
    ):
        assert QStandardPaths.writableLocation(location).startswith(str(cache))
    shm_before = set(_files(Path("/dev/shm")))
    video, voice = phone_video(), voice_note()
    video_id = ingest(vault, tmp_path / "in", VIDEO_NAME, video)
    voice_id = ingest(vault, tmp_path / "in", VOICE_NAME, voice)

    detail.show_item(video_id)
    wait_playing(qtbot, detail, past_ms=1_000)
    detail.player.player.setPosition(500)  # seeking reads the buffer again
    wait_playing(qtbot, detail, past_ms=700)
    detail.show_item(voice_id)
    wait_playing(qtbot, detail, past_ms=1_000)
    detail.set_vault(None)

    # Stretches from the middle of each file (past the headers any two MP4s share).
    samples = [
        data[start : start + 48]
        for data in (video, voice)
        for start in (len(data) // 4, len(data) // 2, len(data) * 3 // 4)
    ]
    names = [VIDEO_NAME, VOICE_NAME, VIDEO_NAME.rsplit(".", 1)[0], VIDEO_TITLE]
    assert _files(temp) == [] and _files(cache) == []
    assert [p for p in _files(home) if _derived_from(p, samples, names)] == []
    assert [p for p in _files(home / ".cache")] == []
    new_in_shm = [p for p in _files(Path("/dev/shm")) if p not in shm_before]
    assert [p for p in new_in_shm if _derived_from(p, samples, names)] == []
    # And the vault keeps the recordings encrypted only.
    assert [p for p in _files(vault.path) if _derived_from(p, samples, names)] == []


def test_showing_another_item_lets_go_of_the_recording(
    qtbot: QtBot, detail: ItemDetail, vault: Vault, tmp_path: Path
) -> None:
    video_id = ingest(vault, tmp_path / "in", VIDEO_NAME, phone_video())
    voice_id = ingest(vault, tmp_path / "in", VOICE_NAME, voice_note())
    detail.show_item(video_id)
    wait_playing(qtbot, detail)
    buffer = detail.player._buffer
    assert buffer is not None and buffer.size() > 0

    detail.show_item(voice_id)

    assert not detail.player.loaded
    qtbot.waitUntil(lambda: buffer.data().size() == 0 and not buffer.isOpen())
    wait_playing(qtbot, detail)
    assert detail.player.player.hasAudio() and not detail.player.player.hasVideo()


def test_an_item_too_large_for_memory_says_so_instead_of_loading(
    qtbot: QtBot, detail: ItemDetail, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = phone_video()
    monkeypatch.setattr(media_player, "PLAYABLE_BYTES", len(data) - 1)
    detail.show_item(ingest(vault, tmp_path / "in", VIDEO_NAME, data))

    qtbot.waitUntil(lambda: "only recordings up to" in detail.file_facts.text())
    assert "Extract it" in detail.file_facts.text()
    qtbot.wait(300)
    assert not detail.player.loaded
    assert detail.player.player.playbackState() == STOPPED


def test_locking_stops_playback_at_once_and_empties_the_buffer(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    video_id = ingest(opened.vault, tmp_path / "in", VIDEO_NAME, phone_video())
    opened.evidence.show_item_by_id(video_id)
    view = opened.evidence.detail
    wait_playing(qtbot, view)
    buffer = view.player._buffer
    assert buffer is not None

    started = time.perf_counter()
    opened.lock()
    took = time.perf_counter() - started

    assert took < LOCK_RETURNS_WITHIN
    assert not view.player.loaded
    # The player stops once the event loop runs (a direct call could freeze the window).
    qtbot.waitUntil(lambda: view.player.player.playbackState() == STOPPED)
    assert view.player.player.sourceDevice() is None and view.player.player.source().isEmpty()
    qtbot.waitUntil(lambda: buffer.data().size() == 0)


def test_a_hidden_view_pauses_and_a_closed_one_lets_go(
    qtbot: QtBot, detail: ItemDetail, vault: Vault, tmp_path: Path
) -> None:
    detail.show_item(ingest(vault, tmp_path / "in", VOICE_NAME, voice_note()))
    player = wait_playing(qtbot, detail)
    detail.hide()
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    detail.show()
    detail.close()
    assert not detail.player.loaded
    qtbot.waitUntil(lambda: player.playbackState() == STOPPED)
