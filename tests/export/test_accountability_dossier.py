"""The accountability dossier (DESIGN §6), checked with the tools a legal team would use."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from evidence_app.core import export_service, verify_service
from evidence_app.core.items_service import custody_log
from evidence_app.kernel.errors import BadInput, Cancelled
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, CASE_TITLE, DossierCase, build_case


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def case(vault: Vault, tmp_path: Path) -> DossierCase:
    return build_case(vault, tmp_path / "received")


@pytest.fixture
def dossier(vault: Vault, case: DossierCase, tmp_path: Path) -> Path:
    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    return tmp_path / "dossier"


def manifest_of(dossier: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))


def pdf_text(dossier: Path) -> str:
    result = run("pdftotext", "-layout", str(dossier / "dossier.pdf"), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_bundle_has_every_file_of_the_design(dossier: Path) -> None:
    names = sorted(p.name for p in dossier.iterdir())
    assert names == [
        "SHA256SUMS",
        "VERIFY.txt",
        "dossier.pdf",
        "dossier.pdf.minisig",
        "evidence",
        "manifest.json",
        "manifest.json.minisig",
        "signer.pub",
    ]


def test_sha256sum_accepts_every_file(dossier: Path) -> None:
    result = run("sha256sum", "-c", "SHA256SUMS", cwd=dossier)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len([p for p in dossier.rglob("*") if p.is_file()]) - 1


def test_minisign_verifies_the_manifest_with_the_signer_key(dossier: Path) -> None:
    result = run("minisign", "-Vm", "manifest.json", "-p", "signer.pub", cwd=dossier)
    assert result.returncode == 0, result.stderr
    assert "Signature and comment signature verified" in result.stdout + result.stderr


def test_evidence_files_are_the_originals_byte_for_byte(
    dossier: Path, case: DossierCase, tmp_path: Path
) -> None:
    originals = {p.name: p.read_bytes() for p in (tmp_path / "received").iterdir()}
    exported = {p.name.split("_", 1)[1]: p.read_bytes() for p in (dossier / "evidence").iterdir()}
    assert exported == {
        "cell_ШИЗО.jpg": originals["cell_ШИЗО.jpg"],
        "письмо.txt": originals["письмо.txt"],
    }
    exhibits = manifest_of(dossier)["exhibits"]
    assert [e["number"] for e in exhibits] == [f"{CASE}-E0001", f"{CASE}-E0002"]
    assert all(e["file"].startswith(f"evidence/{e['number']}_") for e in exhibits)


def test_only_material_with_legal_consent_goes_in_and_the_rest_is_reported(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    result = export_service.export_accountability(vault, CASE, tmp_path / "out")
    manifest = manifest_of(tmp_path / "out")
    assert {e["sha256"] for e in manifest["exhibits"]} == {
        case.consented_photo,
        case.unlinked_letter,
    }
    assert [t["ref"] for t in manifest["testimonies"]] == ["t-1"]
    assert result.exhibits == 2
    assert sorted(o["kind"] for o in manifest["omitted"]) == ["exhibit", "exhibit", "testimony"]
    reasons = " ".join(result.omitted)
    assert "withdrawn" in reasons and "not for courts and investigators" in reasons
    # The person exporting is told exactly what was left out …
    assert case.unconsented_photo[:12] in reasons and "t-2" in reasons
    # … but the dossier names neither the material nor the people left out.
    text = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8") + pdf_text(
        tmp_path / "out"
    )
    for secret in (case.unconsented_photo, case.withdrawn_photo, "Секретне", "p-018", "p-020"):
        assert secret not in text


def test_the_dossier_never_carries_full_names(dossier: Path) -> None:
    text = (dossier / "manifest.json").read_text(encoding="utf-8") + pdf_text(dossier)
    assert "Сидоров" not in text and "Петренко" not in text
    assert "W-001" in text  # the witness's pseudonym stands in


def test_the_pdf_embeds_its_fonts_and_renders_cyrillic(dossier: Path) -> None:
    fonts = run("pdffonts", str(dossier / "dossier.pdf"))
    rows = fonts.stdout.splitlines()[2:]
    assert rows, fonts.stdout
    for row in rows:
        assert "TrueType" in row and " yes yes yes " in row, row  # embedded, subset, unicode
    text = pdf_text(dossier)
    assert CASE_TITLE in text
    assert "Его избивали дубинками в ШИЗО" in text
    assert "Камера ШИЗО" in text


def test_each_full_sha256_is_on_one_line_and_every_page_is_numbered(
    dossier: Path, case: DossierCase
) -> None:
    text = pdf_text(dossier)
    assert any(case.consented_photo in line for line in text.splitlines())
    pages = text.split("\f")[:-1]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    exhibit_pages = [page for page in pages if f"Exhibit {CASE}-E0001:" in page]
    assert exhibit_pages and f"· Exhibit {CASE}-E0001" in exhibit_pages[0]


def test_the_pdf_carries_the_manifest_and_a_signature_by_the_signer_key(dossier: Path) -> None:
    detached = run("pdfdetach", "-list", str(dossier / "dossier.pdf"))
    assert "manifest.json" in detached.stdout
    saved = dossier.parent / "attached.json"
    run("pdfdetach", "-save", "1", "-o", str(saved), str(dossier / "dossier.pdf"))
    assert saved.read_bytes() == (dossier / "manifest.json").read_bytes()
    signatures = run("pdfsig", str(dossier / "dossier.pdf"))
    assert "Signature #1" in signatures.stdout
    assert "Signature is Valid." in signatures.stdout, signatures.stdout
    assert "Total document signed" in signatures.stdout
    certificate = manifest_of(dossier)["signer"]["pdf_certificate_sha256"]
    assert len(certificate) == 64


def test_images_in_the_pdf_carry_no_metadata(dossier: Path, tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    run("pdfimages", "-j", str(dossier / "dossier.pdf"), str(images / "img"))
    extracted = sorted(images.iterdir())
    assert extracted, "the consented photo should appear in the PDF"
    for image in extracted:
        tags = run("exiftool", "-json", "-GPS:all", "-EXIF:all", str(image))
        found = json.loads(tags.stdout)[0]
        assert not [key for key in found if key.startswith("GPS")], found


def test_the_export_is_logged_with_the_manifest_hash_after_a_checkpoint(
    vault: Vault, dossier: Path
) -> None:
    import hashlib

    events = custody_log(vault)
    assert events[-1].action == "export.created"
    assert (
        events[-1].subject_sha256
        == hashlib.sha256((dossier / "manifest.json").read_bytes()).hexdigest()
    )
    assert events[-2].action == "checkpoint"
    manifest = manifest_of(dossier)
    assert manifest["checkpoint"]["size"] == events[-2].seq - 1
    assert verify_service.verify_vault(vault, full=True).ok


def test_verify_dossier_accepts_an_untouched_folder_and_zip(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    result = export_service.export_accountability(vault, CASE, tmp_path / "bundle", as_zip=True)
    assert result.path == tmp_path / "bundle.zip"
    assert not (tmp_path / "bundle").exists()
    report = export_service.check_dossier(result.path)
    assert report.ok, report.problems
    assert report.exhibits == 2 and report.events >= 2
    with zipfile.ZipFile(result.path) as archive:
        archive.extractall(tmp_path / "unzipped")
    assert (
        run("sha256sum", "-c", "SHA256SUMS", cwd=tmp_path / "unzipped" / "bundle").returncode == 0
    )


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))


def _change_signature(path: Path) -> None:
    lines = path.read_text().split("\n")
    lines[1] = lines[1][:20] + ("A" if lines[1][20] != "A" else "B") + lines[1][21:]
    path.write_text("\n".join(lines))


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (
            lambda d: _flip_last_byte(next((d / "evidence").glob(f"{CASE}-E0001_*"))),
            f"evidence/{CASE}-E0001_",
        ),
        (lambda d: next((d / "evidence").glob(f"{CASE}-E0002_*")).unlink(), "is missing"),
        (
            lambda d: (d / "evidence" / f"{CASE}-E0004_planted.jpg").write_bytes(b"x"),
            "not listed",
        ),
        (
            lambda d: (d / "manifest.json").write_text(
                (d / "manifest.json").read_text(encoding="utf-8").replace("Камера", "Камеры"),
                encoding="utf-8",
            ),
            "manifest.json's signature fails",
        ),
        (lambda d: _change_signature(d / "manifest.json.minisig"), "manifest.json's signature"),
        (lambda d: _flip_last_byte(d / "dossier.pdf"), "dossier.pdf"),
        (
            lambda d: (d / "dossier.pdf").write_bytes(
                (d / "dossier.pdf").read_bytes() + b"\n% appended after signing\n"
            ),
            "dossier.pdf",
        ),
        (lambda d: (d / "signer.pub").write_text("untrusted comment: x\nAAAA\n"), "signer.pub"),
    ],
    ids=[
        "flipped-evidence",
        "deleted-evidence",
        "planted-file",
        "edited-manifest",
        "bad-signature",
        "edited-pdf",
        "appended-pdf",
        "replaced-key",
    ],
)
def test_verify_dossier_names_what_was_tampered_with(dossier: Path, tamper, expected: str) -> None:  # type: ignore[no-untyped-def]
    tamper(dossier)
    report = export_service.check_dossier(dossier)
    assert not report.ok
    assert any(expected in problem for problem in report.problems), report.problems


def test_an_edited_custody_event_fails_its_proof_even_with_sums_redone(dossier: Path) -> None:
    """A forger who edits an event and recomputes SHA256SUMS still cannot re-sign."""
    manifest = manifest_of(dossier)
    manifest["exhibits"][0]["custody"][0]["details"]["source"] = "someone else"
    (dossier / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = export_service.check_dossier(dossier)
    assert any("does not match its hash" in p for p in report.problems), report.problems
    assert any("manifest.json's signature fails" in p for p in report.problems)


def test_an_unknown_case_or_an_existing_destination_is_refused(
    vault: Vault, dossier: Path, tmp_path: Path
) -> None:
    with pytest.raises(BadInput, match="no case 'case-nowhere'"):
        export_service.export_accountability(vault, "case-nowhere", tmp_path / "x")
    with pytest.raises(BadInput, match="already exists"):
        export_service.export_accountability(vault, CASE, dossier)


def test_a_cancelled_export_leaves_nothing_behind(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    class CancelAfterStart:
        calls = 0

        def report(self, fraction: float | None, message: str = "") -> None:
            self.calls += 1

        def cancel_requested(self) -> bool:
            return self.calls > 2

    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_service.export_accountability(
            vault, CASE, out / "dossier", progress=CancelAfterStart()
        )
    assert list(out.iterdir()) == []
    assert "export.created" not in [e.action for e in custody_log(vault)]
