"""`export accountability`, `export exhibition`, `items redact`, `items regions` and
`verify-dossier`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case
from tests.export.face_case import ingest_face_case


def test_export_then_verify_dossier_without_a_vault(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        case = build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    exported = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"), "--json", *unlock
    )
    assert exported.code == 0, exported.err
    result = json.loads(exported.out)
    assert result["exhibits"] == 2 and len(result["omitted"]) == 3

    # No vault, no secret: a legal team's machine.
    checked = evidence_app("verify-dossier", str(tmp_path / "d"))
    assert checked.code == 0, checked.out + checked.err
    assert "The dossier verifies" in checked.out

    evidence = next((tmp_path / "d" / "evidence").glob(f"{CASE}-E0001_*"))
    evidence.write_bytes(evidence.read_bytes() + b"\0")
    failed = evidence_app("verify-dossier", str(tmp_path / "d"), "--json")
    assert failed.code == 1
    problems = json.loads(failed.out)["problems"]
    assert any(evidence.name in problem for problem in problems)

    again = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"), *unlock
    )
    assert again.code == 2 and "already exists" in again.err and "Traceback" not in again.err

    missing = evidence_app("verify-dossier", str(tmp_path / "nowhere"))
    assert missing.code == 2 and "does not exist" in missing.err

    assert case.consented_photo


def test_export_accountability_in_ukrainian_and_a_language_it_cannot(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    export = ["export", "accountability", "--case", CASE, *unlock]

    exported = evidence_app(*export, "-o", str(tmp_path / "d"), "--language", "uk")
    assert exported.code == 0, exported.err
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "uk"
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "d" / "dossier.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Досьє для правосуддя" in text and "Сторінка 1 з" in text
    assert evidence_app("verify-dossier", str(tmp_path / "d")).code == 0

    refused = evidence_app(*export, "-o", str(tmp_path / "e"), "--language", "de")
    assert refused.code == 2 and "Traceback" not in refused.err
    assert not (tmp_path / "e").exists()


def test_redact_and_export_an_exhibition(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        case = build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    marked = evidence_app(
        "items", "redact", case.unconsented_photo[:12], "--region", "1,1,5,5", *unlock
    )
    assert marked.code == 0, marked.err
    bad = evidence_app("items", "redact", case.unconsented_photo[:12], "--region", "1,1", *unlock)
    assert bad.code == 2 and "x,y,width,height" in bad.err

    shown = evidence_app(
        "export", "exhibition", "--case", CASE, "-o", str(tmp_path / "show.pdf"), *unlock
    )
    assert shown.code == 0, shown.err
    assert "Left out" in shown.out and "look at every photograph" in shown.err
    assert (tmp_path / "show.pdf").read_bytes().startswith(b"%PDF")


def test_review_face_regions_then_export_an_exhibition(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        photo = ingest_face_case(vault, tmp_path / "received", detect=False)
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    item = photo.sha256[:12]
    show = str(tmp_path / "show.pdf")

    refused = evidence_app("export", "exhibition", "--case", CASE, "-o", show, *unlock)
    assert refused.code == 2 and "Traceback" not in refused.err
    assert f"New exhibit · {photo.sha256[:8]}" in refused.err and "items regions" in refused.err
    assert not (tmp_path / "show.pdf").exists()

    listed = evidence_app("items", "regions", item, "--json", *unlock)
    assert listed.code == 0, listed.err
    regions = json.loads(listed.out)["regions"]
    assert [r["kind"] for r in regions] == ["proposed", "proposed"]
    left, right = sorted(regions, key=lambda r: r["box"][0])

    rejected = evidence_app("items", "regions", item, "reject", str(right["id"]), *unlock)
    assert rejected.code == 0, rejected.err
    assert f"{right['id']:>6}  rejected" in rejected.out and "undecided" in rejected.out
    not_consented = evidence_app(
        "items", "regions", item, "keep", str(left["id"]), "--person", "p-017", *unlock
    )
    assert not_consented.code == 2 and "public_named" in not_consented.err
    unknown = evidence_app("items", "regions", item, "accept", "999", *unlock)
    assert unknown.code == 2 and "no region 999" in unknown.err
    accepted = evidence_app("items", "regions", item, "accept", str(left["id"]), *unlock)
    assert accepted.code == 0 and "undecided" not in accepted.out

    shown = evidence_app("export", "exhibition", "--case", CASE, "-o", show, *unlock)
    assert shown.code == 0, shown.err
    assert "Blurred: 1 accepted face regions" in shown.out

    log = json.loads(evidence_app("log", "--json", *unlock).out)
    decisions = [e["details"] for e in log if e["action"] == "item.region_decided"]
    assert [(d["region"], d["decision"]) for d in decisions] == [
        (right["id"], "reject"),
        (left["id"], "accept"),
    ]


def test_the_declarant_options_sign_a_declaration_that_verify_dossier_names(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    export = ["export", "accountability", "--case", CASE, *unlock]
    declarant = ["--declarant-name", "Olena Koval", "--declarant-role", "field researcher"]

    exported = evidence_app(*export, "-o", str(tmp_path / "d"), *declarant)
    assert exported.code == 0, exported.err
    assert "Declaration signed for Olena Koval (field researcher)." in exported.out
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["declaration"]["declarant"] == {
        "name": "Olena Koval",
        "role": "field researcher",
        "organisation": "",
    }
    checked = evidence_app("verify-dossier", str(tmp_path / "d"))
    assert checked.code == 0, checked.out + checked.err
    assert "Declared by Olena Koval, field researcher" in checked.out

    # Without the options the dossier is made, and says that nobody declared anything.
    internal = evidence_app(*export, "-o", str(tmp_path / "internal"), "--json")
    assert internal.code == 0 and json.loads(internal.out)["declarant"] is None
    checked = evidence_app("verify-dossier", str(tmp_path / "internal"))
    assert "No declaration was made" in checked.out

    # An organisation alone is not a declarant.
    refused = evidence_app(
        *export, "-o", str(tmp_path / "x"), "--declarant-organisation", "Memorial"
    )
    assert refused.code == 2 and "needs the name and the role" in refused.err
    assert "Traceback" not in refused.err and not (tmp_path / "x").exists()
