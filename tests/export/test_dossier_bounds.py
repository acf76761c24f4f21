"""Decompression bombs and oversized files: verify-dossier reads within stated bounds.

Each check runs the verifier in its own process, as a legal team would, and measures that
process's peak memory: a bundle of a few hundred kilobytes that inflates to hundreds of
mebibytes must be refused by name, not read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from evidence_app.core import export_service
from evidence_app.export.pdf_signature import check_signed_pdf
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy, VaultTemplate
from tests.export.dossier_case import CASE, build_case

MiB = 1 << 20
MEASURE = """
import json, resource, sys
from pathlib import Path
from evidence_app.core import export_service
report = export_service.check_dossier(Path(sys.argv[1]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"problems": report.problems, "peak": peak}))
"""


def verify_in_process(path: Path) -> tuple[list[str], int]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result["problems"], result["peak"]


@pytest.fixture(scope="module")
def bundle(vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bounds")
    copy = folder / "vault"
    shutil.copytree(vault_template.path, copy)
    with VaultCopy(copy, "", vault_template.recovery_code).open() as vault:
        build_case(vault, folder / "received")
        export_service.export_accountability(vault, CASE, folder / "dossier", as_zip=True)
    return folder / "dossier.zip"


@pytest.fixture(scope="module")
def baseline(bundle: Path) -> int:
    problems, peak = verify_in_process(bundle)
    assert problems == []
    return peak


def with_bomb(source: Path, target: Path, member: str, size: int) -> None:
    """`source` with `member` replaced by `size` zero bytes, deflated (about 1000:1)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as bomb:
        for info in original.infolist():
            name = info.filename.split("/", 1)[1]
            if name == member or (member.endswith("_") and name.startswith(member)):
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with bomb.open(entry, "w", force_zip64=True) as out:
                    zeros = bytes(MiB)
                    for _ in range(size // MiB):
                        out.write(zeros)
            else:
                bomb.writestr(info, original.read(info), compress_type=zipfile.ZIP_DEFLATED)


INFLATES = "inflates to more than 100 times its size in the zip (a zip bomb?)"


@pytest.mark.parametrize(
    ("member", "size", "expected"),
    [
        # within its size bound: caught by counting the bytes as they inflate
        ("manifest.json", 60 * MiB, INFLATES),
        # beyond it: refused before reading
        ("manifest.json", 400 * MiB, "is larger than 64 MiB"),
        ("SHA256SUMS", 400 * MiB, "is larger than 16 MiB"),
        ("dossier.pdf", 400 * MiB, INFLATES),
        # evidence has no size bound, only the ratio
        (f"evidence/{CASE}-E0001_", 400 * MiB, INFLATES),
    ],
)
def test_a_zip_bomb_is_refused_by_name_in_bounded_memory(
    bundle: Path, baseline: int, tmp_path: Path, member: str, size: int, expected: str
) -> None:
    bomb = tmp_path / "bomb.zip"
    with_bomb(bundle, bomb, member, size)
    assert bomb.stat().st_size < 2 * MiB
    problems, peak = verify_in_process(bomb)
    assert any(problem.startswith(member) and expected in problem for problem in problems), problems
    assert peak < baseline + 32 * MiB, (peak, baseline)


def test_an_oversized_manifest_in_a_folder_is_not_read(
    bundle: Path, baseline: int, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "dossier"
    with open(folder / "manifest.json", "r+b") as manifest:
        manifest.truncate(1 << 30)  # 1 GiB, sparse: costs no disk
    problems, peak = verify_in_process(folder)
    assert "manifest.json is larger than 64 MiB; it was not read further" in problems
    assert peak < baseline + 32 * MiB, (peak, baseline)


def test_a_manifest_attached_to_the_pdf_is_inflated_within_its_bound(
    vault: Vault, tmp_path: Path
) -> None:
    """The PDF's attachment is a stream of its own: the verifier inflates it, bounded."""
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "d")
    with open(tmp_path / "d" / "dossier.pdf", "rb") as pdf:
        check = check_signed_pdf(pdf, "", attachment_limit=1024)
    assert check.attachment is None
    assert check.problems == [
        "dossier.pdf cannot be read as a PDF (the attached manifest.json is larger than 1 KiB)"
    ]
