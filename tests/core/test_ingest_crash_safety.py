"""Crash safety: `kill -9` at random moments during an ingest never harms the vault.

After each kill the vault opens, no unreferenced blob remains in blobs/ (the ones written
before their commit are in quarantine/, never deleted), every file the ingest had reported
as stored is in the vault (DESIGN §2 write order), and once `recover-orphans` has brought
the quarantined content back, `verify --full` passes with every blob decrypting.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import items_service, verify_service
from evidence_app.core.orphan_recovery import recover_orphans
from evidence_app.storage.blob_maintenance import quarantined_ids
from evidence_app.storage.models import Blob
from tests.blob_files import blob_ids_on_disk
from tests.conftest import VaultCopy, VaultTemplate

FILES = 500
KILLS = 50
REPO = Path(__file__).parents[2]


def make_batch(folder: Path) -> dict[str, str]:
    """500 distinct files of a few KiB to a few hundred KiB; returns name → SHA-256."""
    folder.mkdir()
    rng = random.Random(1)
    hashes = {}
    for n in range(FILES):
        data = rng.randbytes(rng.choice([1, 4, 16, 64, 256]) * 1024)
        name = f"file-{n:03d}.bin"
        (folder / name).write_bytes(data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def start_ingest(vault_dir: Path, recovery: Path, batch: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "evidence_app.cli.main",
            "ingest",
            str(batch),
            "--vault",
            str(vault_dir),
            "--recovery-file",
            str(recovery),
            "--source",
            "crash test",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_APP_")},
    )


def reported_stored(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        match = re.match(r"^stored\s+(\S+)", line)
        if match:
            names.add(Path(match.group(1)).name)
    return names


@pytest.mark.slow
def test_kill_9_at_random_moments_during_a_500_file_ingest(
    vault_template: VaultTemplate, tmp_path: Path
) -> None:
    hashes = make_batch(tmp_path / "batch")
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(vault_template.recovery_code)

    # One uninterrupted run tells how long the whole ingest takes here.
    full_run = tmp_path / "full"
    shutil.copytree(vault_template.path, full_run)
    started = time.monotonic()
    process = start_ingest(full_run, recovery, tmp_path / "batch")
    process.communicate(timeout=600)
    assert process.returncode == 0
    duration = time.monotonic() - started

    rng = random.Random(2026)
    killed_mid_way = 0
    left_unreferenced = 0
    for attempt in range(KILLS):
        vault_dir = tmp_path / f"vault-{attempt}"
        shutil.copytree(vault_template.path, vault_dir)
        process = start_ingest(vault_dir, recovery, tmp_path / "batch")
        lines: list[str] = []
        assert process.stdout is not None
        reader = threading.Thread(target=lines.extend, args=(process.stdout,))
        reader.start()
        time.sleep(rng.uniform(0.2, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
        stored = reported_stored(lines)
        killed_mid_way += 0 < len(stored) < FILES

        copy = VaultCopy(vault_dir, "", vault_template.recovery_code)
        with copy.open() as vault:
            report = verify_service.verify_vault(vault, full=True)
            assert {p.kind for p in report.problems} <= {"quarantine"}, (attempt, report.problems)
            with vault.reader() as session:
                referenced = set(session.scalars(select(Blob.id)))
            assert blob_ids_on_disk(vault) == referenced, attempt
            assert list((vault_dir / "tmp").iterdir()) == []
            in_vault = {item.sha256 for item in items_service.list_items(vault)}
            missing = [name for name in stored if hashes[name] not in in_vault]
            assert missing == [], (attempt, missing)
            quarantined = set(quarantined_ids(vault))
            left_unreferenced += bool(quarantined)
            recovered = recover_orphans(vault)
            assert {o.blob_id for o in recovered if o.status == "recovered"} == quarantined
            assert all(o.sha256 in hashes.values() for o in recovered), attempt
            report = verify_service.verify_vault(vault, full=True)
            assert report.ok, (attempt, report.problems)
        shutil.rmtree(vault_dir)
    assert killed_mid_way >= KILLS // 2, "too few kills landed in the middle of the ingest"
    assert left_unreferenced > 0, "no kill landed between a blob's rename and its commit"
