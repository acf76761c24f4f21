"""Blob store throughput and memory for one large file (DESIGN §7).

Baselines in the same run: `cp` of the same file (with and without a final `sync`, since a
blob write ends with fsync) and `openssl dgst -sha256`. Usage:

    .venv/bin/python -m benchmarks.bench_blob_store [SIZE_MIB]
"""

from __future__ import annotations

import io
import sys

from benchmarks.common import MIB, best_of, make_random_file, peak_rss_of, row, run, work_dir
from evidence_app.core import vault_service
from evidence_app.storage.content import content_chunks, content_writer


class NullSink(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return len(data)


def main() -> None:
    size = int(sys.argv[1]) * MIB if len(sys.argv) > 1 else 1024 * MIB
    work = work_dir("blob_store")
    source = make_random_file(work / "source.bin", size)
    copy = work / "copy.bin"

    cp = best_of(3, lambda: run(["cp", str(source), str(copy)]))
    cp_sync = best_of(3, lambda: run(["sh", "-c", f"cp '{source}' '{copy}' && sync '{copy}'"]))
    digest = best_of(3, lambda: run(["openssl", "dgst", "-sha256", str(source)]))
    copy.unlink()

    created = vault_service.create_vault(work / "vault", "benchmark passphrase", "", 0)
    with created.vault as vault:
        stored = []

        def write() -> None:
            with open(source, "rb") as handle:
                stored.append(content_writer(vault).write(handle))

        blob_write = best_of(3, write)

        def read() -> None:  # checked against the SHA-256, as every read is
            sink = NullSink()
            for chunk in content_chunks(vault, stored[-1]):
                sink.write(chunk)

        blob_read = best_of(3, read)

    # A fresh process that opens the vault with the recovery code, so the Argon2id run of
    # the passphrase (256 MiB by design) does not count as the blob write's memory.
    peak = peak_rss_of(
        "from pathlib import Path\n"
        "from evidence_app.core import vault_service\n"
        "from evidence_app.storage.content import content_writer\n"
        "from evidence_app.crypto.recovery_code import parse_recovery_code\n"
        "from evidence_app.storage.secrets import RecoveryCode\n"
        f"code = RecoveryCode(parse_recovery_code({created.recovery_code!r}))\n"
        f"with vault_service.unlock_vault(Path({str(work / 'vault')!r}), code) as vault:\n"
        f"    with open({str(source)!r}, 'rb') as f:\n"
        "        content_writer(vault).write(f)\n"
    )

    print(f"File of {size // MIB} MiB, best of 3 runs")
    print(row("cp", cp, size))
    print(row("cp + sync", cp_sync, size))
    print(row("openssl dgst -sha256", digest, size))
    print(row("blob write (hash + encrypt + fsync)", blob_write, size, cp))
    print(row("  … against cp + sync", blob_write, size, cp_sync))
    print(row("blob read (decrypt + authenticate)", blob_read, size, digest))
    print(f"{'peak memory of a process writing the blob':<44} {peak / MIB:8.0f} MiB")


if __name__ == "__main__":
    main()
