"""Importing a records document of many people, with and without pseudonyms (DESIGN §5).

People without a pseudonym get the next free W-NNN; with pseudonyms given, the same
document is the baseline, so the ratio shows what assigning them costs.

    .venv/bin/python -m benchmarks.bench_records_import [PEOPLE]     # default 2000
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import work_dir
from evidence_app.core import records_service, vault_service

PASSPHRASE = "benchmark passphrase of several words"


def document(people: int, with_pseudonyms: bool) -> dict[str, Any]:
    entries = []
    for n in range(people):
        person: dict[str, Any] = {"ref": f"p-{n:05d}", "full_name": f"Person {n}"}
        if with_pseudonyms:
            person["pseudonym"] = f"P-{n:05d}"
        entries.append(person)
    return {"format": "evidence-app/records", "version": 1, "people": entries}


def timed_import(folder: Path, people: int, with_pseudonyms: bool) -> float:
    source = folder / "records.json"
    source.write_text(json.dumps(document(people, with_pseudonyms)), encoding="utf-8")
    created = vault_service.create_vault(folder / "vault", PASSPHRASE, "Bench", kdf_seconds=0)
    with created.vault as vault:
        started = time.perf_counter()
        summary = records_service.import_records(vault, source)
        elapsed = time.perf_counter() - started
    assert len(summary.created) == people
    return elapsed


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    work = work_dir("records_import")
    (work / "given").mkdir()
    (work / "assigned").mkdir()
    given = timed_import(work / "given", people, with_pseudonyms=True)
    assigned = timed_import(work / "assigned", people, with_pseudonyms=False)
    print(f"Import of {people} people")
    print(f"  pseudonyms given     {given:7.2f} s  baseline")
    print(f"  pseudonyms assigned  {assigned:7.2f} s  {assigned / given:.2f} × baseline")


if __name__ == "__main__":
    main()
