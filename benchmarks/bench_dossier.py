"""An accountability dossier of 200 camera photos (DESIGN §7: under 30 s, under 500 MiB).

The baseline, in the same run, is what any dossier of these files must at least do: copy
the originals (`cp`) and hash them (`sha256sum`). The export is timed in a fresh process
that opens the vault with its recovery code (no Argon2id run), which also gives its peak
memory.

    .venv/bin/python -m benchmarks.bench_dossier [PHOTOS]
"""

from __future__ import annotations

import json
import shutil
import sys
import time

from benchmarks.camera_jpegs import make_camera_jpegs
from benchmarks.common import MIB, WORK, best_of, peak_rss_of, row, run, work_dir
from evidence_app.core import ingest_service, records_service, vault_service

CASE = "case-bench"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    work = work_dir("dossier")
    photos = make_camera_jpegs(WORK / f"camera-jpegs-{count}", count)
    size = sum(path.stat().st_size for path in photos)

    created = vault_service.create_vault(work / "vault", "benchmark passphrase", "Bench", 0)
    with created.vault as vault:
        report = ingest_service.ingest_paths(vault, photos, source="benchmark", case_ref=CASE)
        assert report.count("stored") == count
        document = work / "records.json"
        document.write_text(
            json.dumps(
                {
                    "format": "evidence-app/records",
                    "version": 1,
                    "cases": [{"ref": CASE, "title": "Бенчмарк: 200 фотографий"}],
                }
            ),
            encoding="utf-8",
        )
        records_service.import_records(vault, document)

    copies = work / "copies"

    def copy_all() -> None:
        shutil.rmtree(copies, ignore_errors=True)
        run(["cp", "-r", str(photos[0].parent), str(copies)])

    cp = best_of(3, copy_all)
    sha256sum = best_of(3, lambda: run(["sha256sum", *map(str, photos)]))

    timings = []
    peaks = []
    for attempt in range(2):
        target = str(work / f"dossier-{attempt}")
        started = time.perf_counter()
        peaks.append(
            peak_rss_of(
                "from pathlib import Path\n"
                "from evidence_app.core import export_service, vault_service\n"
                "from evidence_app.crypto.recovery_code import parse_recovery_code\n"
                "from evidence_app.storage.secrets import RecoveryCode\n"
                f"code = RecoveryCode(parse_recovery_code({created.recovery_code!r}))\n"
                f"with vault_service.unlock_vault(Path({str(work / 'vault')!r}), code) as vault:\n"
                f"    export_service.export_accountability(vault, {CASE!r}, Path({target!r}))\n"
            )
        )
        timings.append(time.perf_counter() - started)
    export = min(timings)
    pages = (work / "dossier-0" / "dossier.pdf").stat().st_size

    print(f"Accountability dossier of {count} photos ({size / MIB:.0f} MiB), best of 2")
    print(row("cp -r of the originals", cp, size))
    print(row("sha256sum of the originals", sha256sum, size))
    print(row("export accountability (whole process)", export, size, cp + sha256sum))
    print(f"{'  budget':<44} {30:8.3f} s")
    print(f"{'peak memory of the export process':<44} {max(peaks) / MIB:8.0f} MiB (budget 500)")
    print(f"{'dossier.pdf':<44} {pages / MIB:8.1f} MiB")


if __name__ == "__main__":
    main()
