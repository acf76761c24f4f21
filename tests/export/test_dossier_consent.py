"""The consent ledger of an accountability dossier: for each exhibit and testimony, the
consent entries that allow legal use, as the signed custody events that recorded them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nacl.signing
import pytest

from evidence_app.core import export_service, records_service, vault_service
from evidence_app.custody.proofs import exported_event_problem
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, DossierCase
from tests.export.dossier_records_case import build_linked_case


@pytest.fixture
def case(vault: Vault, tmp_path: Path) -> DossierCase:
    return build_linked_case(vault, tmp_path / "received")


@pytest.fixture
def dossier(vault: Vault, case: DossierCase, tmp_path: Path) -> Path:
    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    return tmp_path / "dossier"


def manifest_of(dossier: Path) -> dict[str, Any]:
    return dict(json.loads((dossier / "manifest.json").read_text(encoding="utf-8")))


def rewrite(dossier: Path, manifest: dict[str, Any]) -> None:
    (dossier / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_each_exhibit_and_testimony_carries_its_legal_consent_as_proven_events(
    vault: Vault, dossier: Path
) -> None:
    manifest = manifest_of(dossier)
    photo, letter = manifest["exhibits"]
    (testimony,) = manifest["testimonies"]
    assert letter["consent"] == []  # linked to nobody: no consent needed
    for material in (photo, testimony):
        (entry,) = material["consent"]  # legal only: the public_anonymous entry stays out
        assert {key: entry[key] for key in ("person", "scope", "given_on", "recorded_by")} == {
            "person": "W-001",
            "scope": "legal",
            "given_on": "2026-01-05",
            "recorded_by": "O. K.",
        }
        # The revision of the person's record that first held the entry, and the event
        # that names its scope and date; the person by ref, nothing else of the record.
        assert [event["action"] for event in entry["custody"]] == [
            "record.revised",
            "consent.recorded",
        ]
        assert {event["subject"] for event in entry["custody"]} == {"person:p-017"}
        recorded = entry["custody"][1]["details"]
        assert (recorded["scope"], recorded["given_on"]) == ("legal", "2026-01-05")
        checkpoint = manifest["checkpoint"]
        for event in entry["custody"]:
            problem = exported_event_problem(
                event,
                nacl.signing.VerifyKey(vault.public_key),
                checkpoint["size"],
                bytes.fromhex(checkpoint["root_sha256"]),
            )
            assert problem is None
    assert "Сидоров" not in (dossier / "manifest.json").read_text(encoding="utf-8")

    text = subprocess.run(
        ["pdftotext", "-layout", str(dossier / "dossier.pdf"), "-"], capture_output=True, text=True
    ).stdout
    ledger = [
        " ".join(line.split()) for line in text[text.index("Consent to legal use") :].splitlines()
    ]
    seqs = ", ".join(str(event["seq"]) for event in photo["consent"][0]["custody"])
    for material in (f"Exhibit {photo['number']}", "Testimony t-1"):  # one row per entry
        (row,) = [line for line in ledger if line.startswith(f"{material} W-001 ")]
        assert "W-001 courts and" in row and f"2026-01-05 O. K. {seqs}" in row
    assert f"Exhibit {letter['number']} — no person linked" in ledger
    assert "Сидоров" not in text
    for event in photo["consent"][0]["custody"]:  # each event printed in Appendix A
        assert f"Event {event['seq']}" in ledger

    report = export_service.check_dossier(dossier)
    assert report.ok, report.problems
    assert [(check, failed) for check, _, failed in report.checks() if check == "consent"] == [
        ("consent", [])
    ]


def test_an_edited_consent_event_is_named_under_the_consent_check(dossier: Path) -> None:
    """A forger who edits the consent event cannot re-sign the manifest with the key."""
    manifest = manifest_of(dossier)
    photo = manifest["exhibits"][0]
    event = photo["consent"][0]["custody"][1]
    event["details"]["recorded_by"] = "the witness in person, with a lawyer"
    rewrite(dossier, manifest)
    report = export_service.check_dossier(dossier)
    assert not report.ok
    assert report.failures["consent"] == [
        f"custody event {event['seq']} of exhibit {photo['number']}: consent of W-001 given "
        "on 2026-01-05: its content does not match its hash (it was edited)"
    ]
    assert any("manifest.json's signature fails" in p for p in report.failures["signatures"])


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (
            lambda m: m["exhibits"][0].update(consent=[]),
            "exhibit {number}: no consent to legal use is given for W-001",
        ),
        (
            lambda m: m["testimonies"][0]["consent"][0].update(scope="public_anonymous"),
            "testimony t-1: consent of W-001 given on 2026-01-05 does not allow legal use",
        ),
        (
            lambda m: m["exhibits"][0]["consent"][0].update(given_on="2022-01-01"),
            "exhibit {number}: consent of W-001 given on 2022-01-01: event {seq} records "
            "another consent",
        ),
        (
            lambda m: m["exhibits"][0]["consent"][0].update(custody=[]),
            "exhibit {number}: consent of W-001 given on 2026-01-05 has no custody event",
        ),
    ],
    ids=["consent-removed", "scope-changed", "date-changed", "events-removed"],
)
def test_a_consent_ledger_that_does_not_hold_is_named(
    dossier: Path, tamper: Any, expected: str
) -> None:
    manifest = manifest_of(dossier)
    number = manifest["exhibits"][0]["number"]
    seq = manifest["exhibits"][0]["consent"][0]["custody"][1]["seq"]
    tamper(manifest)
    rewrite(dossier, manifest)
    report = export_service.check_dossier(dossier)
    wanted = expected.format(number=number, seq=seq)
    assert any(problem.startswith(wanted) for problem in report.failures["consent"]), (
        report.failures
    )
    assert "signatures" in report.failures


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


def test_a_forged_consent_verifies_only_under_another_key(
    dossier: Path, forger: Vault, tmp_path: Path
) -> None:
    """A forger who writes in a legal consent that was never given, and exports the case
    from a vault of their own, makes a dossier that holds together: only the signer's
    fingerprint gives it away."""
    build_linked_case(forger, tmp_path / "planted")
    person = records_service.get_record(forger, "person", "p-018").body
    person["consent"].append({"scope": "legal", "given_on": "2026-02-01", "recorded_by": "O. K."})
    records_service.save_record(forger, "person", "p-018", person)
    export_service.export_accountability(forger, CASE, tmp_path / "forged")
    forged = manifest_of(tmp_path / "forged")
    claimed = [e for e in forged["exhibits"] if e["links"]["people"] == ["W-002"]]
    assert [entry["given_on"] for entry in claimed[0]["consent"]] == ["2026-02-01"]

    report = export_service.check_dossier(tmp_path / "forged")
    assert report.ok, report.problems
    genuine = manifest_of(dossier)["signer"]["fingerprint_sha256"]
    assert report.signer is not None and report.signer.fingerprint != genuine
    pinned = export_service.check_dossier(tmp_path / "forged", signer=genuine)
    assert list(pinned.failures) == ["signer_pinned"]
