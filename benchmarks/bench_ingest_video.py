"""Ingest of a large video against `cp` + `sync` (DESIGN §7, issue budget 1.5 ×): reading its
duration, dates, place and a thumbnail must cost a few seeks, never a decoding of the file.

The video is made here with PyAV: MPEG-4 part 2 at a high bit rate over noise (so that it
is large without taking long to encode), a key frame every 250 frames, the index (moov) at
the end as phones write it, so that reading it means seeking to the end of the file.

    .venv/bin/python -m benchmarks.bench_ingest_video [MIB]     # default 512
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

import av
import numpy as np

from benchmarks.common import MIB, best_of, make_random_file, row, run, work_dir
from evidence_app.core import ingest_service, vault_service
from evidence_app.media.av_reading import read_recording


def make_large_video(path: Path, size: int) -> Path:
    if path.exists() and path.stat().st_size >= size:
        return path
    random = np.random.default_rng(15)
    noise = [random.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(24)]
    with av.open(str(path), "w", format="mp4") as out:
        container: Any = out
        container.metadata["creation_time"] = "2024-03-05T10:20:30.000000Z"
        container.metadata["location"] = "+55.7512+037.6184/"
        stream = container.add_stream("mpeg4", rate=25)
        stream.width, stream.height, stream.pix_fmt = 640, 480, "yuv420p"
        stream.bit_rate = 400_000_000
        stream.gop_size = 250
        written = 0
        index = 0
        while written < size:
            frame = av.VideoFrame.from_ndarray(noise[index % len(noise)], format="rgb24")
            for packet in stream.encode(frame):
                written += packet.size
                container.mux(packet)
            index += 1
        for packet in stream.encode():
            container.mux(packet)
    return path


def main() -> None:
    size = int(sys.argv[1]) * MIB if len(sys.argv) > 1 else 512 * MIB
    work = work_dir("ingest-video")
    source = make_large_video(work / "large.mp4", size)
    actual = source.stat().st_size
    copy = work / "copy.mp4"
    cp_sync = best_of(3, lambda: run(["sh", "-c", f"cp '{source}' '{copy}' && sync '{copy}'"]))
    copy.unlink()

    analyses = []
    for _ in range(2):  # the first in a process also loads FFmpeg's libraries
        with open(source, "rb") as handle:
            started = time.perf_counter()
            reading = read_recording(handle, 512)
            analyses.append(time.perf_counter() - started)
    assert reading.picture is not None and reading.duration, reading.notes

    # A file of the same size that is no video: what ingest costs without reading one. The
    # two are measured in turns, as the disk of a shared machine changes speed from minute
    # to minute.
    plain = make_random_file(work / "large.bin", actual)
    timings: dict[Path, list[float]] = {source: [], plain: []}
    for attempt in range(3):
        for path, found in timings.items():
            vault_path = work / f"vault-{attempt}"
            created = vault_service.create_vault(vault_path, "benchmark passphrase", "", 0)
            with created.vault as vault:
                started = time.perf_counter()
                report = ingest_service.ingest_paths(vault, [path])
                found.append(time.perf_counter() - started)
                assert report.count("stored") == 1
            shutil.rmtree(vault_path)
    ingest, ingest_plain = min(timings[source]), min(timings[plain])

    print(f"Video: {actual / MIB:.0f} MiB, {reading.duration:.0f} s of MPEG-4, best of 3")
    print(row("cp + sync", cp_sync, actual))
    print(row("ingest of a file that is no video", ingest_plain, actual, cp_sync))
    print(row("ingest of the video (facts, thumbnail)", ingest, actual, cp_sync))
    print(f"{'  … against the file that is no video':<44} {ingest / ingest_plain:8.2f} ×")
    print(f"{'  reading the video alone (headers + 1 frame)':<44} {analyses[1]:8.3f} s")
    print(f"{'  … the first time in a process':<44} {analyses[0]:8.3f} s")


if __name__ == "__main__":
    main()
