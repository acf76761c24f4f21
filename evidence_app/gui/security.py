"""Locking when the person walks away, and copies to the clipboard that do not linger."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLIPBOARD_SECONDS = 30

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Calls `on_idle` after `minutes` without keyboard or mouse use in the app."""

    def __init__(self, minutes: int, on_idle: object) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(on_idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self._timer.setInterval(max(1, minutes) * 60_000)

    def set_interval_ms(self, milliseconds: int) -> None:
        self._timer.setInterval(milliseconds)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


_copied: set[str] = set()


def copy_for_a_while(text: str, seconds: int = CLIPBOARD_SECONDS) -> None:
    """Put text on the clipboard and take it off again unless something else replaced it."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)
    _copied.add(text)

    def clear() -> None:
        _copied.discard(text)
        if clipboard.text() == text:
            clipboard.clear()

    QTimer.singleShot(seconds * 1000, clear)


def clear_copied_text() -> None:
    """Take off the clipboard whatever the app put there (when the vault locks)."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.text() in _copied:
        clipboard.clear()
    _copied.clear()
