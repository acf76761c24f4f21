"""Encrypted blob streams: one random key per blob, libsodium secretstream chunks.

Layout of a blob (version 1):

    magic "EVB1" | version u8 | chunk size u32 BE | blob id 16 B
    | wrap nonce 24 B | wrapped blob key 48 B | secretstream header 24 B
    | chunk 1 | chunk 2 | ... | final chunk (TAG_FINAL)

The blob key is wrapped under the vault's `blobwrap` sub-key with the fixed fields before it
as associated data; every chunk carries the whole header as associated data. A reader
rejects a stream that ends without TAG_FINAL (libsodium does not check truncation itself)
and anything after the final chunk, and never hands out plaintext from a chunk that did not
authenticate. Reading and writing use memory bounded by one chunk, whatever the blob size.
"""

from __future__ import annotations

import hashlib
import queue
import struct
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

from evidence_app.core.errors import IntegrityError
from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal

MAGIC = b"EVB1"
VERSION = 1
BLOB_ID_BYTES = 16
DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024
_AHEAD = 4
_FIXED = struct.Struct(">4sBI16s")
_WRAP_NONCE_BYTES = 24
_WRAPPED_KEY_BYTES = 32 + 16
_STREAM_HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
HEADER_BYTES = _FIXED.size + _WRAP_NONCE_BYTES + _WRAPPED_KEY_BYTES + _STREAM_HEADER_BYTES
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL

ChunkCallback = Callable[[int], None]


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


@dataclass(frozen=True)
class EncryptedBlobInfo:
    size: int
    sha256: str


def encrypt_stream(
    source: BinaryIO,
    sink: Writable,
    wrap_key: bytes,
    blob_id: bytes,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_chunk: ChunkCallback | None = None,
    known_sha256: str | None = None,
) -> EncryptedBlobInfo:
    """Encrypt all of `source` into `sink`, hashing the plaintext on the way.

    `on_chunk(n)` is called after each chunk of n plaintext bytes, so callers can report
    progress or raise to stop (the partial output is then the caller's to discard).
    `known_sha256` is for a caller that has just hashed these very bytes in memory (an
    immutable `bytes`), so they are not hashed twice.
    """
    if len(blob_id) != BLOB_ID_BYTES or not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("bad blob id or chunk size")
    fixed = _FIXED.pack(MAGIC, VERSION, chunk_size, blob_id)
    blob_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    wrap_nonce, wrapped_key = seal(wrap_key, blob_key, fixed)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, blob_key)
    header = fixed + wrap_nonce + wrapped_key + stream_header
    sink.write(header)

    digest: Any = hashlib.sha256() if known_sha256 is None else _AlreadyHashed(known_sha256)
    size = 0
    chunks = _hashed_chunks(source, chunk_size, digest)
    try:
        # One chunk of look-ahead tells which chunk is the last, so it can carry TAG_FINAL.
        current = next(chunks, b"")
        while True:
            following = next(chunks, b"") if len(current) == chunk_size else b""
            tag = _TAG_FINAL if not following else _TAG_MESSAGE
            sink.write(
                sodium.crypto_secretstream_xchacha20poly1305_push(state, current, header, tag)
            )
            size += len(current)
            if on_chunk is not None:
                on_chunk(len(current))
            if tag == _TAG_FINAL:
                break
            current = following
    finally:
        chunks.close()
    return EncryptedBlobInfo(size=size, sha256=digest.hexdigest())


class _AlreadyHashed:
    def __init__(self, sha256: str) -> None:
        self._sha256 = sha256

    def update(self, _data: bytes) -> None:
        pass

    def hexdigest(self) -> str:
        return self._sha256


def _hashed_chunks(source: BinaryIO, chunk_size: int, digest: Any) -> Generator[bytes]:
    """Full-size chunks of `source` (the last may be short), hashed into `digest`.

    Reading and hashing run in a helper thread one step ahead of the encryption, so the two
    halves of the work use two cores (hashlib and libsodium release the GIL). At most
    `_AHEAD` chunks wait in between, which bounds memory whatever the source size.
    """
    handoff: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def produce() -> None:
        try:
            while not stop.is_set():
                data = _read_full(source, chunk_size)
                digest.update(data)
                _put(handoff, data, stop)
                if len(data) < chunk_size:
                    return
        except BaseException as error:  # handed to the consumer, which raises it
            _put(handoff, error, stop)

    producer = threading.Thread(target=produce, name="blob-read-hash", daemon=True)
    producer.start()
    try:
        while True:
            item = handoff.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if len(item) < chunk_size:
                return
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


@dataclass(frozen=True)
class _OpenedHeader:
    header: bytes
    chunk_size: int
    blob_key: bytes
    stream_header: bytes


def _open_header(source: BinaryIO, wrap_key: bytes, blob_id: bytes) -> _OpenedHeader:
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES:
        raise IntegrityError("The stored file is shorter than its header.")
    magic, version, chunk_size, stored_id = _FIXED.unpack_from(header)
    if magic != MAGIC or version != VERSION:
        raise IntegrityError("The stored file is not an Evidence App blob of a known version.")
    if stored_id != blob_id:
        raise IntegrityError("The stored file belongs to another blob.")
    offset = _FIXED.size
    wrap_nonce = header[offset : offset + _WRAP_NONCE_BYTES]
    offset += _WRAP_NONCE_BYTES
    wrapped_key = header[offset : offset + _WRAPPED_KEY_BYTES]
    offset += _WRAPPED_KEY_BYTES
    try:
        blob_key = open_sealed(wrap_key, wrap_nonce, wrapped_key, header[: _FIXED.size])
    except DecryptionFailed:
        raise IntegrityError("The stored file's key does not authenticate.") from None
    # Only now is chunk_size trustworthy: it was authenticated with the wrapped key.
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise IntegrityError("The stored file has an impossible chunk size.")
    return _OpenedHeader(header, chunk_size, blob_key, header[offset:])


def check_structure(source: BinaryIO, wrap_key: bytes, blob_id: bytes, size: int) -> None:
    """A quick check without decrypting the body: the header authenticates and the file has
    exactly the length that `size` bytes of plaintext give, so no chunk, in particular the
    final one, is missing or extra. Only a full decryption proves every chunk intact."""
    opened = _open_header(source, wrap_key, blob_id)
    chunks = max(1, -(-size // opened.chunk_size))
    expected = HEADER_BYTES + size + chunks * _ABYTES
    actual = source.seek(0, 2)
    if actual != expected:
        raise IntegrityError(
            f"The stored file has {actual} bytes where its content needs {expected}: "
            "it was truncated or extended."
        )


def decrypt_chunks(source: BinaryIO, wrap_key: bytes, blob_id: bytes) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raise IntegrityError on any tampering.

    A consumer that stops early has seen only authenticated chunks, but no proof that the
    blob is complete: only a run to the end checks the final tag.
    """
    opened = _open_header(source, wrap_key, blob_id)
    header, chunk_size = opened.header, opened.chunk_size
    blob_key, stream_header = opened.blob_key, opened.stream_header
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, blob_key)
    index = 0
    while True:
        sealed_chunk = _read_full(source, chunk_size + _ABYTES)
        if not sealed_chunk:
            raise IntegrityError("The stored file is truncated: it ends without its final chunk.")
        try:
            plaintext, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, sealed_chunk, header
            )
        except (nacl.exceptions.CryptoError, nacl.exceptions.RuntimeError, ValueError):
            raise IntegrityError(f"Chunk {index + 1} of the stored file is damaged.") from None
        if tag == _TAG_FINAL:
            if source.read(1):
                raise IntegrityError("The stored file has data after its final chunk.")
            yield plaintext
            return
        if tag != _TAG_MESSAGE or len(plaintext) != chunk_size:
            raise IntegrityError(f"Chunk {index + 1} of the stored file is out of place.")
        yield plaintext
        index += 1


def new_blob_id() -> bytes:
    return nacl.utils.random(BLOB_ID_BYTES)


def _read_full(source: BinaryIO, size: int) -> bytes:
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
