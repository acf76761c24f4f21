"""What looking for a C2PA manifest costs a plain camera JPEG at ingest, and what reading and
validating one costs a signed photo.

    .venv/bin/python -m benchmarks.bench_c2pa_check [JPEGS]   # default 50

The plain JPEGs are `camera_jpegs` (4000 × 3000, about 1.25 MB); the signed photo is one of
them signed with the test certificate chain of tests/media/c2pa_files.py.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.camera_jpegs import make_camera_jpegs
from evidence_app.media.c2pa_manifest import check_c2pa
from tests.media.c2pa_files import signed_picture

ROUNDS = 20


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as folder:
        photos = [path.read_bytes() for path in make_camera_jpegs(Path(folder), count)]
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for data in photos:
            assert check_c2pa(data, "image/jpeg", []) is None
    plain = (time.perf_counter() - started) / (ROUNDS * count)
    signed = signed_picture(photos[0])
    started = time.perf_counter()
    for _ in range(ROUNDS):
        reading = check_c2pa(signed, "image/jpeg", [])
        assert reading is not None and reading.status == "unknown_key"
    validated = (time.perf_counter() - started) / ROUNDS
    budget = 1 / 50  # seconds a file may take at the 50 files/s JPEG ingest budget
    print(f"plain JPEG ({len(photos[0]) / 1e6:.2f} MB): no-manifest check {plain * 1e6:.1f} µs")
    print(f"  = {plain / budget:.4%} of the 20 ms a file may take at 50 files/s")
    print(
        f"signed JPEG ({len(signed) / 1e6:.2f} MB): read and validated in {validated * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
