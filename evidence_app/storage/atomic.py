"""Crash-safe file replacement: write aside, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
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
