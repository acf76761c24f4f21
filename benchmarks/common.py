"""Helpers shared by the benchmark scripts: timing, peak memory, test data, vaults."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

WORK = Path(__file__).parent / "work"
MIB = 1024 * 1024


def work_dir(name: str) -> Path:
    path = WORK / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def make_random_file(path: Path, size: int) -> Path:
    block = os.urandom(4 * MIB)
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            part = block[: min(len(block), size - written)]
            handle.write(part)
            written += len(part)
    return path


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Best wall time of `runs`: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def peak_rss_of(code: str) -> int:
    """Peak resident memory (bytes) of a fresh Python process running `code`.

    Read from VmHWM: ru_maxrss would include the parent's peak, which Linux carries
    across fork and exec.
    """
    report = (
        "\nfor line in open('/proc/self/status'):\n"
        "    if line.startswith('VmHWM:'):\n"
        "        print(int(line.split()[1]) * 1024)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code + report],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    return int(completed.stdout.strip().splitlines()[-1])


def row(label: str, seconds: float, size: int | None = None, baseline: float | None = None) -> str:
    parts = [f"{label:<44} {seconds:8.3f} s"]
    if size:
        parts.append(f"{size / MIB / seconds:8.0f} MiB/s")
    if baseline:
        parts.append(f"{seconds / baseline:6.2f} × baseline")
    return "  ".join(parts)
