"""The plaintext side of a blob write: the padded stream, read and hashed a step ahead.

Reading and hashing run in a helper thread one step ahead of the encryption, so the two
halves of the work use two cores (hashlib and libsodium release the GIL). At most `_AHEAD`
chunks wait in between, which bounds memory whatever the source size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator
from typing import Any, BinaryIO

_AHEAD = 4


class _PaddedSource:
    """`prefix`, then exactly `content_size` bytes of `source` (hashed), then zeros up to
    `stream_length`. A source shorter or longer than announced raises `error`."""

    def __init__(
        self,
        source: BinaryIO,
        prefix: bytes,
        content_size: int,
        stream_length: int,
        digest: Any,
        error: type[Exception],
    ) -> None:
        self._source = source
        self._prefix = prefix
        self._content_left = content_size
        self._zeros_left = stream_length - len(prefix) - content_size
        self._digest = digest
        self._error = error

    def read_chunk(self, size: int) -> bytes:
        parts = []
        if self._prefix:
            parts.append(self._prefix[:size])
            self._prefix = self._prefix[size:]
            size -= len(parts[0])
        if size and self._content_left:
            data = read_full(self._source, min(size, self._content_left))
            if len(data) < min(size, self._content_left):
                raise self._error("The file became shorter while it was read.")
            self._digest.update(data)
            self._content_left -= len(data)
            size -= len(data)
            parts.append(data)
            if not self._content_left and self._source.read(1):
                raise self._error("The file grew while it was read.")
        if size and self._zeros_left:
            zeros = min(size, self._zeros_left)
            self._zeros_left -= zeros
            parts.append(bytes(zeros))
        return b"".join(parts)


def framed_chunks(
    source: BinaryIO,
    prefix: bytes,
    content_size: int,
    stream_length: int,
    chunk_size: int,
    digest: Any,
    error: type[Exception],
) -> Generator[tuple[bytes, bool]]:
    """The padded stream cut into `chunk_size` pieces, each with whether it is the last."""
    padded = _PaddedSource(source, prefix, content_size, stream_length, digest, error)
    count = max(1, -(-stream_length // chunk_size))
    handoff: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def produce() -> None:
        try:
            for _ in range(count):
                if stop.is_set():
                    return
                _put(handoff, padded.read_chunk(chunk_size), stop)
        except BaseException as failure:  # handed to the consumer, which raises it
            _put(handoff, failure, stop)

    producer = threading.Thread(target=produce, name="blob-read-hash", daemon=True)
    producer.start()
    try:
        for index in range(count):
            item = handoff.get()
            if isinstance(item, BaseException):
                raise item
            yield item, index == count - 1
    finally:
        stop.set()
        producer.join()


def _put(
    handoff: queue.Queue[bytes | BaseException], item: bytes | BaseException, stop: threading.Event
) -> None:
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.05)
            return
        except queue.Full:
            continue


def read_full(source: BinaryIO, size: int) -> bytes:
    """Read exactly `size` bytes unless the stream ends; short reads are not the end."""
    data = source.read(size)
    if not data or len(data) == size:
        return data or b""
    parts = [data]
    received = len(data)
    while received < size:
        more = source.read(size - received)
        if not more:
            break
        parts.append(more)
        received += len(more)
    return b"".join(parts)
