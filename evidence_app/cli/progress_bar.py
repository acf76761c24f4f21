"""The core progress protocol drawn as a one-line terminal bar, with Ctrl-C as cancel.

The first Ctrl-C asks the running operation to stop at its next safe point (between files,
between chunks), so everything reported as done stays committed; a second one interrupts.
"""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType, TracebackType
from typing import Any

_WIDTH = 24
_REFRESH_SECONDS = 0.1


class TerminalProgress:
    def __init__(self, enabled: bool | None = None) -> None:
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._cancel = False
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._previous_handler: Any = None
        self._drawn = False

    def __enter__(self) -> TerminalProgress:
        self._previous_handler = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        signal.signal(signal.SIGINT, self._previous_handler)
        self.clear()

    def _on_interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        if self._cancel:
            raise KeyboardInterrupt
        self._cancel = True
        self.clear()
        print("Stopping after the current step… (Ctrl-C again to interrupt)", file=sys.stderr)

    def cancel_requested(self) -> bool:
        return self._cancel

    def report(self, fraction: float | None, message: str = "") -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < _REFRESH_SECONDS and fraction not in (0.0, 1.0):
            return
        self._last_draw = now
        if fraction is None:
            bar, tail = "…".ljust(_WIDTH), ""
        else:
            filled = int(fraction * _WIDTH)
            bar = "█" * filled + "·" * (_WIDTH - filled)
            tail = f" {fraction * 100:5.1f}%" + self._time_left(fraction, now)
        sys.stderr.write(f"\r\x1b[2K{bar}{tail}  {message}"[:200])
        sys.stderr.flush()
        self._drawn = True

    def _time_left(self, fraction: float, now: float) -> str:
        elapsed = now - self._started
        if fraction <= 0.01 or elapsed < 1:
            return ""
        remaining = elapsed * (1 - fraction) / fraction
        minutes, seconds = divmod(int(remaining), 60)
        return f"  {minutes}:{seconds:02d} left"

    def clear(self) -> None:
        if self._drawn:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self._drawn = False
