"""Space cost of padded blobs, and the time of `vault compact` and `vault rekey` per GiB.

- padding overhead over camera JPEGs (stored blob files against their content) and over
  sizes drawn log-uniformly from 1 KiB to 1 GiB (exact, from the format's size formula);
- compact: a vault whose blobs are in format 1 (SIZE_MIB in 4 files), rewritten padded;
- rekey: the same vault, now padded: blob keys re-wrapped (files copied), catalog exported.
Baseline in the same run: `cp` + `sync` of the same bytes. Usage:

    .venv/bin/python -m benchmarks.bench_padding [SIZE_MIB] [JPEGS]   # default 1024, 200
"""

from __future__ import annotations

import random
import sys
import time

from sqlalchemy import select

from benchmarks.camera_jpegs import make_camera_jpegs
from benchmarks.common import MIB, WORK, best_of, make_random_file, row, run, work_dir
from evidence_app.core import compact_service, ingest_service, rekey_service, vault_service
from evidence_app.crypto.blobstream import HEADER_BYTES, blob_file_size
from evidence_app.crypto.subkeys import KeyPurpose
from evidence_app.storage.content import read_blob
from evidence_app.storage.models import Blob
from tests.blob_files import blob_path
from tests.crypto.hand_made_blobs import downgrade_to_version_1

CHUNK = 1024 * 1024


def unpadded_size(size: int) -> int:
    return HEADER_BYTES + size + max(1, -(-size // CHUNK)) * 17


def overhead_over_sizes(samples: int = 100_000) -> tuple[float, float, float]:
    """Mean and largest padding overhead (vs. format 1), and total, over log-uniform sizes."""
    rng = random.Random(1)
    sizes = [int(2 ** rng.uniform(10, 30)) for _ in range(samples)]
    ratios = [blob_file_size(size) / unpadded_size(size) - 1 for size in sizes]
    total = sum(blob_file_size(s) for s in sizes) / sum(unpadded_size(s) for s in sizes) - 1
    return sum(ratios) / len(ratios), max(ratios), total


def main() -> None:
    size = int(sys.argv[1]) * MIB if len(sys.argv) > 1 else 1024 * MIB
    jpeg_count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    work = work_dir("padding")

    mean, largest, total = overhead_over_sizes()
    print("padding overhead against unpadded blobs")
    print(
        f"  sizes 1 KiB–1 GiB, log-uniform: mean {mean:.2%}, max {largest:.2%}, bytes {total:.2%}"
    )

    jpegs = make_camera_jpegs(WORK / f"camera-jpegs-{jpeg_count}", jpeg_count)
    created = vault_service.create_vault(work / "photos", "benchmark passphrase", "", 0)
    with created.vault as vault:
        ingest_service.ingest_paths(vault, [jpegs[0].parent])
        with vault.reader() as session:
            rows = [r for r in session.scalars(select(Blob)) if r.role == "original"]
        content = sum(r.size for r in rows)
        stored = sum(blob_path(vault, r.id).stat().st_size for r in rows)
        unpadded = sum(unpadded_size(r.size) for r in rows)
    print(
        f"  {len(rows)} camera JPEGs ({content / MIB:.0f} MiB): padded {stored / unpadded - 1:.2%}"
        f" over unpadded, {stored / content - 1:.2%} over the content"
    )

    sources = work / "sources"
    sources.mkdir()
    for n in range(4):
        make_random_file(sources / f"part-{n}.bin", size // 4)
    copy = work / "copy"
    baseline = best_of(
        3, lambda: run(["sh", "-c", f"rm -rf '{copy}' && cp -r '{sources}' '{copy}' && sync"])
    )
    print(row("`cp -r` + `sync` of the same bytes", baseline, size))

    created = vault_service.create_vault(work / "vault", "benchmark passphrase", "", 0)
    with created.vault as vault:
        ingest_service.ingest_paths(vault, [sources])
        wrap_key = vault.subkeys(KeyPurpose.BLOBWRAP)[0]
        with vault.reader() as session:
            for blob_id in session.scalars(select(Blob.id)):
                path = blob_path(vault, blob_id)
                downgrade_to_version_1(path, read_blob(vault, blob_id), wrap_key)
        started = time.perf_counter()
        compact_service.compact_vault(vault)
        compact = time.perf_counter() - started
        print(row("vault compact (decrypt + re-encrypt padded)", compact, size, baseline))
        started = time.perf_counter()
        rekey_service.rekey_vault(vault, "the benchmark passphrase, new", kdf_seconds=0)
        rekey = time.perf_counter() - started
        print(row("vault rekey (re-wrap, copy, catalog, KDF)", rekey, size, baseline))


if __name__ == "__main__":
    main()
    sys.exit(0)
