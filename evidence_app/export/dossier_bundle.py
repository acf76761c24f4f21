"""A dossier's files, read in place from a folder or straight out of a zip, with bounds.

A dossier comes from someone else, so nothing in it is trusted until checked, sizes least
of all: a few kilobytes of zip can inflate to gigabytes. Every member is read through a
counter of the bytes actually produced (never the size a zip header or `stat` declares),
which stops at the member's limit; members without a size limit (the evidence files) are
only ever streamed. In a zip, a member that inflates to more than `MAX_RATIO` times its
stored size, once past `RATIO_GRACE`, is refused as a zip bomb: honest dossiers hold
photos, PDFs and JSON, which compress far less than that.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from evidence_app.kernel.errors import BadInput

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30

# The files the verifier reads whole are bounded by what an honest dossier of tens of
# thousands of exhibits needs; the PDF is only ever streamed, never held in memory.
LIMITS = {
    "manifest.json": 64 * MiB,
    "SHA256SUMS": 16 * MiB,
    "dossier.pdf": 2 * GiB,
    "manifest.json.minisig": 64 * KiB,
    "dossier.pdf.minisig": 64 * KiB,
    "signer.pub": 64 * KiB,
    "VERIFY.txt": 1 * MiB,
}
MAX_RATIO = 100
RATIO_GRACE = 16 * MiB
CHUNK = 1 * MiB


class OversizedMember(Exception):
    """A member goes beyond its bound; the message names it."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} {reason}; it was not read further")
        self.name = name


def _describe(size: int) -> str:
    for unit, name in ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
        if size >= unit:
            return f"{size // unit} {name}"
    return f"{size} bytes"


class _Bounded(io.RawIOBase):
    """A readable, seekable view of one member that fails once its reader gets past the
    member's limit. Re-reading after a seek back is not new data, so the bound applies to
    the furthest position reached."""

    def __init__(self, raw: IO[bytes], name: str, limit: int | None, stored: int | None) -> None:
        self._raw = raw
        self._name = name
        self._limit = limit
        self._stored = stored
        self._furthest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        wanted = len(buffer)
        if self._limit is not None:
            # Ask for one byte beyond the limit at most, so going past it is noticed
            # without ever producing more than the limit.
            wanted = max(0, min(wanted, self._limit + 1 - self._raw.tell()))
            if wanted == 0:
                self._refuse(f"is larger than {_describe(self._limit)}")
        data = self._raw.read(wanted)
        buffer[: len(data)] = data
        self._furthest = max(self._furthest, self._raw.tell())
        if self._limit is not None and self._furthest > self._limit:
            self._refuse(f"is larger than {_describe(self._limit)}")
        if (
            self._stored is not None
            and self._furthest > RATIO_GRACE
            and self._furthest > MAX_RATIO * max(self._stored, 1)
        ):
            self._refuse(
                f"inflates to more than {MAX_RATIO} times its size in the zip (a zip bomb?)"
            )
        return len(data)

    def _refuse(self, reason: str) -> None:
        raise OversizedMember(self._name, reason)

    def close(self) -> None:
        self._raw.close()
        super().close()


class Bundle:
    """Names are relative POSIX paths. A zip is never unpacked to a temporary folder."""

    def __init__(self, path: Path) -> None:
        self._folder: Path | None = None
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self.path = path
        if path.is_dir():
            self._folder = path
            self.names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
            return
        if not zipfile.is_zipfile(path):
            raise BadInput(f"{path} is neither a dossier folder nor a zip file.")
        self._zip = zipfile.ZipFile(path)
        self._archive_size = path.stat().st_size
        members = [m.filename for m in self._zip.infolist() if not m.is_dir()]
        tops = {PurePosixPath(m).parts[0] for m in members}
        if len(tops) == 1 and all("/" in m for m in members):
            self._prefix = tops.pop() + "/"  # a zip of the dossier folder itself
        self.names = sorted(m[len(self._prefix) :] for m in members)

    def open(self, name: str) -> IO[bytes]:
        """The member, buffered, bounded by `LIMITS` (evidence files only by ratio)."""
        limit = LIMITS.get(name)
        folder = self._folder
        if self._zip is not None:
            info = self._zip.getinfo(self._prefix + name)
            # The stored size is only a yardstick for the ratio; it cannot exceed the
            # archive, whatever the header says.
            stored: int | None = min(info.compress_size, self._archive_size)
            declared = info.file_size
        else:
            assert folder is not None
            stored, declared = None, (folder / name).stat().st_size
        if limit is not None and declared > limit:
            # A declared size may fail a member early; only the count may let it pass.
            raise OversizedMember(name, f"is larger than {_describe(limit)}")
        if folder is None:
            assert self._zip is not None
            raw: IO[bytes] = self._zip.open(info)
        else:
            raw = open(folder / name, "rb")  # noqa: SIM115 (closed with the view)
        return io.BufferedReader(_Bounded(raw, name, limit, stored), buffer_size=CHUNK)

    def read(self, name: str) -> bytes:
        """A member whose size is bounded in `LIMITS`, whole."""
        if name not in LIMITS:
            raise ValueError(f"{name} has no size bound and is only streamed")
        with self.open(name) as handle:
            return handle.read()

    def chunks(self, name: str) -> Iterator[bytes]:
        with self.open(name) as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    def has(self, name: str) -> bool:
        return name in self.names

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
