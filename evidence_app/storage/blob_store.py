"""Encrypted content files under blobs/, staged in tmp/.

Write order (DESIGN §2): encrypt into tmp/, fsync, rename into blobs/ab/<id>, fsync the
folder. Only then may the catalog row that references the blob be committed. A batch of
blobs may instead be written without those flushes and made durable together
(`make_durable`) before the commit that references them: ingest does, as four flushes per
photo were the better part of its time. Blobs no row
references are never deleted: they move to quarantine/ (same layout, still encrypted) and
wait for the keeper to recover them. File names are random ids, never content hashes.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import stat
from collections.abc import Callable, Collection, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from evidence_app.crypto.blobstream import (
    DEFAULT_CHUNK_SIZE,
    ChunkCallback,
    Writable,
    blob_version,
    check_structure,
    decrypt_chunks,
    encrypt_stream,
    rewrap,
)
from evidence_app.kernel.errors import IntegrityError
from evidence_app.storage.atomic import fsync_directory, sync_file_system
from evidence_app.storage.background_hash import BackgroundSha256
from evidence_app.storage.early_flush import EarlyFlushingWriter

BLOBS_DIR = "blobs"
TMP_DIR = "tmp"
QUARANTINE_DIR = "quarantine"


@dataclass(frozen=True)
class StoredBlob:
    blob_id: str
    size: int
    sha256: str
    head: bytes = field(default=b"", repr=False)  # first bytes, when a read asked for them


def is_blob_id(name: str) -> bool:
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _unreadable(blob_id: str, error: OSError) -> IntegrityError:
    return IntegrityError(f"Stored content {blob_id} cannot be read: {error.strerror}.")


def _ids_under(root: Path) -> Iterator[str]:
    if not root.is_dir():
        return
    for shard in sorted(root.iterdir()):
        if shard.is_dir():
            for entry in sorted(shard.iterdir()):
                if is_blob_id(entry.name) and entry.name[:2] == shard.name:
                    yield entry.name


def _move_durably(source: Path, target: Path, target_root: Path) -> None:
    """Rename one blob between stores, never over another file, and make the rename last."""
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    root_is_new, shard_is_new = not target_root.exists(), not target.parent.exists()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if root_is_new:
        fsync_directory(target_root.parent)
    if shard_is_new:
        fsync_directory(target_root)
    os.rename(source, target)
    fsync_directory(target.parent)
    fsync_directory(source.parent)


class BlobStore:
    """`wrap_keys`: the first wraps new blob keys; all are tried when reading (while a rekey
    is under way, blobs are wrapped under the old key or the new one)."""

    def __init__(
        self,
        vault_dir: Path,
        wrap_keys: tuple[bytes, ...],
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        before_write: Callable[[], None] | None = None,
    ):
        self._root = vault_dir / BLOBS_DIR
        self._tmp = vault_dir / TMP_DIR
        self._quarantine = vault_dir / QUARANTINE_DIR
        self.wrap_keys = wrap_keys
        self._chunk_size = chunk_size
        # Raises when the vault may not be written (it opened read-only).
        self._before_write = before_write or (lambda: None)

    def path_of(self, blob_id: str, quarantined: bool = False) -> Path:
        if not is_blob_id(blob_id):
            raise ValueError(f"not a blob id: {blob_id!r}")
        return (self._quarantine if quarantined else self._root) / blob_id[:2] / blob_id

    def write(
        self,
        source: BinaryIO,
        on_chunk: ChunkCallback | None = None,
        known_sha256: str | None = None,
        size: int | None = None,
        *,
        durable: bool = True,
    ) -> StoredBlob:
        """Encrypt `source` into a new blob, durable unless `durable` is False (then
        `make_durable` must have been called for it before a catalog row refers to it).
        Nothing is left behind on failure.

        `size`: how many bytes `source` holds, needed when it cannot seek (the blob is padded
        according to it); a source that turns out shorter or longer raises SourceSizeChanged.
        """
        self._before_write()
        blob_id = secrets.token_hex(16)
        stored: list[StoredBlob] = []

        def produce(sink: Writable) -> None:
            info = encrypt_stream(
                source,
                sink,
                self.wrap_keys[0],
                bytes.fromhex(blob_id),
                self._chunk_size,
                on_chunk,
                known_sha256,
                size,
            )
            stored.append(StoredBlob(blob_id=blob_id, size=info.size, sha256=info.sha256))

        self._install(blob_id, produce, durable)
        return stored[0]

    def make_durable(self, blob_ids: Collection[str]) -> None:
        """Make blobs written with `durable=False` last across a crash or power cut: one
        syncfs of the vault's file system where Linux offers it, else an fsync of each file
        and of each folder that gained one."""
        if not blob_ids:
            return
        if sync_file_system(self._root):
            return
        folders = set()
        for blob_id in blob_ids:
            path = self.path_of(blob_id)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            folders.add(path.parent)
        for folder in sorted(folders):
            fsync_directory(folder)
        fsync_directory(self._root)  # shard folders made meanwhile

    def rewrap(self, blob_id: str, new_wrap_key: bytes) -> None:
        """Replace the blob file by a copy whose key is wrapped under `new_wrap_key`.

        The copy goes through tmp/ and a rename, so a crash leaves the old file or the new
        one, never a torn header.
        """
        with self._open(blob_id) as handle:
            self._install(
                blob_id,
                lambda sink: rewrap(
                    handle, sink, self.wrap_keys, new_wrap_key, bytes.fromhex(blob_id)
                ),
            )

    def version_of(self, blob_id: str) -> int:
        with self._open(blob_id) as handle:
            return blob_version(handle)

    def _install(
        self, blob_id: str, produce: Callable[[Writable], None], durable: bool = True
    ) -> None:
        """Write a blob file through tmp/: write, fsync, rename into blobs/, fsync (the
        flushes left to `make_durable` when not `durable`)."""
        self._tmp.mkdir(mode=0o700, exist_ok=True)
        staging = self._tmp / blob_id
        try:
            fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                sink = EarlyFlushingWriter(handle)
                try:
                    produce(sink)
                finally:
                    sink.finish(durable)
            final = self.path_of(blob_id)
            shard_is_new = not final.parent.exists()
            final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if shard_is_new and durable:
                fsync_directory(self._root)
            os.replace(staging, final)
            if durable:
                fsync_directory(final.parent)
        except BaseException:
            with contextlib.suppress(OSError):
                staging.unlink()
            raise

    def write_bytes(self, data: bytes, known_sha256: str | None = None) -> StoredBlob:
        """`known_sha256`: the SHA-256 of `data` the caller computed already."""
        return self.write(io.BytesIO(data), known_sha256=known_sha256, size=len(data))

    def _open(self, blob_id: str, quarantined: bool = False) -> BinaryIO:
        """The blob's file for reading. Whatever keeps it from being read is an IntegrityError
        naming the blob, so a check of every blob reports this one and goes on."""
        # O_NONBLOCK: a FIFO put in a blob's place must not hang the reader.
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path_of(blob_id, quarantined), flags)
        except FileNotFoundError:
            raise IntegrityError(f"Stored content {blob_id} is missing from the vault.") from None
        except OSError as error:
            raise _unreadable(blob_id, error) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise IntegrityError(
                f"Stored content {blob_id} is not a file: "
                "a folder or something else is in its place."
            )
        return os.fdopen(fd, "rb")

    def _chunks(self, blob_id: str, quarantined: bool = False) -> Generator[bytes, None, None]:
        """Authenticated plaintext chunks; raises IntegrityError if anything was tampered with.

        Private: the encryption proves the blob is one this vault wrote under this id, not
        that it is the content the catalog expects. Readers go through `verified_chunks`.
        """
        with self._open(blob_id, quarantined) as handle:
            try:
                yield from decrypt_chunks(handle, self.wrap_keys, bytes.fromhex(blob_id))
            except OSError as error:
                raise _unreadable(blob_id, error) from None

    def verified_chunks(
        self, blob_id: str, sha256: str, size: int, quarantined: bool = False
    ) -> Generator[bytes, None, None]:
        """The content, chunk by chunk, checked against the SHA-256 and size the catalog
        recorded: after the last chunk, IntegrityError if they differ. A caller writing the
        chunks to a file removes it when that is raised."""
        digest = BackgroundSha256()
        read = 0
        chunks = self._chunks(blob_id, quarantined)
        try:
            for chunk in chunks:
                read += len(chunk)
                if read > size:  # longer than recorded: hand out nothing beyond the size
                    break
                digest.update(chunk)
                yield chunk
        finally:
            chunks.close()
            actual = digest.finish()
        if read != size or actual != sha256:
            raise IntegrityError(
                f"Stored content {blob_id} is not what the catalog recorded: its "
                + ("size" if read != size else "SHA-256")
                + " differs. Nothing read from it can be trusted; run `verify --full`."
            )

    def read_verified(
        self, blob_id: str, sha256: str, size: int, quarantined: bool = False
    ) -> bytes:
        """The whole content in memory, checked like `verified_chunks`."""
        return b"".join(self.verified_chunks(blob_id, sha256, size, quarantined))

    def content_digest(
        self,
        blob_id: str,
        on_chunk: ChunkCallback | None = None,
        quarantined: bool = False,
        head_bytes: int = 0,
    ) -> StoredBlob:
        """Decrypt the whole blob, checking every chunk and the final tag, and hash it;
        `head_bytes`: how many of its first bytes to keep in the result's `head`.

        Hashing runs in a helper thread so decryption and hashing use two cores.
        """
        digest = BackgroundSha256()
        size = 0
        head = bytearray()
        try:
            for chunk in self._chunks(blob_id, quarantined):
                digest.update(chunk)
                size += len(chunk)
                if len(head) < head_bytes:
                    head += chunk[: head_bytes - len(head)]
                if on_chunk is not None:
                    on_chunk(len(chunk))
        finally:
            sha256 = digest.finish()
        return StoredBlob(blob_id=blob_id, size=size, sha256=sha256, head=bytes(head))

    def check_structure(self, blob_id: str, size: int) -> None:
        """Quick check: present, header authenticates, exact length for `size` bytes."""
        with self._open(blob_id) as handle:
            try:
                check_structure(handle, self.wrap_keys, bytes.fromhex(blob_id), size)
            except OSError as error:
                raise _unreadable(blob_id, error) from None

    def exists(self, blob_id: str) -> bool:
        return self.path_of(blob_id).is_file()

    def stored_ids(self) -> Iterator[str]:
        return _ids_under(self._root)

    def quarantined_ids(self) -> Iterator[str]:
        return _ids_under(self._quarantine)

    def quarantine(self, blob_id: str) -> None:
        """Set a blob no row references aside in quarantine/, still encrypted."""
        self._before_write()
        _move_durably(self.path_of(blob_id), self.path_of(blob_id, True), self._quarantine)

    def restore(self, blob_id: str) -> None:
        """Bring a quarantined blob back into blobs/; its catalog row must follow."""
        self._before_write()
        _move_durably(self.path_of(blob_id, True), self.path_of(blob_id), self._root)

    def remove(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(blob_id).unlink()

    def clear_staging(self) -> int:
        """Remove writes that never finished (a crash or a cancelled ingest)."""
        removed = 0
        if self._tmp.is_dir():
            for entry in self._tmp.iterdir():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
        return removed
