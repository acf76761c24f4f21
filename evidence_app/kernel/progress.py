"""The progress and cancel protocol every long operation takes.

Core code calls `progress.report(fraction, message)` as it goes and checks
`progress.cancel_requested()` at safe points (between files, between chunks), raising
`Cancelled` itself. The CLI adapts this to a terminal bar, the GUI to Qt signals.
"""

from __future__ import annotations

from typing import Protocol

from evidence_app.kernel.errors import Cancelled


class Progress(Protocol):
    def report(self, fraction: float | None, message: str = "") -> None:
        """`fraction` in [0, 1], or None when the total is not known."""

    def cancel_requested(self) -> bool: ...


class NoProgress:
    """For callers that neither show progress nor cancel."""

    def report(self, fraction: float | None, message: str = "") -> None:
        pass

    def cancel_requested(self) -> bool:
        return False


def check_cancelled(progress: Progress) -> None:
    if progress.cancel_requested():
        raise Cancelled("Stopped at your request; everything finished before that is kept.")
