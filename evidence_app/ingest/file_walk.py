"""Turning the paths a person gave into the list of files to ingest.

Folders are walked recursively. Inside a folder, symbolic links to folders are not followed
(they can form loops), and links to files are taken only when the file lies inside the
folder that was chosen: a link must not carry in, under its own name, a file the person did
not choose. A link named on the command line is taken, as chosen. Every link taken keeps
its target, for the custody record. Whatever cannot be listed is reported, never fatal.
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
    link_target: Path | None = None  # where `path` leads, when it is a symbolic link


@dataclass(frozen=True)
class WalkFailure:
    path: Path
    reason: str
    skipped: bool = False  # left out on purpose (a link not followed), not an error


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def display_path(path: Path) -> str:
    """A printable form of any path, including names that are not valid UTF-8."""
    return os.fsdecode(os.fsencode(path)).encode("utf-8", "backslashreplace").decode("utf-8")


def collect_files(paths: list[Path]) -> tuple[list[FileToIngest], list[WalkFailure]]:
    files: list[FileToIngest] = []
    failures: list[WalkFailure] = []
    seen: set[tuple[int, int]] = set()

    def add(path: Path, chosen_folder: Path | None = None) -> None:
        try:
            info = path.stat()
        except FileNotFoundError:
            reason = "a broken link" if path.is_symlink() else "it does not exist"
            failures.append(WalkFailure(path, f"Not found: {reason}."))
            return
        except OSError as error:
            failures.append(WalkFailure(path, f"Cannot read it: {error.strerror}."))
            return
        target = Path(os.path.realpath(path)) if path.is_symlink() else None
        if stat.S_ISDIR(info.st_mode):
            walk(path)
        elif stat.S_ISREG(info.st_mode):
            if (
                target is not None
                and chosen_folder is not None
                and not _inside(target, chosen_folder)
            ):
                failures.append(
                    WalkFailure(
                        path,
                        "A link to a file outside the folder; not followed "
                        "(name the file itself to take it).",
                        skipped=True,
                    )
                )
            elif (info.st_dev, info.st_ino) not in seen:  # the same file reached twice
                seen.add((info.st_dev, info.st_ino))
                files.append(FileToIngest(path, info.st_size, target))
        else:
            failures.append(WalkFailure(path, "Not a regular file (a device, pipe or socket)."))

    def walk(folder: Path) -> None:
        def on_error(error: OSError) -> None:
            where = Path(error.filename) if error.filename else folder
            failures.append(WalkFailure(where, f"Cannot list this folder: {error.strerror}."))

        chosen = Path(os.path.realpath(folder))
        for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=False):
            dirs.sort()
            for name in sorted(names):
                add(Path(root) / name, chosen)
            for name in dirs:
                candidate = Path(root) / name
                if candidate.is_symlink():
                    failures.append(
                        WalkFailure(
                            candidate,
                            "A link to a folder; not followed (give it directly).",
                            skipped=True,
                        )
                    )

    for path in paths:
        add(path)
    return files, failures
