"""One process at a time per vault.

An OS file lock (flock / LockFileEx) is released by the kernel when its holder dies, so a
lock left by a crashed process never blocks anyone; the file only records who holds it so
the message can name the process.

The file is opened without following links and must be a regular file: a `vault.lock`
planted as a link would otherwise make the next open truncate whatever it points at.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import IO

from evidence_app.kernel.errors import BadInput, UnknownVaultFormat, VaultInUse

LOCK_NAME = "vault.lock"
# O_NONBLOCK: a FIFO planted as vault.lock must not hang the open.
_OPEN_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


class ProcessLock:
    def __init__(self, vault_dir: Path) -> None:
        self._path = vault_dir / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        handle = os.fdopen(self._open(), "r+", encoding="ascii")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise VaultInUse(f"The vault is in use by process {holder}.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def _open(self) -> int:
        refused = UnknownVaultFormat(
            f"{self._path} is not a plain file (a link, a folder or a device was put in its "
            "place); refusing to use it. Check the vault folder, remove it and try again."
        )
        try:
            fd = os.open(self._path, _OPEN_FLAGS, 0o600)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                raise refused from None
            raise BadInput(f"Cannot open {self._path}: {error.strerror}.") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise refused
        if os.name != "nt":  # a lock file made by an older version may be readable by others
            os.fchmod(fd, 0o600)
        return fd

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self._handle.seek(0)
            self._handle.truncate()
            _unlock(self._handle)
        self._handle.close()
        self._handle = None


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
