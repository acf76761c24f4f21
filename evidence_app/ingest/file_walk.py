"""Turning the paths a person gave into the list of files to ingest.

Folders are walked recursively; symbolic links to folders are not followed (they can form
loops and lead outside what was chosen); links to files are taken. Whatever cannot be
listed is reported, never fatal.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileToIngest:
    path: Path
    size: int


@dataclass(frozen=True)
class WalkFailure:
    path: Path
    reason: str


def display_path(path: Path) -> str:
    """A printable form of any path, including names that are not valid UTF-8."""
    return os.fsdecode(os.fsencode(path)).encode("utf-8", "backslashreplace").decode("utf-8")


def collect_files(paths: list[Path]) -> tuple[list[FileToIngest], list[WalkFailure]]:
    files: list[FileToIngest] = []
    failures: list[WalkFailure] = []
    seen: set[tuple[int, int]] = set()

    def add(path: Path) -> None:
        try:
            info = path.stat()
        except FileNotFoundError:
            reason = "a broken link" if path.is_symlink() else "it does not exist"
            failures.append(WalkFailure(path, f"Not found: {reason}."))
            return
        except OSError as error:
            failures.append(WalkFailure(path, f"Cannot read it: {error.strerror}."))
            return
        if stat.S_ISDIR(info.st_mode):
            walk(path)
        elif stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) not in seen:  # the same file reached twice
                seen.add((info.st_dev, info.st_ino))
                files.append(FileToIngest(path, info.st_size))
        else:
            failures.append(WalkFailure(path, "Not a regular file (a device, pipe or socket)."))

    def walk(folder: Path) -> None:
        def on_error(error: OSError) -> None:
            where = Path(error.filename) if error.filename else folder
            failures.append(WalkFailure(where, f"Cannot list this folder: {error.strerror}."))

        for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=False):
            dirs.sort()
            for name in sorted(names):
                add(Path(root) / name)
            for name in dirs:
                candidate = Path(root) / name
                if candidate.is_symlink():
                    failures.append(
                        WalkFailure(
                            candidate, "A link to a folder; not followed (give it directly)."
                        )
                    )

    for path in paths:
        add(path)
    return files, failures
