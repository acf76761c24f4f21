"""SHA-256 computed in a helper thread, fed chunk by chunk.

hashlib releases the GIL on large buffers, so the producer (decryption) and the hashing
each get a core. A bounded queue keeps memory to a few chunks.
"""

from __future__ import annotations

import hashlib
import queue
import threading

_AHEAD = 4


class BackgroundSha256:
    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._digest.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._chunks.put(chunk)

    def finish(self) -> str:
        self._chunks.put(None)
        self._thread.join()
        return self._digest.hexdigest()
