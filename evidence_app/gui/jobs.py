"""Work off the GUI thread: one background thread for everything that touches the vault.

The vault allows one writer at a time and SQLCipher work, crypto and PDF layout would
freeze the window, so every such call runs on a single worker thread (Anki's pattern), in
the order it was asked for. A `Job` reports progress and its result back to the GUI thread
through Qt signals, and is itself the core Progress protocol as seen by that worker.

The GUI thread never waits for the worker: locking cancels every job and queues the
vault's closing behind them (`Worker.abandon_all`, `Worker.after_all`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar

from evidence_app.core.errors import Cancelled, EvidenceAppError
from evidence_app.gui.i18n import tr


class Job(QObject):
    progressed = Signal(float, str)  # fraction (-1 when unknown), message
    succeeded = Signal(object)
    failed = Signal(str)  # a message a person understands
    cancelled = Signal()
    # The worker thread reports the outcome through this queued signal, so the public
    # signals fire in the GUI thread's event loop: after the caller has connected to them,
    # however fast the work was.
    _outcome = Signal(str, object)

    def __init__(self, on_delivered: Callable[[Job], None]) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self._abandoned = False
        self._on_delivered = on_delivered
        self._outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, kind: str, payload: object) -> None:
        try:
            if self._abandoned:  # its result belongs to a vault that was locked since
                self.cancelled.emit()
            elif kind == "succeeded":
                self.succeeded.emit(payload)
            elif kind == "failed":
                self.failed.emit(tr(str(payload)))  # the messages people meet most are translated
            else:
                self.cancelled.emit()
        finally:
            self._on_delivered(self)  # until now the worker kept this job alive

    def cancel(self) -> None:
        self._cancel.set()

    def abandon(self) -> None:
        """Cancel, and deliver nothing of what the work returns or says: only `cancelled`."""
        self._abandoned = True
        self.cancel()

    # The core Progress protocol, called from the worker thread.
    def report(self, fraction: float | None, message: str = "") -> None:
        self.progressed.emit(-1.0 if fraction is None else fraction, message)

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()


class Worker:
    """One thread, jobs in order. Reads of thumbnails use `reader`, a second thread, so a
    long import never stops pictures from appearing."""

    def __init__(self) -> None:
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault-read")
        self.active: set[Job] = set()

    def submit(self, work: Callable[[Job], Any], *, read_only: bool = False) -> Job:
        """Run `work(job)` in the background; connect to the job's signals right away
        (they are queued to the GUI thread, so none is missed)."""
        job = Job(self.active.discard)
        self.active.add(job)

        def run() -> None:
            try:
                result = work(job)
            except Cancelled:
                job._outcome.emit("cancelled", None)
            except EvidenceAppError as error:
                job._outcome.emit("failed", str(error))
            except Exception as error:  # a bug: say so plainly, never crash the window
                job._outcome.emit(
                    "failed", f"Unexpected error: {error.__class__.__name__}: {error}"
                )
            else:
                job._outcome.emit("succeeded", result)

        (self._reader if read_only else self._writer).submit(run)
        return job

    def abandon_all(self) -> None:
        """Cancel every job; whatever they still return is never shown (the vault locked)."""
        for job in list(self.active):
            job.abandon()

    def after_all(self, work: Callable[[], object]) -> None:
        """Run `work` on the writer thread once everything queued on both threads is done,
        without waiting for it here (closing a vault that a read may still be using)."""
        reads_done = self._reader.submit(lambda: None)
        self._writer.submit(lambda: (reads_done.result(), work()))

    def shutdown(self) -> None:
        self.abandon_all()
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)


def show_progress(bar: QProgressBar, status: QLabel, fraction: float, message: str) -> None:
    """A job's progress on a bar and a line of text; a fraction below 0 is work of unknown
    length (the bar runs without an end)."""
    bar.setRange(0, 0 if fraction < 0 else 1000)
    if fraction >= 0:
        bar.setValue(int(fraction * 1000))
    status.setText(message)
