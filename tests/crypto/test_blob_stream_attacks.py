"""A blob's stream must end exactly at its final tag (DESIGN §2): PyNaCl does not check this
itself, so these are blobs a key holder with bad intent, or a cut-off copy, would produce."""

from __future__ import annotations

import io
import os
import struct

import pytest

from evidence_app.crypto.blobstream import (
    check_structure,
    decrypt_chunks,
    encrypt_stream,
    new_blob_id,
    padded_stream_length,
)
from evidence_app.kernel.errors import IntegrityError
from tests.crypto.hand_made_blobs import version_1_blob, version_2_blob

KEY = bytes(range(32))
CHUNK = 4096


def decrypt(blob: bytes, blob_id: bytes) -> bytes:
    return b"".join(decrypt_chunks(io.BytesIO(blob), (KEY,), blob_id))


def padded_stream(content: bytes) -> bytes:
    """What format 2 encrypts: length, content, zeros up to the padded length."""
    length = padded_stream_length(len(content))
    return struct.pack(">Q", len(content)) + content + bytes(length - 8 - len(content))


def test_a_format_1_stream_whose_last_chunk_is_not_tagged_final_is_refused() -> None:
    content = os.urandom(3 * CHUNK)  # whole chunks: nothing else marks where it ends
    blob_id = new_blob_id()
    assert decrypt(version_1_blob(content, KEY, blob_id, CHUNK), blob_id) == content
    with pytest.raises(IntegrityError, match="ends without its final chunk"):
        decrypt(version_1_blob(content, KEY, blob_id, CHUNK, final_index=None), blob_id)


def test_a_format_1_stream_cut_after_any_whole_chunk_is_refused() -> None:
    content = os.urandom(3 * CHUNK)
    blob_id = new_blob_id()
    blob = version_1_blob(content, KEY, blob_id, CHUNK)
    sealed = CHUNK + 17
    for kept in range(1, 3):  # every chunk kept authenticates; the end is what is missing
        cut = blob[: len(blob) - (3 - kept) * sealed]
        with pytest.raises(IntegrityError, match="ends without its final chunk"):
            decrypt(cut, blob_id)


def test_a_format_2_stream_without_a_final_tag_is_refused() -> None:
    content = os.urandom(5 * CHUNK)
    blob_id = new_blob_id()
    stream = padded_stream(content)
    assert decrypt(version_2_blob(stream, KEY, blob_id, CHUNK), blob_id) == content
    with pytest.raises(IntegrityError, match=r"out of place|does not match|final chunk"):
        decrypt(version_2_blob(stream, KEY, blob_id, CHUNK, final_index=None), blob_id)


def test_authenticated_chunks_after_the_final_tag_are_refused() -> None:
    content = os.urandom(4 * CHUNK)
    blob_id = new_blob_id()
    # The key holder tags chunk 2 final and keeps pushing: each later chunk authenticates.
    with pytest.raises(IntegrityError, match="data after its final chunk"):
        decrypt(version_1_blob(content, KEY, blob_id, CHUNK, final_index=1), blob_id)
    stream = padded_stream(content)
    with pytest.raises(IntegrityError, match="does not match its padding"):
        decrypt(version_2_blob(stream, KEY, blob_id, CHUNK, final_index=1), blob_id)


@pytest.mark.parametrize("extra", [b"\x00", os.urandom(17), os.urandom(CHUNK + 17)])
@pytest.mark.parametrize("content_size", [2 * CHUNK + 5, 3 * CHUNK])
def test_any_bytes_after_the_final_chunk_are_refused(extra: bytes, content_size: int) -> None:
    # Appended to a short final chunk they read as damage; after a full one, as extra data.
    refused = r"damaged|data after its final chunk"
    content = os.urandom(content_size)
    blob_id = new_blob_id()
    sink = io.BytesIO()
    encrypt_stream(io.BytesIO(content), sink, KEY, blob_id, CHUNK)
    blob = sink.getvalue()
    with pytest.raises(IntegrityError, match=refused):
        decrypt(blob + extra, blob_id)
    with pytest.raises(IntegrityError, match="truncated or extended"):
        check_structure(io.BytesIO(blob + extra), (KEY,), blob_id, len(content))
    with pytest.raises(IntegrityError, match=refused):
        decrypt(version_1_blob(content, KEY, blob_id, CHUNK) + extra, blob_id)
