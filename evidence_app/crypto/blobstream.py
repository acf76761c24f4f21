"""Encrypted blob streams: one random key per blob, libsodium secretstream chunks.

Layout of a blob (version 2, written today):

    magic "EVB1" | version u8 = 2 | chunk size u32 BE | blob id 16 B
    | secretstream header 24 B | wrap nonce 24 B | wrapped blob key 48 B
    | chunk 1 | chunk 2 | ... | final chunk (TAG_FINAL)

The encrypted stream is `length u64 BE | content | zero bytes`, padded to
T = padmé(L + 8) bytes for L bytes of content, and cut into chunks of `chunk size` bytes
(the last may be shorter). Every chunk carries the fixed fields and the secretstream header
as associated data; the blob key is wrapped under the vault's `blobwrap` sub-key with the
same associated data. The wrapped key is not in the chunks' associated data, so re-wrapping
a blob key rewrites the header only and re-encrypts nothing.

What the size of a blob file reveals: it is 121 + T + 17·⌈T / chunk size⌉ bytes, a strictly
increasing function of T, so it tells exactly T = padmé(L + 8) and nothing more. For
2^E <= L + 8 < 2^(E+1) and S = floor(log2 E) + 1, T reveals E and S further bits: a file
between 64 KiB and 4 GiB is known only to lie in one of 32 size classes of its power of
two (a class spans 1/32 of it, 3.1%), which is 9 bits in all; the padding costs less than
2^-S of the content (under 3.2% from 64 KiB, 6.3% from 256 bytes, 11.6% at most).

A reader takes the length from the first chunk and rejects a stream whose padding is not
zeros, whose length does not match the number and size of its chunks, that ends without
TAG_FINAL (libsodium does not check truncation itself) or has anything after the final
chunk. It never hands out plaintext from a chunk that did not authenticate. Reading and
writing use memory bounded by a few chunks, whatever the blob size.

Version 1 (read only, rewritten by `vault compact`): wrap nonce and wrapped key before the
secretstream header, no length and no padding, and the whole header — wrapped key
included — as every chunk's associated data.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.crypto.blob_chunks import framed_chunks, read_full
from evidence_app.crypto.padding import padme
from evidence_app.kernel.errors import IntegrityError

MAGIC = b"EVB1"
VERSION = 2
READABLE_VERSIONS = (1, 2)
BLOB_ID_BYTES = 16
DEFAULT_CHUNK_SIZE = 1024 * 1024
MIN_CHUNK_SIZE = 64
MAX_CHUNK_SIZE = 16 * 1024 * 1024
_FIXED = struct.Struct(">4sBI16s")
_LENGTH = struct.Struct(">Q")
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


class SourceSizeChanged(Exception):
    """The source did not hold the number of bytes announced: it changed while read."""


@dataclass(frozen=True)
class EncryptedBlobInfo:
    size: int
    sha256: str


def padded_stream_length(size: int) -> int:
    """T: how many bytes the encrypted stream of a version 2 blob holds for `size` bytes."""
    return padme(size + _LENGTH.size)


def blob_file_size(size: int, chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
    """The exact size of a version 2 blob file holding `size` bytes of content."""
    stream = padded_stream_length(size)
    return HEADER_BYTES + stream + -(-stream // chunk_size) * _ABYTES


def _source_size(source: BinaryIO) -> int:
    if not source.seekable():
        raise ValueError("the size of a stream that cannot seek must be given")
    start = source.tell()
    end = source.seek(0, 2)
    source.seek(start)
    return end - start


def encrypt_stream(
    source: BinaryIO,
    sink: Writable,
    wrap_key: bytes,
    blob_id: bytes,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_chunk: ChunkCallback | None = None,
    known_sha256: str | None = None,
    size: int | None = None,
) -> EncryptedBlobInfo:
    """Encrypt `size` bytes of `source` (all of it, by default) into `sink`, hashing them.

    `on_chunk(n)` is called after each chunk with the n content bytes it held, so callers
    can report progress or raise to stop (the partial output is then the caller's to
    discard). `known_sha256` is for a caller that has just hashed these very bytes in
    memory, so they are not hashed twice. Raises SourceSizeChanged if the source ends early
    or goes on past `size`.
    """
    if len(blob_id) != BLOB_ID_BYTES or not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("bad blob id or chunk size")
    content_size = _source_size(source) if size is None else size
    fixed = _FIXED.pack(MAGIC, VERSION, chunk_size, blob_id)
    blob_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, blob_key)
    bound = fixed + stream_header
    wrap_nonce, wrapped_key = seal(wrap_key, blob_key, bound)
    sink.write(bound + wrap_nonce + wrapped_key)

    digest: Any = hashlib.sha256() if known_sha256 is None else _AlreadyHashed(known_sha256)
    prefix = _LENGTH.pack(content_size)
    stream_length = padded_stream_length(content_size)
    position = 0
    for chunk, is_last in framed_chunks(
        source, prefix, content_size, stream_length, chunk_size, digest, SourceSizeChanged
    ):
        tag = _TAG_FINAL if is_last else _TAG_MESSAGE
        sink.write(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, bound, tag))
        if on_chunk is not None:
            content_end = len(prefix) + content_size
            end = position + len(chunk)
            on_chunk(max(0, min(end, content_end) - max(position, len(prefix))))
        position += len(chunk)
    return EncryptedBlobInfo(size=content_size, sha256=digest.hexdigest())


class _AlreadyHashed:
    def __init__(self, sha256: str) -> None:
        self._sha256 = sha256

    def update(self, _data: bytes) -> None:
        pass

    def hexdigest(self) -> str:
        return self._sha256


@dataclass(frozen=True)
class _OpenedHeader:
    version: int
    chunk_size: int
    blob_key: bytes
    stream_header: bytes
    chunk_ad: bytes
    wrap_key: bytes  # the candidate that opened the wrapped key


def _open_header(source: BinaryIO, wrap_keys: tuple[bytes, ...], blob_id: bytes) -> _OpenedHeader:
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES:
        raise IntegrityError("The stored file is shorter than its header.")
    magic, version, chunk_size, stored_id = _FIXED.unpack_from(header)
    if magic != MAGIC or version not in READABLE_VERSIONS:
        raise IntegrityError("The stored file is not an Evidence App blob of a known version.")
    if stored_id != blob_id:
        raise IntegrityError("The stored file belongs to another blob.")
    fixed = header[: _FIXED.size]
    if version == 1:
        wrap_at, stream_at = _FIXED.size, HEADER_BYTES - _STREAM_HEADER_BYTES
        wrap_ad, chunk_ad = fixed, header
    else:
        stream_at, wrap_at = _FIXED.size, _FIXED.size + _STREAM_HEADER_BYTES
        wrap_ad = chunk_ad = header[:wrap_at]
    wrap_nonce = header[wrap_at : wrap_at + _WRAP_NONCE_BYTES]
    wrapped_key = header[wrap_at + _WRAP_NONCE_BYTES : wrap_at + _WRAP_NONCE_BYTES + 48]
    for wrap_key in wrap_keys:
        try:
            blob_key = open_sealed(wrap_key, wrap_nonce, wrapped_key, wrap_ad)
            break
        except DecryptionFailed:
            continue
    else:
        raise IntegrityError("The stored file's key does not authenticate.")
    # Only now is chunk_size trustworthy: it was authenticated with the wrapped key.
    if not (1 if version == 1 else MIN_CHUNK_SIZE) <= chunk_size <= MAX_CHUNK_SIZE:
        raise IntegrityError("The stored file has an impossible chunk size.")
    stream_header = header[stream_at : stream_at + _STREAM_HEADER_BYTES]
    return _OpenedHeader(version, chunk_size, blob_key, stream_header, chunk_ad, wrap_key)


def check_structure(
    source: BinaryIO, wrap_keys: tuple[bytes, ...], blob_id: bytes, size: int
) -> None:
    """A quick check without decrypting the body: the header authenticates and the file has
    exactly the length that `size` bytes of content give, so no chunk, in particular the
    final one, is missing or extra. Only a full decryption proves every chunk intact."""
    opened = _open_header(source, wrap_keys, blob_id)
    stream = size if opened.version == 1 else padded_stream_length(size)
    chunks = max(1, -(-stream // opened.chunk_size))
    expected = HEADER_BYTES + stream + chunks * _ABYTES
    actual = source.seek(0, 2)
    if actual != expected:
        raise IntegrityError(
            f"The stored file has {actual} bytes where its content needs {expected}: "
            "it was truncated or extended."
        )


def blob_version(source: BinaryIO) -> int:
    """The format version in a blob's header, unauthenticated (for choosing what to do)."""
    fixed = source.read(_FIXED.size)
    if len(fixed) != _FIXED.size:
        raise IntegrityError("The stored file is shorter than its header.")
    version: int = _FIXED.unpack(fixed)[1]
    return version


def rewrap(
    source: BinaryIO,
    sink: Writable,
    wrap_keys: tuple[bytes, ...],
    new_wrap_key: bytes,
    blob_id: bytes,
) -> None:
    """Copy a version 2 blob with its key wrapped under `new_wrap_key`; the body is copied
    as it is. Only the header is checked here: the body is bound to the same blob key."""
    opened = _open_header(source, wrap_keys, blob_id)
    if opened.version != 2:
        raise ValueError("only version 2 blobs can be re-wrapped; compact the vault first")
    wrap_nonce, wrapped_key = seal(new_wrap_key, opened.blob_key, opened.chunk_ad)
    sink.write(opened.chunk_ad + wrap_nonce + wrapped_key)
    while block := source.read(DEFAULT_CHUNK_SIZE):
        sink.write(block)


def decrypt_chunks(
    source: BinaryIO, wrap_keys: tuple[bytes, ...], blob_id: bytes
) -> Iterator[bytes]:
    """Yield the content chunk by chunk; raise IntegrityError on any tampering.

    A consumer that stops early has seen only authenticated chunks, but no proof that the
    blob is complete: only a run to the end checks the final tag and the padding.
    """
    opened = _open_header(source, wrap_keys, blob_id)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(
        state, opened.stream_header, opened.blob_key
    )
    chunk_size = opened.chunk_size
    content_start, content_end, stream_end = 0, -1, -1  # known after chunk 1 in version 2
    position = index = 0
    while True:
        sealed_chunk = read_full(source, chunk_size + _ABYTES)
        if not sealed_chunk:
            raise IntegrityError("The stored file is truncated: it ends without its final chunk.")
        try:
            plaintext, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, sealed_chunk, opened.chunk_ad
            )
        except (nacl.exceptions.CryptoError, nacl.exceptions.RuntimeError, ValueError):
            raise IntegrityError(f"Chunk {index + 1} of the stored file is damaged.") from None
        is_final = tag == _TAG_FINAL
        if not is_final and (tag != _TAG_MESSAGE or len(plaintext) != chunk_size):
            raise IntegrityError(f"Chunk {index + 1} of the stored file is out of place.")
        if opened.version == 1:
            yield plaintext
        else:
            if index == 0:
                if len(plaintext) < _LENGTH.size:
                    raise IntegrityError("The stored file's length field is cut short.")
                content_start = _LENGTH.size
                content_end = content_start + _LENGTH.unpack_from(plaintext)[0]
                stream_end = padded_stream_length(content_end - content_start)
            end = position + len(plaintext)
            if end > stream_end or is_final != (end == stream_end):
                raise IntegrityError(
                    "The stored file's length does not match its padding: it was altered."
                )
            data_from = max(position, content_start) - position
            data_to = max(min(end, content_end), position + data_from) - position
            if plaintext[data_to:].count(0) != len(plaintext) - data_to:
                raise IntegrityError("The stored file's padding is not zeros: it was altered.")
            if data_to > data_from:
                yield plaintext[data_from:data_to]
            position = end
        if is_final:
            if source.read(1):
                raise IntegrityError("The stored file has data after its final chunk.")
            return
        index += 1


def new_blob_id() -> bytes:
    return nacl.utils.random(BLOB_ID_BYTES)
