"""Blobs written by hand, as older versions or a key holder with bad intent would write them."""

from __future__ import annotations

import struct
from pathlib import Path

import nacl.bindings as sodium

from evidence_app.crypto.aead import seal
from evidence_app.crypto.blobstream import MAGIC

_FIXED = struct.Struct(">4sBI16s")
_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


def _tag(n: int, pieces: int, final_index: int | None) -> int:
    """`final_index`: the piece tagged final (negative counts from the end; None: none)."""
    if final_index is None:
        return _MESSAGE
    return _FINAL if n == final_index % pieces else _MESSAGE


def version_1_blob(
    content: bytes,
    wrap_key: bytes,
    blob_id: bytes,
    chunk_size: int,
    final_index: int | None = -1,
) -> bytes:
    """The format written before padding: the whole header authenticated by every chunk."""
    fixed = _FIXED.pack(MAGIC, 1, chunk_size, blob_id)
    blob_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    nonce, wrapped = seal(wrap_key, blob_key, fixed)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, blob_key)
    header = fixed + nonce + wrapped + stream_header
    pieces = [content[i : i + chunk_size] for i in range(0, len(content), chunk_size)] or [b""]
    body = [
        sodium.crypto_secretstream_xchacha20poly1305_push(
            state, piece, header, _tag(n, len(pieces), final_index)
        )
        for n, piece in enumerate(pieces)
    ]
    return header + b"".join(body)


def version_2_blob(
    stream: bytes,
    wrap_key: bytes,
    blob_id: bytes,
    chunk_size: int,
    final_index: int | None = -1,
) -> bytes:
    """A version 2 blob around an arbitrary stream (length field, content, padding)."""
    fixed = _FIXED.pack(MAGIC, 2, chunk_size, blob_id)
    blob_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, blob_key)
    bound = fixed + stream_header
    nonce, wrapped = seal(wrap_key, blob_key, bound)
    pieces = [stream[i : i + chunk_size] for i in range(0, len(stream), chunk_size)]
    body = [
        sodium.crypto_secretstream_xchacha20poly1305_push(
            state, piece, bound, _tag(n, len(pieces), final_index)
        )
        for n, piece in enumerate(pieces)
    ]
    return bound + nonce + wrapped + b"".join(body)


def downgrade_to_version_1(blob_path: Path, content: bytes, wrap_key: bytes) -> None:
    """Replace a stored blob by the version 1 blob an older Evidence App would have written."""
    blob_path.write_bytes(
        version_1_blob(content, wrap_key, bytes.fromhex(blob_path.name), 1024 * 1024)
    )
