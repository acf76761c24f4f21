"""Exports in progress, recorded in the catalog, so an interrupted one leaves nothing behind.

An export decrypts originals (full EXIF, real file names) and testimony text into hidden
paths beside the destination the person chose, and renames them into place when complete.
A kill -9 or a power loss in between would leave that plaintext there for good. So before
the first byte is written the export records, in a committed transaction, the exact paths it
will create; the record goes once those paths are gone (renamed into place, or removed after
a cancel or a failure).

When the vault opens, and before each export, every recorded export that this open vault is
not running is a leftover. Nothing else can be running it: the vault's process lock is an
exclusive flock (LockFileEx on Windows), held for as long as a vault is open and released by
the kernel when its holder dies, and a second open conflicts with it even inside the same
process. Whoever wrote the record therefore died, or lost power, before finishing. Its paths
are removed, only those exact paths and only while they still look like what the export
made (our hidden name, in the recorded folder, the same kind of entry, no symlink), and the
person is told. A path that cannot be removed, e.g. on a USB stick that is not connected,
stays recorded and is reported at every open and by `verify` until it can be.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from evidence_app.custody.write_path import write
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import BadInput
from evidence_app.kernel.notice import Notice
from evidence_app.storage.atomic import fsync_directory
from evidence_app.storage.models import ExportInProgress
from evidence_app.storage.vault import Vault

# `.NAME.partial-1a2b3c4d`: hidden, and never a name a person would give a dossier.
_OUR_NAME = re.compile(r"\.[^/\\]+\.partial-[0-9a-f]{8}")


@dataclass(frozen=True)
class StagingPath:
    path: Path
    is_dir: bool


def export_folder(destination: Path) -> Path:
    """The real folder an export writes in, symlinks resolved once, at the start."""
    parent = destination.parent
    if not parent.is_dir():
        raise BadInput(f"The folder {parent} does not exist.")
    return parent.resolve()


def hidden_path(folder: Path, name: str, is_dir: bool) -> StagingPath:
    return StagingPath(folder / f".{name}.partial-{secrets.token_hex(4)}", is_dir)


# Said after an interrupted export, per kind of export: (removed, could not be removed).
LEFTOVER_WORDS = {
    "accountability": (
        "An accountability dossier export interrupted on {when} left decrypted files in "
        "{paths}; they were removed.",
        "An accountability dossier export interrupted on {when} left decrypted files in "
        "{path}; they could not be removed ({reason}). Reconnect that drive and open the "
        "vault again, or delete them by hand.",
    ),
    "exhibition": (
        "An exhibition export interrupted on {when} left decrypted files in {paths}; they "
        "were removed.",
        "An exhibition export interrupted on {when} left decrypted files in {path}; they "
        "could not be removed ({reason}). Reconnect that drive and open the vault again, or "
        "delete them by hand.",
    ),
}
# Why what an export left was not removed.
LEFT_ALONE_NOT_OURS = "it is not a name this app gives its staging; it was left alone"
FOLDER_UNAVAILABLE = "the folder {folder} is not available"
FOLDER_NOW_A_LINK = "the folder {folder} is now reached through a link; it was left alone"
DRIVE_ABSENT = "the drive that held {folder} is absent"
LEFT_ALONE_CHANGED = "it is no longer what the export created; it was left alone"
STILL_THERE = "it is still there"
REASONS = (
    LEFT_ALONE_NOT_OURS,
    FOLDER_UNAVAILABLE,
    FOLDER_NOW_A_LINK,
    DRIVE_ABSENT,
    LEFT_ALONE_CHANGED,
    STILL_THERE,
)


@dataclass
class Leftover:
    """What an interrupted export left: removed now, or still there and why."""

    kind: str
    started: str
    removed: list[Path] = field(default_factory=list)
    remaining: list[tuple[Path, Notice]] = field(default_factory=list)

    def notices(self) -> list[Notice]:
        when = self.started[:16].replace("T", " ") + " UTC"
        removed, not_removed = LEFTOVER_WORDS.get(self.kind, LEFTOVER_WORDS["exhibition"])
        said = []
        if self.removed:
            paths = ", ".join(map(str, self.removed))
            said.append(Notice(removed, {"when": when, "paths": paths}))
        for path, reason in self.remaining:
            said.append(Notice(not_removed, {"when": when, "path": str(path), "reason": reason}))
        return said


@contextlib.contextmanager
def recorded(
    vault: Vault, kind: str, destination: Path, paths: list[StagingPath]
) -> Iterator[None]:
    """Record the export before its body writes anything; on leaving, remove whatever of
    `paths` is still there (a failure, a cancel, or staging a zip no longer needs) and
    drop the record once nothing is left."""
    folder = paths[0].path.parent
    row = ExportInProgress(
        id=uuid.uuid4().hex,
        kind=kind,
        destination=str(destination),
        folder=str(folder),
        folder_device=str(os.stat(folder).st_dev),
        paths_json=json.dumps([{"path": str(p.path), "is_dir": p.is_dir} for p in paths]),
        started=utc_now(),
    )
    with write(vault) as unit:
        unit.session.add(row)
    vault.running_exports.add(row.id)
    try:
        yield
    finally:
        vault.running_exports.discard(row.id)
        _settle(vault, row, remove=True)


def sweep_leftovers(vault: Vault) -> list[Notice]:
    """Remove what interrupted exports left, and say what was removed and what was not."""
    return [
        notice
        for row in _not_running(vault)
        for notice in _settle(vault, row, remove=True).notices()
    ]


def outstanding_leftovers(vault: Vault) -> list[Notice]:
    """What interrupted exports left and is still there; changes nothing (for `verify`)."""
    return [
        notice
        for row in _not_running(vault)
        for notice in _settle(vault, row, remove=False).notices()
    ]


def _not_running(vault: Vault) -> list[ExportInProgress]:
    with vault.reader() as session:
        rows = session.scalars(select(ExportInProgress).order_by(ExportInProgress.started))
        return [row for row in rows if row.id not in vault.running_exports]


def _settle(vault: Vault, row: ExportInProgress, remove: bool) -> Leftover:
    leftover = Leftover(row.kind, row.started)
    folder = Path(row.folder)
    for entry in json.loads(row.paths_json):
        staged = StagingPath(Path(entry["path"]), bool(entry["is_dir"]))
        problem = _check(staged, folder, row.folder_device, Path(row.destination))
        if problem is _GONE:
            continue
        if problem is None and remove:
            problem = _remove(staged, folder)
            if problem is None:
                leftover.removed.append(staged.path)
                continue
        leftover.remaining.append((staged.path, problem or Notice(STILL_THERE)))
    if remove and not leftover.remaining:
        with write(vault) as unit:
            unit.session.execute(delete(ExportInProgress).where(ExportInProgress.id == row.id))
    return leftover


_GONE = Notice("gone")


def _check(staged: StagingPath, folder: Path, device: str, destination: Path) -> Notice | None:
    """None if `staged` is there and still what the export made; `_GONE` if it is gone;
    otherwise why it must not, or cannot, be removed."""
    path = staged.path
    if path.parent != folder or not _OUR_NAME.fullmatch(path.name) or path == destination:
        return Notice(LEFT_ALONE_NOT_OURS)
    try:
        folder_device = str(os.stat(folder).st_dev)
    except OSError:
        return Notice(FOLDER_UNAVAILABLE, {"folder": str(folder)})
    if os.path.realpath(folder) != str(folder):
        return Notice(FOLDER_NOW_A_LINK, {"folder": str(folder)})
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        # On another drive mounted at the same place, absent says nothing about ours.
        if folder_device == device:
            return _GONE
        return Notice(DRIVE_ABSENT, {"folder": str(folder)})
    except OSError as error:
        return Notice(error.strerror or str(error))  # the system's own words
    if stat.S_ISDIR(found.st_mode) != staged.is_dir or stat.S_ISLNK(found.st_mode):
        return Notice(LEFT_ALONE_CHANGED)
    return None


def _remove(staged: StagingPath, folder: Path) -> Notice | None:
    try:
        if staged.is_dir:
            shutil.rmtree(staged.path)  # removes links inside, never follows them
        else:
            staged.path.unlink()
    except OSError as error:
        return Notice(error.strerror or str(error))
    with contextlib.suppress(OSError):
        fsync_directory(folder)
    return None
