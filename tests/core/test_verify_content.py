"""What `verify` finds in stored content, quick and `--full` (DESIGN §3).

The quick check reads each blob's header and length only: it catches a blob that is missing,
unreadable, replaced, truncated or extended, but not a change inside the body that keeps the
length (a flipped bit, chunks swapped or copied over each other). `--full` decrypts every
chunk and compares the SHA-256, so it catches those too. Either way, one bad blob is reported
by item and every other item is still checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import nacl.bindings as sodium
import pytest

from evidence_app.core import ingest_service, verify_service
from evidence_app.crypto.blobstream import DEFAULT_CHUNK_SIZE, HEADER_BYTES
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_path

SEALED_CHUNK = DEFAULT_CHUNK_SIZE + sodium.crypto_secretstream_xchacha20poly1305_ABYTES


def flip_body_bit(blob: Path) -> None:
    with blob.open("r+b") as handle:
        handle.seek(HEADER_BYTES + SEALED_CHUNK + 1000)
        byte = handle.read(1)[0]
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte ^ 0x01]))


def sealed_chunks(blob: Path) -> tuple[bytes, list[bytes]]:
    data = blob.read_bytes()
    body = data[HEADER_BYTES:]
    return data[:HEADER_BYTES], [
        body[i : i + SEALED_CHUNK] for i in range(0, len(body), SEALED_CHUNK)
    ]


def swap_first_two_chunks(blob: Path) -> None:
    header, chunks = sealed_chunks(blob)
    blob.write_bytes(header + chunks[1] + chunks[0] + b"".join(chunks[2:]))


def copy_first_chunk_over_second(blob: Path) -> None:
    header, chunks = sealed_chunks(blob)
    blob.write_bytes(header + chunks[0] + chunks[0] + b"".join(chunks[2:]))


def flip_wrapped_key_bit(blob: Path) -> None:
    data = bytearray(blob.read_bytes())
    data[40] ^= 0x01
    blob.write_bytes(bytes(data))


def cut_final_chunk(blob: Path) -> None:
    header, chunks = sealed_chunks(blob)
    blob.write_bytes(header + b"".join(chunks[:-1]))


def append_bytes(blob: Path) -> None:
    with blob.open("ab") as handle:
        handle.write(b"\0" * 17)


def put_folder(blob: Path) -> None:
    blob.unlink()
    blob.mkdir()
    (blob / "inside").write_bytes(b"not a blob")


def put_fifo(blob: Path) -> None:
    blob.unlink()
    os.mkfifo(blob)


def put_link_loop(blob: Path) -> None:
    # Stands for any OSError on one blob (permission denied cannot be staged as root).
    blob.unlink()
    blob.symlink_to(blob)


# damage -> (found by the quick check, words of the reason)
DAMAGE: dict[str, tuple[Callable[[Path], None], bool, str]] = {
    "bit-flipped-in-body": (flip_body_bit, False, "Chunk 2 of the stored file is damaged"),
    "chunks-swapped": (swap_first_two_chunks, False, "Chunk 1 of the stored file is damaged"),
    "chunk-copied-over-another": (copy_first_chunk_over_second, False, "Chunk 2"),
    "header-bit-flipped": (flip_wrapped_key_bit, True, "does not authenticate"),
    "final-chunk-cut-off": (cut_final_chunk, True, "truncated"),
    "bytes-appended": (append_bytes, True, "Chunk 3 of the stored file is damaged"),
    "folder-in-its-place": (put_folder, True, "is not a file"),
    "fifo-in-its-place": (put_fifo, True, "is not a file"),
    "unreadable": (put_link_loop, True, "cannot be read"),
}


def store(vault: Vault, folder: Path, names_and_sizes: dict[str, int]) -> dict[str, Item]:
    folder.mkdir()
    for name, size in names_and_sizes.items():
        (folder / name).write_bytes(os.urandom(size))
    report = ingest_service.ingest_paths(vault, [folder / name for name in names_and_sizes])
    assert report.count("stored") == len(names_and_sizes)
    with vault.reader() as session:
        return {item.original_name: item for item in session.query(Item)}


@pytest.mark.parametrize("damage", DAMAGE)
def test_verify_reports_each_damaged_item_by_name_and_checks_all_the_others(
    vault: Vault, tmp_path: Path, damage: str
) -> None:
    tamper, quick_finds_it, reason = DAMAGE[damage]
    items = store(
        vault,
        tmp_path / "received",
        {"damaged.bin": 2 * DEFAULT_CHUNK_SIZE + 5000, "missing.bin": 3000, "intact.bin": 4000},
    )
    damaged, missing = items["damaged.bin"], items["missing.bin"]
    tamper(blob_path(vault, damaged.blob_id))
    blob_path(vault, missing.blob_id).unlink()

    full = verify_service.verify_vault(vault, full=True)
    assert full.items == 3
    assert full.bad_items == sorted([damaged.id, missing.id])
    damaged_problem = next(p.message for p in full.problems if p.item_id == damaged.id)
    assert "damaged.bin" in damaged_problem and reason in damaged_problem

    quick = verify_service.verify_vault(vault, full=False)
    assert quick.items == 3
    expected = [damaged.id, missing.id] if quick_finds_it else [missing.id]
    assert quick.bad_items == sorted(expected)
