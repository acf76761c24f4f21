"""Crash-safe file replacement: write aside, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys
import tempfile
from pathlib import Path


def fsync_directory(path: Path) -> None:
    # Windows cannot open a directory for fsync; its rename is durable enough there.
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_file_system(path: Path) -> bool:
    """Flush every file and folder of the file system holding `path` to the disk, with
    Linux's syncfs; False where there is none, so the caller flushes file by file."""
    syncfs = getattr(_libc(), "syncfs", None)
    if syncfs is None:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(path))
    finally:
        os.close(fd)
    return True


@functools.cache
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def write_atomically(path: Path, data: bytes) -> None:
    staging = path.with_name(path.name + ".tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.replace(staging, path)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
    fsync_directory(path.parent)


class DestinationExists(FileExistsError):
    pass


def write_new_file(path: Path, data: bytes, replace: bool = False) -> None:
    """Write a file a person asked for, readable by them alone (0600), whole or not at all.

    The bytes go to a fresh temporary file beside `path` (never a name someone could have
    planted a link at), are flushed, then take the final name. Without `replace` an existing
    file is never overwritten: a hard link claims the name only if it is still free, and file
    systems without hard links (FAT on USB sticks) fall back to a check just before renaming.
    """
    fd, staging_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    staging = Path(staging_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(staging, path)
        else:
            _claim_name(staging, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
    fsync_directory(path.parent)


def _claim_name(staging: Path, path: Path) -> None:
    try:
        os.link(staging, path)
    except FileExistsError:
        raise DestinationExists(path) from None
    except OSError:  # no hard links on this file system
        if os.path.lexists(path):
            raise DestinationExists(path) from None
        os.replace(staging, path)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_tree(folder: Path) -> None:
    """Make a folder written file by file durable before it is renamed into place."""
    for path in sorted(folder.rglob("*"), reverse=True):  # contents before their folder
        if path.is_symlink():
            continue
        if path.is_dir():
            fsync_directory(path)
        else:
            fsync_file(path)
    fsync_directory(folder)
