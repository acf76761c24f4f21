"""A vault of 100,000 items and 10,000 testimonies (DESIGN §7): open, first page, search.

The baseline, measured in the same run, is the same operation on an empty vault.

    .venv/bin/python -m benchmarks.bench_records [ITEMS] [TESTIMONIES]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import work_dir
from benchmarks.synthetic_vault import build
from evidence_app.core import items_service, records_service, vault_service
from evidence_app.crypto.recovery_code import parse_recovery_code
from evidence_app.storage.secrets import RecoveryCode

QUERIES = ["шизо", "избивали дубинками", "электрошок", "катували", "IMG_04242", "адвокат свидание"]


def timed(action: Callable[[], object], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(path: Path, code: str) -> dict[str, float]:
    secret = RecoveryCode(parse_recovery_code(code))
    figures = {"open": timed(lambda: vault_service.unlock_vault(path, secret).close())}
    with vault_service.unlock_vault(path, secret) as vault:

        def first_page() -> None:
            items_service.count_items(vault)
            items_service.page_of_items(vault, 0, 100)

        figures["first page"] = timed(first_page)
        figures["search"] = statistics.median(
            timed(lambda q=q: records_service.search_everything(vault, q, limit=50))  # type: ignore[misc]
            for q in QUERIES
        )
    return figures


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    testimonies = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    work = work_dir("records")
    started = time.perf_counter()
    large_code = build(work / "large", items, testimonies)
    built = time.perf_counter() - started
    empty_code = build(work / "empty", 0, 0)
    large = measure(work / "large", large_code)
    empty = measure(work / "empty", empty_code)
    budgets = {"open": 1.0, "first page": 0.2, "search": 0.1}
    print(f"Vault of {items} items and {testimonies} testimonies (built in {built:.0f} s)")
    print(f"{'operation':<12} {'large':>10} {'empty':>10} {'ratio':>7} {'budget':>8}")
    for name, seconds in large.items():
        print(
            f"{name:<12} {seconds * 1000:8.1f}ms {empty[name] * 1000:8.1f}ms "
            f"{seconds / empty[name]:6.1f}× {budgets[name] * 1000:6.0f}ms"
        )


if __name__ == "__main__":
    main()
