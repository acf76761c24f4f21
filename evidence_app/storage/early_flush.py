"""Start writing a large file's pages to disk while it is still being produced.

A blob write ends with fsync. Left alone, the kernel holds most of a large file in dirty
pages until then, so the final fsync waits for all of it while the CPU sits idle. Flushing
in a helper thread every few dozen MiB overlaps the disk with encryption.
"""

from __future__ import annotations

import os
import threading
from typing import BinaryIO

FLUSH_EVERY = 32 * 1024 * 1024


class EarlyFlushingWriter:
    """Wraps a file opened for writing; `write` returns as soon as the data is buffered."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._unflushed = 0
        self._wanted = threading.Event()
        self._closing = False
        # Started by the first flush: most blobs (photos, thumbnails) never need one, and a
        # thread per file is a measurable share of ingesting a thousand photos.
        self._flusher: threading.Thread | None = None

    def write(self, data: bytes) -> int:
        written = self._handle.write(data)
        self._unflushed += len(data)
        if self._unflushed >= FLUSH_EVERY:
            self._unflushed = 0
            self._handle.flush()
            if self._flusher is None:
                self._flusher = threading.Thread(
                    target=self._flush_loop, name="blob-flush", daemon=True
                )
                self._flusher.start()
            self._wanted.set()
        return written

    def _flush_loop(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closing:
                return
            try:
                os.fdatasync(self._handle.fileno()) if hasattr(os, "fdatasync") else None
            except OSError:
                return  # the final fsync reports any real problem

    def finish(self, durable: bool = True) -> None:
        """Flush everything to the kernel, and to the disk when `durable`; stops the helper
        thread. Not `durable`: the caller makes the file last later (BlobStore.make_durable)."""
        if self._flusher is not None:
            self._closing = True
            self._wanted.set()
            self._flusher.join()
        self._handle.flush()
        if durable:
            os.fsync(self._handle.fileno())
