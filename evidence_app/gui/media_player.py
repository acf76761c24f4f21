"""A video or audio item played from memory: its decrypted bytes go into a QBuffer and Qt
Multimedia reads them from there. Nothing is written to a temporary file or a cache, and the
buffer is emptied as soon as the recording is no longer on screen (another item, the view
closing, the vault locking)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    QBuffer,
    QByteArray,
    QIODevice,
    QLoggingCategory,
    QMetaObject,
    QObject,
    QSizeF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPixmap, QResizeEvent

# FFmpeg's report on each opened stream (title, GPS location, encoder) would reach stderr, and
# from there a desktop session's journal on disk; loading Qt Multimedia also complains of
# every optional library it lacks, before the app could say anything of its own.
QLoggingCategory.setFilterRules("qt.multimedia*=false")

from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer  # noqa: E402
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import items_service  # noqa: E402
from evidence_app.core.vault_service import Vault  # noqa: E402
from evidence_app.gui.i18n import format_size, tr  # noqa: E402
from evidence_app.gui.jobs import Worker  # noqa: E402

# Held twice while it is handed over (Python's bytes, then Qt's buffer): 1 GiB at the peak.
PLAYABLE_BYTES = 512 * 1024 * 1024
# The player reads a URL only to name the stream in its messages: a name that says nothing.
_NEUTRAL_URL = QUrl("memory:recording")


def _later(player: QObject, slot: str, *arguments: Any) -> None:
    """Ask the player to do something once the event loop runs, not now. Qt's FFmpeg backend
    stops and pauses under a lock that its audio thread may hold while it waits for Python's
    GIL; called from Python, which holds the GIL, the window froze for good, one time in a
    few. Run from the event loop, the call holds no GIL."""
    QMetaObject.invokeMethod(player, slot, Qt.ConnectionType.QueuedConnection, *arguments)


def playable(media_type: str) -> bool:
    return media_type.split("/", 1)[0] in ("video", "audio")


def clock(ms: int) -> str:
    """A position or duration as a player shows it: 4:05, or 1:02:03 past an hour."""
    seconds = max(ms, 0) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class VideoView(QGraphicsView):
    """The moving picture, fitted to the space it has; for audio, the recording's waveform
    (or a note when it has none). Drawn by Qt's painter like the photo view, rather than in
    a native window of its own, so it sits in the layout like any widget and a grab of the
    view shows it."""

    MIN_HEIGHT = 200

    def __init__(self) -> None:
        super().__init__()
        self.item = QGraphicsVideoItem()
        self.item.nativeSizeChanged.connect(self._fit)
        self.still = QGraphicsPixmapItem()
        self.still.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.note = QGraphicsSimpleTextItem("♪")
        self.note.setBrush(QColor("#9a9a9a"))
        font = self.note.font()
        font.setPointSize(48)
        self.note.setFont(font)
        scene = QGraphicsScene(self)
        for part in (self.item, self.still, self.note):
            scene.addItem(part)
        self.setScene(scene)
        self.setBackgroundBrush(QColor("black"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(self.MIN_HEIGHT)

    def show_video(self) -> None:
        self.still.setPixmap(QPixmap())
        self._shown(self.item)

    def show_still(self, image: QImage | None) -> None:
        """A picture of the sound, or the note when there is none."""
        has_image = image is not None and not image.isNull()
        self.still.setPixmap(QPixmap.fromImage(image) if has_image and image else QPixmap())
        self._shown(self.still if has_image else self.note)

    def _shown(self, part: QGraphicsItem) -> None:
        for each in (self.item, self.still, self.note):
            each.setVisible(each is part)
        self._fit()

    def _fit(self, _size: QSizeF | None = None) -> None:
        if self.item.isVisible():
            native = self.item.nativeSize()
            if native.isEmpty():
                return
            self.item.setSize(native)
        shown = next(part for part in (self.item, self.still, self.note) if part.isVisible())
        self.setSceneRect(shown.boundingRect())
        if shown is self.note:  # a glyph at its own size, centred
            self.resetTransform()
        else:
            self.fitInView(shown, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class MediaPlayer(QWidget):
    """Play/pause, a position slider with the time, volume and mute under the picture (a
    video's, or a picture of the sound). `said` carries what the person should read."""

    said = Signal(str)

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._wanted: str | None = None  # the item whose bytes are on their way or loaded
        self._buffer: QBuffer | None = None
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = VideoView()
        self.player.setVideoOutput(self.video.item)

        style = self.style()
        self.play_button = QToolButton()
        self.play_button.clicked.connect(self.toggle)
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setAccessibleName(tr("Position"))
        self.position.sliderMoved.connect(self.player.setPosition)
        self.time = QLabel(clock(0))
        self.mute_button = QToolButton()
        self.mute_button.setCheckable(True)
        self.mute_button.toggled.connect(self.audio.setMuted)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(100)
        self.volume.setToolTip(tr("Volume"))
        self.volume.setAccessibleName(tr("Volume"))
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.audio.setVolume(0.8)
        self._icons = {
            "play": style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
            "pause": style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
            "sound": style.standardIcon(QStyle.StandardPixmap.SP_MediaVolume),
            "muted": style.standardIcon(QStyle.StandardPixmap.SP_MediaVolumeMuted),
        }

        controls = QHBoxLayout()
        controls.setContentsMargins(6, 4, 6, 4)
        controls.addWidget(self.play_button)
        controls.addWidget(self.position, 1)
        controls.addWidget(self.time)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.volume)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.video, 1)
        layout.addLayout(controls)

        self.player.durationChanged.connect(self._duration)
        self.player.positionChanged.connect(self._position)
        self.player.playbackStateChanged.connect(lambda _state: self._show_state())
        self.player.errorOccurred.connect(self._failed)
        self.audio.mutedChanged.connect(lambda _muted: self._show_state())
        self._show_state()
        self._enable(False)

    # -- what is loaded ---------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._buffer is not None

    def load(self, vault: Vault, item_id: str, media_type: str, size: int) -> None:
        """Decrypt the item on the worker and play it from memory; what is too large to hold
        in memory is explained instead of loaded."""
        self.release()
        video = media_type.startswith("video/")
        if video:
            self.video.show_video()
        else:
            self.video.show_still(None)
        if size > PLAYABLE_BYTES:
            self.said.emit(
                tr(
                    "This recording is {size}; only recordings up to {limit} are played here, "
                    "in memory, so that none of it is written to disk. Extract it to open it "
                    "with another program."
                ).format(size=format_size(size), limit=format_size(PLAYABLE_BYTES))
            )
            return
        self._wanted = item_id
        self.said.emit(tr("Decrypting the recording…"))
        job = self._worker.submit(
            lambda _job: (
                items_service.content_bytes(vault, item_id, PLAYABLE_BYTES),
                None if video else items_service.thumbnail_jpeg(vault, item_id),
            ),
            read_only=True,
        )
        job.succeeded.connect(lambda loaded: self._decrypted(item_id, *loaded))
        job.failed.connect(lambda message: self._refused(item_id, message))

    def _decrypted(self, item_id: str, data: bytes, waveform: bytes | None) -> None:
        if item_id != self._wanted:  # another item, or none, was asked for meanwhile
            return
        if waveform is not None:
            self.video.show_still(QImage.fromData(waveform))
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(data))
        del data
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.player.setSourceDevice(self._buffer, _NEUTRAL_URL)
        self._enable(True)
        self.said.emit("")
        # Nothing plays until the person asks: a recording of violence should not start by
        # itself, nor aloud in a shared room. Paused, a video shows its first frame.
        _later(self.player, "pause")

    def _refused(self, item_id: str, message: str) -> None:
        if item_id == self._wanted:
            self._wanted = None
            self.said.emit(message)

    def release(self) -> None:
        """Stop, and forget the decrypted bytes: the player lets go of the buffer first."""
        self._wanted = None
        _later(self.player, "stop")
        _later(self.player, "setSource", Q_ARG(QUrl, QUrl()))
        buffer, self._buffer = self._buffer, None
        if buffer is not None:  # emptied after the player let go of it, in the same order

            def forget() -> None:
                buffer.close()
                buffer.setData(QByteArray())

            QTimer.singleShot(0, forget)
        self.video.still.setPixmap(QPixmap())
        self.position.setRange(0, 0)
        self.time.setText(clock(0))
        self._enable(False)

    # -- controls ---------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            _later(self.player, "pause")
        elif self.loaded:
            _later(self.player, "play")

    def pause(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            _later(self.player, "pause")

    def _enable(self, on: bool) -> None:
        for control in (self.play_button, self.position):
            control.setEnabled(on)

    def _show_state(self) -> None:
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setIcon(self._icons["pause" if playing else "play"])
        self.play_button.setToolTip(tr("Pause") if playing else tr("Play"))
        self.play_button.setAccessibleName(self.play_button.toolTip())
        muted = self.audio.isMuted()
        self.mute_button.setIcon(self._icons["muted" if muted else "sound"])
        self.mute_button.setToolTip(tr("Sound on") if muted else tr("Mute"))
        self.mute_button.setAccessibleName(self.mute_button.toolTip())

    def _duration(self, ms: int) -> None:
        self.position.setRange(0, ms)
        self._position(self.player.position())

    def _position(self, ms: int) -> None:
        if not self.position.isSliderDown():  # the person is dragging it
            self.position.setValue(ms)
        self.time.setText(f"{clock(ms)} / {clock(self.player.duration())}")

    def _failed(self, error: QMediaPlayer.Error, _detail: str) -> None:
        if error != QMediaPlayer.Error.NoError and self.loaded:
            self.release()
            self.said.emit(tr("This recording cannot be played here; its file is kept as is."))
