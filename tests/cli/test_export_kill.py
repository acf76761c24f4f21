"""kill -9 at random moments of both exports: nothing but a complete dossier or PDF ever
carries the final name, the next open removes the decrypted leftovers and says so, and the
vault verifies.

Each kill is timed from the moment the first decrypted file appears in the export's hidden
staging beside the destination, by a delay drawn (seeded) within the plaintext-writing
window (until the rename) of an uninterrupted export, narrowed when a run proves quicker,
so kills land while originals are decrypted, while the PDF is signed, around the rename
and after completion. The children's TMPDIR is an empty
folder that must stay empty: nothing decrypted goes to the system temp folder.
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_app.core import export_service, ingest_service, records_service
from tests.cli.cli_runner import evidence_app
from tests.conftest import PASSPHRASE, VaultCopy, VaultTemplate
from tests.export.dossier_case import CASE, build_case
from tests.ingest import camera_files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SEED = 20261124
PHOTOS = {  # more photos linked to a person who consented to both dossiers
    "допрос_камера.jpg": (120, 60, 60),
    "синяки_спина.jpg": (60, 120, 60),
    "двор колонии.jpg": (60, 60, 120),
}


@dataclass(frozen=True)
class CaseVault:
    path: Path
    recovery_file: Path
    system_temp: Path

    def unlock(self) -> list[str]:
        return ["--vault", str(self.path), "--recovery-file", str(self.recovery_file)]

    def start(self, stderr: Path, kind: str, *args: str) -> subprocess.Popen[bytes]:
        """`export KIND --case CASE ARGS…`, its stderr (one line per notice) to a file."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_APP_")}
        env["TMPDIR"] = str(self.system_temp)
        command = [sys.executable, "-m", "evidence_app.cli.main", "export", kind, "--case", CASE]
        with open(stderr, "wb") as said:
            return subprocess.Popen(
                [*command, *args, *self.unlock()],
                stdout=subprocess.DEVNULL,
                stderr=said,
                env=env,
            )

    def opened_by(self, process: subprocess.Popen[bytes]) -> bool:
        """Whether `process` holds the vault (its lock file names the holder)."""
        return (self.path / "vault.lock").read_text(encoding="ascii") == str(process.pid)


@pytest.fixture(scope="module")
def case_vault(
    vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory
) -> CaseVault:
    root = tmp_path_factory.mktemp("kill")
    shutil.copytree(vault_template.path, root / "vault")
    recovery_file = root / "recovery.txt"
    recovery_file.write_text(vault_template.recovery_code + "\n", encoding="utf-8")
    case_vault = CaseVault(root / "vault", recovery_file, root / "system-temp")
    case_vault.system_temp.mkdir()
    with VaultCopy(case_vault.path, PASSPHRASE, vault_template.recovery_code).open() as vault:
        build_case(vault, root / "received")
        gps = [
            camera_files.rationals(0x0002, *camera_files.dms(55.1)),
            camera_files.text(0x0001, b"N\x00"),
            camera_files.rationals(0x0004, *camera_files.dms(61.6)),
            camera_files.text(0x0003, b"E\x00"),
        ]
        camera = [camera_files.text(0x010F, b"Canon\x00"), camera_files.text(0x0110, b"EOS R\x00")]
        evidence = []
        for name, colour in PHOTOS.items():
            photo = root / "received" / name
            image = camera_files.noisy((640, 427), colour)
            photo.write_bytes(camera_files.jpeg(image, camera_files.tiff_block(camera, gps=gps)))
            (outcome,) = ingest_service.ingest_paths(vault, [photo], case_ref=CASE).outcomes
            evidence.append({"sha256": outcome.sha256, "cases": [CASE], "people": ["p-017"]})
        links = root / "links.json"
        links.write_text(
            json.dumps({"format": "evidence-app/records", "version": 1, "evidence": evidence}),
            encoding="utf-8",
        )
        records_service.import_records(vault, links)
    return case_vault


def _hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if ".partial-" in name)


def _plaintext_on_disk(folder: Path) -> bool:
    """Whether a hidden staging entry beside the destination holds a decrypted file."""
    return any(
        path.is_file() or any(inner.is_file() for inner in path.rglob("*"))
        for path in (folder / name for name in _hidden(folder))
    )


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> float | None:
    """When `condition` first held (polled every millisecond), or None if the process ended."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        if process.poll() is not None:
            return None
        time.sleep(0.001)
    raise AssertionError("the export did not start writing")


@dataclass
class Killed:
    folder: Path
    final: Path
    left: list[str]  # hidden entries beside the destination when the process died
    held_plaintext: bool  # some of them held decrypted bytes
    complete: Callable[[Path], bool]


def _kill(
    folder: Path,
    final: Path,
    process: subprocess.Popen[bytes],
    delay: float,
    complete: Callable[[Path], bool],
) -> Killed:
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = _hidden(folder)
    assert set(os.listdir(folder)) <= {final.name, _review(final).name, *left}
    # The review of an exhibition is renamed into place after its PDF, never before.
    assert final.exists() or not _review(final).exists()
    if final.exists():
        assert complete(final), f"an incomplete {final.name} carries the final name"
    return Killed(folder, final, left, _plaintext_on_disk(folder), complete)


def _check_next_open(killed: Killed, case_vault: CaseVault, said: str) -> None:
    """After the next open (whose stderr is `said`): only the complete result is left, and
    every leftover was named as removed."""
    removed = [line for line in said.splitlines() if line.endswith("; they were removed.")]
    for name in killed.left:  # a zip export may leave its folder and its zip: one line names both
        assert any(str(killed.folder / name) in line for line in removed), said
    assert set(os.listdir(killed.folder)) <= {killed.final.name, _review(killed.final).name}
    if killed.final.exists():
        assert killed.complete(killed.final)
    assert os.listdir(case_vault.system_temp) == []


def _review(final: Path) -> Path:
    return final.with_name(f"{final.stem}.review.json")


def _dossier_complete(path: Path) -> bool:
    return export_service.check_dossier(path).ok


def _pdf_complete(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_kill_9_during_accountability_exports(case_vault: CaseVault, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    # An uninterrupted export first: how long its plaintext-writing window lasts.
    folder = tmp_path / "run-0"
    folder.mkdir()
    final = folder / "dossier"
    process = case_vault.start(tmp_path / "run-0.err", "accountability", "-o", str(final))
    appeared = _wait_for(lambda: _plaintext_on_disk(folder), process)
    renamed = _wait_for(final.exists, process)
    assert appeared is not None and renamed is not None and process.wait(120) == 0
    window = renamed - appeared
    assert os.listdir(folder) == ["dossier"] and _dossier_complete(final)

    killed: list[Killed] = []
    for run in range(1, 5):
        folder = tmp_path / f"run-{run}"
        folder.mkdir()
        as_zip = run % 2 == 0
        final = folder / ("dossier.zip" if as_zip else "dossier")
        said = tmp_path / f"run-{run}.err"
        process = case_vault.start(
            said, "accountability", "-o", str(folder / "dossier"), *(["--zip"] if as_zip else [])
        )
        # Plaintext appears after the open, so the previous run's leftovers are handled.
        assert _wait_for(lambda folder=folder: _plaintext_on_disk(folder), process) is not None
        if killed:
            _check_next_open(killed[-1], case_vault, said.read_text(encoding="utf-8"))
        delay = rng.uniform(0, window * (1.2 if run == 4 else 0.8))
        killed.append(_kill(folder, final, process, delay, _dossier_complete))
        if final.exists() and run < 4:  # this run was quicker than the first: aim earlier
            window = min(window, delay)

    reopened = evidence_app("verify", *case_vault.unlock())
    assert reopened.code == 0, reopened.out + reopened.err
    _check_next_open(killed[-1], case_vault, reopened.err)
    assert sum(run.held_plaintext for run in killed) >= 2, "kills must land on plaintext"

    # However the runs died, every exhibit keeps the number the first run gave it, given once.
    after = tmp_path / "after"
    done = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(after), *case_vault.unlock()
    )
    assert done.code == 0, done.err
    first, last = (
        json.loads((path / "manifest.json").read_text("utf-8"))
        for path in (tmp_path / "run-0" / "dossier", after)
    )
    assert [(e["sha256"], e["number"]) for e in last["exhibits"]] == [
        (e["sha256"], e["number"]) for e in first["exhibits"]
    ]
    for exhibit in last["exhibits"]:
        given = [
            e["details"]["number"] for e in exhibit["custody"] if e["action"] == "exhibit.numbered"
        ]
        assert given == [exhibit["number"]]


def test_kill_9_during_exhibition_exports(case_vault: CaseVault, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    # Uninterrupted first (it also makes the redacted copies the later runs reuse).
    folder = tmp_path / "run-0"
    folder.mkdir()
    final = folder / "show.pdf"
    process = case_vault.start(tmp_path / "run-0.err", "exhibition", "-o", str(final))
    opened = _wait_for(lambda: case_vault.opened_by(process), process)
    appeared = _wait_for(lambda: bool(_hidden(folder)), process)
    renamed = _wait_for(final.exists, process)
    assert opened is not None and appeared is not None and renamed is not None
    assert process.wait(120) == 0
    window = renamed - appeared
    assert sorted(os.listdir(folder)) == ["show.pdf", "show.review.json"]
    assert _pdf_complete(final)

    killed: list[Killed] = []
    for run in range(1, 5):
        folder = tmp_path / f"run-{run}"
        folder.mkdir()
        final = folder / "show.pdf"
        said = tmp_path / f"run-{run}.err"
        process = case_vault.start(said, "exhibition", "-o", str(final))
        if run == 1:  # while the photos are gathered and laid out, before the PDF is written
            opened_now = functools.partial(case_vault.opened_by, process)
            assert _wait_for(opened_now, process) is not None
            delay = rng.uniform(0, min(appeared - opened, 1.0))
        else:  # the PDF's bytes are on disk under the hidden name, or just renamed
            assert _wait_for(lambda folder=folder: bool(_hidden(folder)), process) is not None
            _check_next_open(killed[-1], case_vault, said.read_text(encoding="utf-8"))
            delay = rng.uniform(0, window * (1.5 if run == 4 else 0.5))
        killed.append(_kill(folder, final, process, delay, _pdf_complete))

    reopened = evidence_app("verify", *case_vault.unlock())
    assert reopened.code == 0, reopened.out + reopened.err
    _check_next_open(killed[-1], case_vault, reopened.err)
    assert any(run.held_plaintext for run in killed), "a kill must land on the written PDF"
