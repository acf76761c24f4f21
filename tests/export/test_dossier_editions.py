"""`verify-dossier NEW --previous OLD`: NEW's custody log extends OLD's, or the check fails.

Editions from one vault link by an RFC 6962 consistency proof. A vault copied before a
change and changed differently in each copy (a fork, or a catalog rolled back and written
again), an edition from another vault, and editions given in the wrong order all fail.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from evidence_app.core import export_service, ingest_service, vault_service
from evidence_app.storage.vault import Vault
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case
from tests.records.sample_documents import add_sample_case


def add_file(vault: Vault, folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    add_sample_case(vault)
    ingest_service.ingest_paths(vault, [folder / name], source="field", case_ref=CASE)


def test_two_editions_from_one_vault_link_and_not_the_other_way_round(
    vault: Vault, tmp_path: Path
) -> None:
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "old")
    add_file(vault, tmp_path / "later", "note.txt", "a later note")
    export_service.export_accountability(vault, CASE, tmp_path / "new", as_zip=True)

    linked = export_service.check_dossier(tmp_path / "new.zip", previous=tmp_path / "old")
    assert linked.ok, linked.problems
    assert linked.previous == str(tmp_path / "old")

    cli = evidence_app(
        "verify-dossier", str(tmp_path / "new.zip"), "--previous", str(tmp_path / "old")
    )
    assert cli.code == 0, cli.err
    assert "extends the one of the previous edition" in cli.out

    swapped = export_service.check_dossier(tmp_path / "old", previous=tmp_path / "new.zip")
    assert len(swapped.problems) == 1
    assert swapped.problems[0].startswith("this dossier is older than the previous edition")


def test_editions_from_a_forked_vault_do_not_link(vault_copy: VaultCopy, tmp_path: Path) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
    fork = tmp_path / "fork"
    shutil.copytree(vault_copy.path, fork)  # the same log, key and history so far
    forked = VaultCopy(fork, vault_copy.passphrase, vault_copy.recovery_code)

    with vault_copy.open() as vault:
        add_file(vault, tmp_path / "a", "statement.txt", "what happened")
        export_service.export_accountability(vault, CASE, tmp_path / "old")
    with forked.open() as vault:
        # As many events as the original, different ones: a checkpoint of the same size
        add_file(vault, tmp_path / "b", "statement.txt", "what did not happen")
        export_service.export_accountability(vault, CASE, tmp_path / "same-size")
        add_file(vault, tmp_path / "b", "more.txt", "and more")
        export_service.export_accountability(vault, CASE, tmp_path / "new")

    def problems(new: str) -> list[str]:
        return export_service.check_dossier(tmp_path / new, previous=tmp_path / "old").problems

    assert problems("same-size") == [
        "the two editions sign different logs of "
        f"{json.loads((tmp_path / 'old' / 'manifest.json').read_text())['checkpoint']['size']} "
        "events (a fork)"
    ]
    (problem,) = problems("new")
    assert problem.startswith("the custody log does not extend the previous edition's")
    assert "a fork or a rewritten history" in problem


def test_a_fork_that_never_issued_the_old_checkpoint_has_no_proof_for_it(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
    fork = tmp_path / "fork"
    shutil.copytree(vault_copy.path, fork)
    with vault_copy.open() as vault:
        export_service.export_accountability(vault, CASE, tmp_path / "old")
    with VaultCopy(fork, vault_copy.passphrase, vault_copy.recovery_code).open() as vault:
        add_file(vault, tmp_path / "b", "x.txt", "rewritten")
        export_service.export_accountability(vault, CASE, tmp_path / "new")
    (problem,) = export_service.check_dossier(tmp_path / "new", previous=tmp_path / "old").problems
    assert problem.startswith("this dossier carries no consistency proof from the previous")


def test_an_edition_from_another_vault_fails_by_its_signer(vault: Vault, tmp_path: Path) -> None:
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "new")
    other = vault_service.create_vault(
        tmp_path / "other-vault", "another passphrase", vault.display_name, kdf_seconds=0
    )
    try:
        build_case(other.vault, tmp_path / "elsewhere")
        export_service.export_accountability(other.vault, CASE, tmp_path / "old")
    finally:
        other.vault.close()
    report = export_service.check_dossier(tmp_path / "new", previous=tmp_path / "old")
    (problem,) = report.problems
    assert problem.startswith("the previous edition was signed by another key")
    assert report.signer is not None and report.signer.fingerprint in problem
