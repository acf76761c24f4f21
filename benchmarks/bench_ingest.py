"""Ingest throughput and memory (DESIGN §7), each against a baseline in the same run.

- one large file: `ingest` against `cp` (with and without `sync`) and `restic backup`;
- 1,000 camera JPEGs (metadata + thumbnail + encryption): files per second;
- `verify --full` of everything ingested against `openssl dgst -sha256` and `sha256sum`.

    .venv/bin/python -m benchmarks.bench_ingest [LARGE_MIB] [JPEGS]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.camera_jpegs import make_camera_jpegs
from benchmarks.common import MIB, WORK, best_of, make_random_file, peak_rss_of, row, run, work_dir
from evidence_app.core import ingest_service, vault_service, verify_service


def restic_backup_seconds(source: Path, work: Path) -> float | None:
    if shutil.which("restic") is None:
        print("restic is not installed (apt-get install restic); skipping that baseline")
        return None
    env = {**os.environ, "RESTIC_PASSWORD": "benchmark", "RESTIC_CACHE_DIR": str(work / "cache")}

    def backup() -> None:
        repo = work / "restic-repo"
        shutil.rmtree(repo, ignore_errors=True)
        subprocess.run(
            ["restic", "init", "--repo", str(repo)], env=env, check=True, capture_output=True
        )
        started = time.perf_counter()
        subprocess.run(
            ["restic", "backup", "--repo", str(repo), str(source)],
            env=env,
            check=True,
            capture_output=True,
        )
        timings.append(time.perf_counter() - started)

    timings: list[float] = []
    for _ in range(3):
        backup()
    return min(timings)


def main() -> None:
    large = int(sys.argv[1]) * MIB if len(sys.argv) > 1 else 1024 * MIB
    jpeg_count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    work = work_dir("ingest")
    source = make_random_file(work / "large.bin", large)
    copy = work / "copy.bin"
    cp = best_of(3, lambda: run(["cp", str(source), str(copy)]))
    cp_sync = best_of(3, lambda: run(["sh", "-c", f"cp '{source}' '{copy}' && sync '{copy}'"]))
    copy.unlink()
    restic = restic_backup_seconds(source, work)

    def fresh_vault(name: str) -> vault_service.CreatedVault:
        return vault_service.create_vault(work / name, "benchmark passphrase", "", 0)

    timings = []
    for attempt in range(3):
        created = fresh_vault(f"large-{attempt}")
        with created.vault as vault:
            started = time.perf_counter()
            report = ingest_service.ingest_paths(vault, [source])
            timings.append(time.perf_counter() - started)
            assert report.count("stored") == 1
    ingest_large = min(timings)
    for attempt in range(3):
        shutil.rmtree(work / f"large-{attempt}")
    # Memory is measured in a fresh process that opens a vault with its recovery code, so
    # the passphrase's Argon2id run (256 MiB by design) does not count.
    peak_vault = fresh_vault("peak")
    peak_vault.vault.close()
    peak = peak_rss_of(
        "from pathlib import Path\n"
        "from evidence_app.core import ingest_service, vault_service\n"
        "from evidence_app.crypto.recovery_code import parse_recovery_code\n"
        "from evidence_app.storage.secrets import RecoveryCode\n"
        f"code = RecoveryCode(parse_recovery_code({peak_vault.recovery_code!r}))\n"
        f"with vault_service.unlock_vault(Path({str(work / 'peak')!r}), code) as vault:\n"
        f"    ingest_service.ingest_paths(vault, [Path({str(source)!r})])\n"
    )
    shutil.rmtree(work / "peak")

    jpegs = make_camera_jpegs(WORK / "camera-jpegs", jpeg_count)
    jpeg_bytes = sum(path.stat().st_size for path in jpegs)
    created = fresh_vault("jpegs")
    with created.vault as vault:
        started = time.perf_counter()
        report = ingest_service.ingest_paths(vault, [WORK / "camera-jpegs"])
        ingest_jpegs = time.perf_counter() - started
        assert report.count("stored") == jpeg_count, report.to_json()["failed"]
        thumbnails = sum(1 for o in report.outcomes if o.status == "stored")
        ingest_service.ingest_paths(vault, [source])
        verify_full = best_of(2, lambda: verify_service.verify_vault(vault, full=True))
    everything = [str(source), *map(str, jpegs)]
    openssl = best_of(2, lambda: run(["openssl", "dgst", "-sha256", *everything]))
    sha256sum = best_of(2, lambda: run(["sha256sum", *everything]))
    verified_bytes = large + jpeg_bytes

    print(f"Large file: {large // MIB} MiB, best of 3")
    print(row("cp", cp, large))
    print(row("cp + sync", cp_sync, large))
    if restic:
        print(row("restic backup", restic, large))
    print(row("ingest", ingest_large, large, cp))
    print(row("  … against cp + sync", ingest_large, large, cp_sync))
    if restic:
        print(row("  … against restic backup", ingest_large, large, restic))
    print(f"{'peak memory of an ingest process':<44} {peak / MIB:8.0f} MiB")
    print()
    print(f"{jpeg_count} camera JPEGs ({WIDTH_TEXT}), {jpeg_bytes / MIB:.0f} MiB, one run")
    print(
        f"{'ingest with metadata + thumbnails':<44} {ingest_jpegs:8.3f} s  "
        f"{jpeg_count / ingest_jpegs:8.1f} files/s  ({thumbnails} stored)"
    )
    print()
    print(f"verify --full of {verified_bytes / MIB:.0f} MiB, best of 2")
    print(row("openssl dgst -sha256", openssl, verified_bytes))
    print(row("sha256sum", sha256sum, verified_bytes))
    print(row("verify --full", verify_full, verified_bytes, sha256sum))
    print(f"{'  throughput relative to sha256sum':<44} {sha256sum / verify_full:8.2f} ×")
    print(f"{'  throughput relative to openssl dgst':<44} {openssl / verify_full:8.2f} ×")


WIDTH_TEXT = "4000×3000"

if __name__ == "__main__":
    main()
