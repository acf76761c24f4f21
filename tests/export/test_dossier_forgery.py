"""Forged dossiers: another vault under the same name, and a rebuilt, re-signed PDF.

A dossier carries its own signer.pub and VERIFY.txt, so its internal checks cannot tell a
forger's key from the organisation's: only the fingerprint, compared with one obtained
independently, can. And the PDF's own signature is by a one-time certificate anyone can
imitate: only the identity key's signature of the PDF ties it to the signer.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_app.core import export_service, vault_service
from evidence_app.export.accountability_pdf import build_accountability_pdf
from evidence_app.export.pdf_signature import attach_and_sign, new_pdf_signing_key
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.cli.cli_runner import evidence_app
from tests.export.dossier_case import CASE, build_case
from tests.ingest import camera_files


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def genuine(vault: Vault, tmp_path: Path) -> Path:
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "genuine")
    return tmp_path / "genuine"


@pytest.fixture
def forger(vault: Vault, tmp_path: Path) -> Iterator[Vault]:
    """Another vault under the genuine vault's display name."""
    created = vault_service.create_vault(
        tmp_path / "forger-vault", "the forger's passphrase", vault.display_name, kdf_seconds=0
    )
    try:
        yield created.vault
    finally:
        created.vault.close()


@pytest.fixture
def forged(forger: Vault, tmp_path: Path) -> Path:
    """The same case, the consented photo swapped for another."""
    photo = camera_files.with_gps(b"S", camera_files.dms(10.5), b"W", camera_files.dms(20.5))
    build_case(forger, tmp_path / "planted", consented_photo=photo)
    export_service.export_accountability(forger, CASE, tmp_path / "forged")
    return tmp_path / "forged"


def fingerprint_of(dossier: Path) -> str:
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    return str(manifest["signer"]["fingerprint_sha256"])


def test_a_dossier_from_another_vault_with_the_same_name_shows_another_fingerprint(
    genuine: Path, forged: Path
) -> None:
    # Internally the forgery is flawless: that is why the fingerprint must be shown …
    report = export_service.check_dossier(forged)
    assert report.ok, report.problems
    assert report.signer is not None
    assert report.signer.name == export_service.check_dossier(genuine).to_json()["signer"]["name"]
    assert report.signer.fingerprint == fingerprint_of(forged) != fingerprint_of(genuine)
    # … and why a reader who pins the genuine key, in any of its forms, rejects it.
    public_line = (genuine / "signer.pub").read_text().splitlines()[1]
    for pinned in (str(genuine / "signer.pub"), fingerprint_of(genuine), public_line):
        failed = export_service.check_dossier(forged, signer=pinned)
        assert not failed.ok
        assert failed.problems == [
            f"the dossier is signed by key {fingerprint_of(forged)}, "
            f"not by the expected signer {fingerprint_of(genuine)}"
        ]
        assert export_service.check_dossier(genuine, signer=pinned).ok


def test_verify_dossier_prints_the_fingerprint_first_and_fails_another_signer(
    genuine: Path, forged: Path
) -> None:
    plain = evidence_app("verify-dossier", str(forged))
    assert plain.code == 0, plain.err
    assert plain.out.splitlines()[0] == f"Signer key fingerprint {fingerprint_of(forged)}"
    assert "obtained independently" in plain.out

    grouped = fingerprint_of(genuine)[:32] + " " + fingerprint_of(genuine)[32:]
    pinned = evidence_app("verify-dossier", str(forged), "--signer", grouped)
    assert pinned.code == 1
    assert pinned.out.splitlines()[0] == f"Signer key fingerprint {fingerprint_of(forged)}"
    assert f"not by the expected signer {fingerprint_of(genuine)}" in pinned.err

    as_json = evidence_app("verify-dossier", str(forged), "--signer", grouped, "--json")
    assert as_json.code == 1
    report = json.loads(as_json.out)
    assert report["signer"]["fingerprint"] == fingerprint_of(forged)
    assert report["signer"]["key_id"] in (forged / "signer.pub").read_text()
    assert report["expected_signer"] == fingerprint_of(genuine)

    good = evidence_app("verify-dossier", str(genuine), "--signer", str(genuine / "signer.pub"))
    assert good.code == 0 and "signed by the expected key" in good.out


def test_a_key_id_alone_or_a_wrong_key_file_is_refused_as_bad_input(
    genuine: Path, tmp_path: Path
) -> None:
    key_id = export_service.check_dossier(genuine).to_json()["signer"]["key_id"]
    with pytest.raises(BadInput, match="key id alone is too short"):
        export_service.check_dossier(genuine, signer=key_id)
    cli = evidence_app("verify-dossier", str(genuine), "--signer", str(genuine / "VERIFY.txt"))
    assert cli.code == 2 and "--signer" in cli.err and "Traceback" not in cli.err


def test_standard_minisign_proves_the_genuine_pdf_and_rejects_a_changed_one(
    genuine: Path,
) -> None:
    good = run("minisign", "-Vm", "dossier.pdf", "-p", "signer.pub", cwd=genuine)
    assert good.returncode == 0, good.stderr
    assert "Signature and comment signature verified" in good.stdout + good.stderr
    assert "file=dossier.pdf" in good.stdout + good.stderr
    pdf = genuine / "dossier.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    bad = run("minisign", "-Vm", "dossier.pdf", "-p", "signer.pub", cwd=genuine)
    assert bad.returncode != 0


def test_a_rebuilt_and_re_signed_pdf_passes_pdfsig_but_fails_minisign_and_verify_dossier(
    genuine: Path, tmp_path: Path
) -> None:
    genuine_manifest = (genuine / "manifest.json").read_bytes()
    text = genuine_manifest.decode("utf-8")
    assert "Камера ШИЗО" in text and "Его избивали дубинками" in text
    altered = json.loads(
        text.replace("Камера ШИЗО", "Пустая камера").replace(
            "Его избивали дубинками", "Его никто не трогал"
        )
    )
    unsigned = tmp_path / "unsigned.pdf"
    build_accountability_pdf(
        unsigned, altered, {}, {}, (genuine / "VERIFY.txt").read_text(encoding="utf-8")
    )
    (genuine / "dossier.pdf").unlink()
    imitation = new_pdf_signing_key(altered["signer"]["name"], CASE)
    attach_and_sign(unsigned, genuine / "dossier.pdf", genuine_manifest, imitation, CASE)
    sums = run(
        "sh", "-c", "find . -type f ! -name SHA256SUMS | sort | xargs sha256sum", cwd=genuine
    )
    (genuine / "SHA256SUMS").write_text(sums.stdout.replace("  ./", "  "), encoding="utf-8")

    # Every check a lawyer could run before dossier.pdf.minisig existed passes …
    assert run("sha256sum", "-c", "SHA256SUMS", cwd=genuine).returncode == 0
    assert run("minisign", "-Vm", "manifest.json", "-p", "signer.pub", cwd=genuine).returncode == 0
    assert "Signature is Valid." in run("pdfsig", str(genuine / "dossier.pdf")).stdout
    assert "Его никто не трогал" in run("pdftotext", str(genuine / "dossier.pdf"), "-").stdout
    # … the identity key's signature of the PDF does not.
    check = run("minisign", "-Vm", "dossier.pdf", "-p", "signer.pub", cwd=genuine)
    assert check.returncode != 0
    assert "Signature verification failed" in check.stdout + check.stderr
    report = export_service.check_dossier(genuine)
    assert "dossier.pdf's signature fails: the signature does not match the file" in (
        report.problems
    )
    assert any("certificate the signed manifest does not name" in p for p in report.problems)
