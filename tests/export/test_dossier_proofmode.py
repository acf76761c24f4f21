"""An exhibit that came in a ProofMode bundle: its exhibit page and manifest say what
checking the bundle's signatures found, in the dossier's language."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from evidence_app.core import export_service, ingest_service
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, build_case
from tests.ingest import camera_files
from tests.media.proofmode_bundles import bundle, new_key


def test_the_exhibit_page_prints_the_proofmode_result_and_full_key(
    vault: Vault, tmp_path: Path
) -> None:
    photo = camera_files.with_gps(b"N", camera_files.dms(55.1), b"E", camera_files.dms(61.6))
    case = build_case(vault, tmp_path / "received", consented_photo=photo)
    key = new_key()
    fingerprint = key.extract_certificate().fingerprint.upper()
    proof = tmp_path / "proof.zip"
    proof.write_bytes(bundle(photo, name="cell.jpg", key=key))
    report = ingest_service.ingest_paths(vault, [proof], source="ProofMode share")
    [inner] = report.outcomes[0].contained
    assert inner.sha256 == case.consented_photo

    export_service.export_accountability(vault, CASE, tmp_path / "dossier", language="ru")
    manifest = json.loads((tmp_path / "dossier" / "manifest.json").read_text(encoding="utf-8"))
    [exhibit] = [e for e in manifest["exhibits"] if e["sha256"] == case.consented_photo]
    [credential] = exhibit["credentials"]
    assert credential["status"] == "valid" and credential["key_fingerprint"] == fingerprint
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "dossier" / "dossier.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spaced = " ".join(fingerprint[i : i + 4] for i in range(0, 40, 4))
    flat = " ".join(text.split())
    assert "ProofMode" in flat and f"Подпись верна, ключ {spaced}" in flat
    # Exhibits that came loose say nothing of ProofMode.
    assert flat.count("Подпись верна") == 1
