"""Blob format 2: sizes reveal only a Padmé class; padding and length are authenticated."""

from __future__ import annotations

import io
import os
import struct

import pytest

from evidence_app.crypto.blobstream import (
    HEADER_BYTES,
    blob_file_size,
    check_structure,
    decrypt_chunks,
    encrypt_stream,
    new_blob_id,
    padded_stream_length,
)
from evidence_app.crypto.padding import padme
from evidence_app.kernel.errors import IntegrityError
from tests.crypto.hand_made_blobs import version_1_blob, version_2_blob

KEY = bytes(range(32))
CHUNK = 4096


def encrypt(content: bytes, blob_id: bytes, chunk_size: int = CHUNK) -> bytes:
    sink = io.BytesIO()
    encrypt_stream(io.BytesIO(content), sink, KEY, blob_id, chunk_size)
    return sink.getvalue()


def decrypt(blob: bytes, blob_id: bytes) -> bytes:
    return b"".join(decrypt_chunks(io.BytesIO(blob), (KEY,), blob_id))


def test_padme_keeps_the_overhead_under_12_percent_and_the_classes_few() -> None:
    for length in range(2, 70_000):
        assert length <= padme(length) < length * 1.12
    # Between 64 KiB and 128 KiB (E = 16), only 32 padded sizes exist: 5 bits beyond E.
    classes = {padme(length) for length in range(2**16, 2**17)}
    assert len(classes - {2**17}) == 32


@pytest.mark.parametrize("size", [0, 1, 1000, CHUNK - 8, CHUNK, 3 * CHUNK + 5, 200_000])
def test_content_of_any_size_comes_back_exactly(size: int) -> None:
    content = os.urandom(size)
    blob_id = new_blob_id()
    blob = encrypt(content, blob_id)
    assert decrypt(blob, blob_id) == content
    assert len(blob) == blob_file_size(size, CHUNK)
    check_structure(io.BytesIO(blob), (KEY,), blob_id, size)


def test_two_files_a_few_bytes_apart_give_blobs_of_the_same_size() -> None:
    photo = os.urandom(2_345_678)
    edited = photo[:1000] + photo[1003:]  # three bytes shorter, as after a metadata edit
    first, second = encrypt(photo, new_blob_id()), encrypt(edited, new_blob_id())
    assert len(first) == len(second)
    assert len(first) != len(photo) + HEADER_BYTES + -(-len(photo) // CHUNK) * 17


def test_a_flipped_byte_in_the_padding_is_rejected() -> None:
    content = os.urandom(70_000)  # padded to 70 008 → 73 728: several chunks of zeros
    blob_id = new_blob_id()
    blob = bytearray(encrypt(content, blob_id))
    blob[-30] ^= 1
    with pytest.raises(IntegrityError, match="damaged"):
        decrypt(bytes(blob), blob_id)


def test_dropping_padding_chunks_is_caught_by_the_quick_check_and_the_full_read() -> None:
    content = os.urandom(70_000)
    blob_id = new_blob_id()
    blob = encrypt(content, blob_id)
    truncated = blob[: -(CHUNK + 17)]
    with pytest.raises(IntegrityError, match="truncated or extended"):
        check_structure(io.BytesIO(truncated), (KEY,), blob_id, len(content))
    with pytest.raises(IntegrityError, match=r"damaged|truncated"):
        decrypt(truncated, blob_id)


def test_a_key_holder_cannot_shorten_the_padding_or_lie_about_the_length() -> None:
    content = os.urandom(10_000)
    blob_id = new_blob_id()
    honest_length = padded_stream_length(len(content))
    length = struct.pack(">Q", len(content))
    too_little_padding = length + content + bytes(2)
    with pytest.raises(IntegrityError, match="length does not match"):
        decrypt(version_2_blob(too_little_padding, KEY, blob_id, CHUNK), blob_id)
    wrong_length = struct.pack(">Q", len(content) - 100) + content
    wrong_length += bytes(honest_length - len(wrong_length))
    with pytest.raises(IntegrityError, match="padding is not zeros"):
        decrypt(version_2_blob(wrong_length, KEY, blob_id, CHUNK), blob_id)
    dirty_padding = length + content + b"\x01" * (honest_length - 8 - len(content))
    with pytest.raises(IntegrityError, match="padding is not zeros"):
        decrypt(version_2_blob(dirty_padding, KEY, blob_id, CHUNK), blob_id)
    honest = length + content + bytes(honest_length - 8 - len(content))
    assert decrypt(version_2_blob(honest, KEY, blob_id, CHUNK), blob_id) == content


def test_version_1_blobs_still_read_and_check() -> None:
    content = os.urandom(3 * CHUNK + 11)
    blob_id = new_blob_id()
    blob = version_1_blob(content, KEY, blob_id, CHUNK)
    assert decrypt(blob, blob_id) == content
    check_structure(io.BytesIO(blob), (KEY,), blob_id, len(content))
    with pytest.raises(IntegrityError, match="truncated"):
        check_structure(io.BytesIO(blob[:-1]), (KEY,), blob_id, len(content))


def test_a_source_that_changes_size_while_read_is_refused() -> None:
    from evidence_app.crypto.blobstream import SourceSizeChanged

    with pytest.raises(SourceSizeChanged):
        encrypt_stream(io.BytesIO(b"x" * 100), io.BytesIO(), KEY, new_blob_id(), CHUNK, size=99)
    with pytest.raises(SourceSizeChanged):
        encrypt_stream(io.BytesIO(b"x" * 100), io.BytesIO(), KEY, new_blob_id(), CHUNK, size=101)
