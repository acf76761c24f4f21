"""`verify-dossier`: check an accountability dossier (folder or zip) without any vault.

Every file against SHA256SUMS and the manifest, the manifest's and the PDF's minisign
signatures, the checkpoint's signature, every custody event's hash, signature and inclusion
proof, the PDF's own signature and attached manifest, and the exporter's declaration. The
report names the signer's key first (a dossier brings its own key, so only its fingerprint
says who signed), fails any key other than an expected one, and names exactly what fails.
With a previous edition it also proves that this dossier's custody log extends that
edition's.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.signing

from evidence_app.crypto.identity import fingerprint
from evidence_app.custody.checkpoint import CheckpointError, parse_signed_checkpoint
from evidence_app.custody.proofs import exported_event_problem
from evidence_app.export.declaration import declaration_problems, declared_by
from evidence_app.export.dossier_bundle import LIMITS, Bundle, OversizedMember
from evidence_app.export.dossier_editions import EditionHead, extension_problem
from evidence_app.export.dossier_signer import SignerIdentity
from evidence_app.export.minisign import (
    MinisignError,
    prehash,
    read_public_key,
    verify_prehashed,
)
from evidence_app.export.pdf_signature import check_signed_pdf
from evidence_app.kernel.errors import BadInput
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled

REQUIRED = (
    "SHA256SUMS",
    "manifest.json",
    "manifest.json.minisig",
    "signer.pub",
    "dossier.pdf",
    "dossier.pdf.minisig",
)
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


READING, FILES, SIGNER, SIGNER_PINNED = "reading", "files", "signer", "signer_pinned"
SIGNATURES, EXHIBITS, CHECKPOINT, CUSTODY, CONSENT, PDF, DECLARATION, PREVIOUS = (
    "signatures",
    "exhibits",
    "checkpoint",
    "custody",
    "consent",
    "pdf",
    "declaration",
    "previous",
)
# Each check, in the order a reader follows them, with what passing it proves.
CHECKS = {
    READING: "Every file of the dossier can be read, within safe bounds",
    FILES: "Every file matches SHA256SUMS, and nothing was added or removed",
    SIGNER: "signer.pub is a usable key and the manifest names it",
    SIGNER_PINNED: "The dossier is signed by the expected key",
    SIGNATURES: "manifest.json and dossier.pdf carry valid signatures by that key",
    EXHIBITS: "Every evidence file matches the SHA-256 and size in the signed manifest",
    CHECKPOINT: "The custody log's checkpoint is signed by that key",
    CUSTODY: "Every custody event is signed and proven to be in the checkpoint's log",
    CONSENT: (
        "Every person linked to an exhibit or testimony gave consent to legal use, recorded "
        "by custody events that are signed and proven to be in the checkpoint's log"
    ),
    PDF: "dossier.pdf's PDF signature is valid and it carries this manifest",
    DECLARATION: "The exporter's declaration is signed by that key and names this dossier",
    PREVIOUS: "The custody log extends the previous edition's, with no fork or rollback",
}


@dataclass(frozen=True)
class ExhibitCustody:
    """An exhibit as the signed manifest describes it, with its custody in order."""

    number: str
    file: str
    sha256: str
    events: list[tuple[str, str, str]]  # (time, action, actor's name)


@dataclass
class DossierReport:
    files_checked: int = 0
    exhibits: int = 0
    events: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # check → what failed
    custody: list[ExhibitCustody] = field(default_factory=list)
    signer: SignerIdentity | None = None
    expected_signer: str | None = None  # the fingerprint pinned with --signer
    head: EditionHead | None = None
    previous: str | None = None  # the previous edition this one was checked against
    # Who declared the exhibits to be the files as received, as the manifest names them
    # (name, role, organisation); None when the dossier was exported without a declaration.
    declarant: dict[str, str] | None = None

    def fail(self, check: str, problem: str) -> None:
        self.failures.setdefault(check, []).append(problem)

    @property
    def problems(self) -> list[str]:
        return [problem for check in CHECKS for problem in self.failures.get(check, [])]

    @property
    def ok(self) -> bool:
        return not self.failures

    def checks(self) -> list[tuple[str, str, list[str]]]:
        """(check, what it proves, its failures) for every check this report made."""
        asked = {
            SIGNER_PINNED: self.expected_signer is not None,
            PREVIOUS: bool(self.previous),
            DECLARATION: self.declarant is not None,
        }
        return [
            (check, proves, self.failures.get(check, []))
            for check, proves in CHECKS.items()
            if asked.get(check, True) or check in self.failures
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "signer": self.signer.to_json() if self.signer else None,
            "expected_signer": self.expected_signer,
            "checkpoint": (
                {"origin": self.head.origin, "size": self.head.size, "root": self.head.root.hex()}
                if self.head
                else None
            ),
            "previous": self.previous,
            "declarant": self.declarant,
            "files_checked": self.files_checked,
            "exhibits": self.exhibits,
            "events": self.events,
            "problems": self.problems,
            "checks": [
                {"check": check, "proves": proves, "ok": not failures, "problems": failures}
                for check, proves, failures in self.checks()
            ],
        }


def verify_dossier(
    path: Path,
    progress: Progress | None = None,
    expected_signer: str | None = None,
    previous: Path | None = None,
) -> DossierReport:
    """`expected_signer` is a key fingerprint (see `dossier_signer.expected_fingerprint`)."""
    progress = progress or NoProgress()
    report, proofs = _verify_one(path, progress, expected_signer)
    if previous is None:
        return report
    older, _ = _verify_one(previous, progress, None)
    report.previous = str(previous)
    for failure in older.problems:
        report.fail(PREVIOUS, f"the previous edition ({previous}): {failure}")
    if report.head is not None and older.head is not None:
        problem = extension_problem(report.head, older.head, proofs)
        if problem is not None:
            report.fail(PREVIOUS, problem)
    elif report.ok:
        report.fail(PREVIOUS, "the previous edition's checkpoint cannot be checked")
    return report


def _verify_one(
    path: Path, progress: Progress, expected_signer: str | None
) -> tuple[DossierReport, list[dict[str, Any]]]:
    """The report, and the consistency proofs the manifest carries (for `--previous`)."""
    if not path.exists():
        raise BadInput(f"{path} does not exist.")
    report = DossierReport(expected_signer=expected_signer)
    try:
        bundle = Bundle(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BadInput(f"{path} cannot be read: {error}.") from None
    manifest: dict[str, Any] = {}
    try:
        manifest = _verify(bundle, report, progress)
    except OversizedMember as error:
        if str(error) not in report.problems:
            report.fail(READING, str(error))
    except (zipfile.BadZipFile, OSError) as error:
        report.fail(READING, f"the dossier cannot be read completely ({error})")
    finally:
        bundle.close()
    proofs = manifest.get("checkpoint", {}).get("consistency", [])
    return report, proofs if isinstance(proofs, list) else []


def _verify(bundle: Bundle, report: DossierReport, progress: Progress) -> dict[str, Any]:
    missing = [name for name in REQUIRED if not bundle.has(name)]
    for name in missing:
        report.fail(READING, f"{name} is missing")
    if "manifest.json" in missing or "signer.pub" in missing:
        return {}
    actual, pdf_prehash = _check_sums(bundle, report, progress)
    public_key = _signer_key(bundle, report)
    manifest_bytes = bundle.read("manifest.json")
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        report.fail(READING, "manifest.json is not valid JSON")
        return {}
    if public_key is None:
        return manifest
    report.signer = SignerIdentity.of(public_key, str(manifest.get("signer", {}).get("name")))
    if report.expected_signer and report.signer.fingerprint != report.expected_signer:
        report.fail(
            SIGNER_PINNED,
            f"the dossier is signed by key {report.signer.fingerprint}, "
            f"not by the expected signer {report.expected_signer}",
        )
    _check_signature(bundle, "manifest.json", prehash([manifest_bytes]), public_key, report)
    if pdf_prehash is not None:
        _check_signature(bundle, "dossier.pdf", pdf_prehash, public_key, report)
    _check_exhibits(manifest, actual, report)
    _check_custody(manifest, public_key, report)
    _check_declaration(manifest, public_key, report)
    if bundle.has("dossier.pdf"):
        progress.report(None, "Checking the PDF signature")
        certificate = str(manifest.get("signer", {}).get("pdf_certificate_sha256", ""))
        with bundle.open("dossier.pdf") as stream:
            pdf = check_signed_pdf(stream, certificate, LIMITS["manifest.json"])
        for problem in pdf.problems:
            report.fail(PDF, problem)
        if pdf.attachment is None:
            report.fail(PDF, "dossier.pdf does not carry manifest.json as an attachment")
        elif pdf.attachment != manifest_bytes:
            report.fail(PDF, "the manifest attached to dossier.pdf differs from manifest.json")
    return manifest


def _check_sums(
    bundle: Bundle, report: DossierReport, progress: Progress
) -> tuple[dict[str, tuple[str, int]], bytes | None]:
    """Hash every file once; compare with SHA256SUMS. Returns name → (actual SHA-256,
    size), and the PDF's BLAKE2b prehash for its minisign signature."""
    listed: dict[str, str] = {}
    if bundle.has("SHA256SUMS"):
        text = bundle.read("SHA256SUMS").decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            match = _SUM_LINE.match(line)
            if not match:
                report.fail(FILES, f"SHA256SUMS line {number} is malformed")
                continue
            listed[match.group(2)] = match.group(1).lower()
    actual: dict[str, tuple[str, int]] = {}
    pdf_prehash: bytes | None = None
    for index, name in enumerate(bundle.names):
        check_cancelled(progress)
        progress.report(index / max(len(bundle.names), 1), f"Hashing {name}")
        digest, blake, size = hashlib.sha256(), hashlib.blake2b(digest_size=64), 0
        try:
            for chunk in bundle.chunks(name):
                digest.update(chunk)
                size += len(chunk)
                if name == "dossier.pdf":
                    blake.update(chunk)
        except OversizedMember as error:
            report.fail(READING, str(error))
            continue
        actual[name] = (digest.hexdigest(), size)
        if name == "dossier.pdf":
            pdf_prehash = blake.digest()
        report.files_checked += 1
        if name == "SHA256SUMS":
            continue
        if name not in listed:
            report.fail(FILES, f"{name} is not listed in SHA256SUMS (added to the dossier?)")
        elif listed[name] != actual[name][0]:
            report.fail(FILES, f"{name} does not match its SHA-256 in SHA256SUMS")
    for name in sorted(set(listed) - set(bundle.names)):
        report.fail(FILES, f"{name} is listed in SHA256SUMS but missing")
    return actual, pdf_prehash


def _signer_key(bundle: Bundle, report: DossierReport) -> bytes | None:
    try:
        return read_public_key(bundle.read("signer.pub").decode("utf-8"))
    except (MinisignError, UnicodeDecodeError) as error:
        report.fail(SIGNER, f"signer.pub is not a usable minisign public key ({error})")
        return None


def _check_signature(
    bundle: Bundle, name: str, digest: bytes, public_key: bytes, report: DossierReport
) -> None:
    """`name`.minisig must be the signer's signature of `name`, whose prehash is `digest`."""
    if not bundle.has(f"{name}.minisig"):
        return
    signature = bundle.read(f"{name}.minisig").decode("utf-8", errors="replace")
    try:
        verify_prehashed(digest, signature, public_key)
    except MinisignError as error:
        report.fail(SIGNATURES, f"{name}'s signature fails: {error}")


def _check_exhibits(
    manifest: dict[str, Any], actual: dict[str, tuple[str, int]], report: DossierReport
) -> None:
    exhibits = manifest.get("exhibits", [])
    report.exhibits = len(exhibits)
    listed = Counter(str(exhibit.get("number")) for exhibit in exhibits)
    listed.update(str(gap.get("number")) for gap in manifest.get("not_included", []))
    for number in sorted(number for number, times in listed.items() if times > 1):
        report.fail(EXHIBITS, f"exhibit number {number} is listed more than once")
    for exhibit in exhibits:
        name = str(exhibit.get("file", ""))
        report.custody.append(
            ExhibitCustody(
                str(exhibit.get("number", "")),
                name,
                str(exhibit.get("sha256", "")),
                [
                    (
                        str(event.get("time", "")),
                        str(event.get("action", "")),
                        _actor_name(event.get("actor")),
                    )
                    for event in exhibit.get("custody", [])
                    if isinstance(event, dict)
                ],
            )
        )
        label = f"exhibit {exhibit.get('number')} ({name})"
        if name not in actual:
            report.fail(EXHIBITS, f"{label} is missing from the dossier")
            continue
        sha256, size = actual[name]
        if sha256 != exhibit.get("sha256"):
            report.fail(EXHIBITS, f"{label} does not match the SHA-256 in the signed manifest")
        if size != exhibit.get("size"):
            report.fail(EXHIBITS, f"{label} does not have the size in the signed manifest")


def _numbered_otherwise(event: dict[str, Any], case: Any, number: Any) -> bool:
    """Whether `event` gave the item a number in this case other than the manifest's: a
    number, once given, is the item's for ever (exhibit numbers, DESIGN §8)."""
    details = event.get("details")
    if event.get("action") != "exhibit.numbered" or not isinstance(details, dict):
        return False
    return bool(details.get("case") == case and details.get("number") != number)


def _actor_name(actor: Any) -> str:
    return str(actor.get("name", "")) if isinstance(actor, dict) else ""


def _check_custody(manifest: dict[str, Any], public_key: bytes, report: DossierReport) -> None:
    verify_key = nacl.signing.VerifyKey(public_key)
    signer = manifest.get("signer", {})
    checkpoint = manifest.get("checkpoint", {})
    try:
        head = parse_signed_checkpoint(
            str(checkpoint.get("note", "")), str(checkpoint.get("origin", "")), verify_key
        )
    except CheckpointError as error:
        report.fail(CHECKPOINT, f"the checkpoint fails: {error}")
        return
    if head.size != checkpoint.get("size") or head.root.hex() != checkpoint.get("root_sha256"):
        report.fail(CHECKPOINT, "the checkpoint's stated size or root differs from its signed note")
    report.head = EditionHead(fingerprint(public_key), head.origin, head.size, head.root)
    if signer.get("fingerprint_sha256") != fingerprint(public_key):
        report.fail(SIGNER, "the manifest names a signer key other than signer.pub")

    def check(event: dict[str, Any], where: str, under: str = CUSTODY) -> None:
        report.events += 1
        problem = exported_event_problem(event, verify_key, head.size, head.root)
        if problem is not None:
            report.fail(under, f"custody event {event.get('seq')} of {where}: {problem}")

    case = manifest.get("case", {}).get("ref") if isinstance(manifest.get("case"), dict) else None
    for exhibit in manifest.get("exhibits", []):
        where = f"exhibit {exhibit.get('number')}"
        events = exhibit.get("custody", [])
        if not events:
            report.fail(CUSTODY, f"{where} has no custody events")
        for event in events:
            check(event, where)
            if _numbered_otherwise(event, case, exhibit.get("number")):
                report.fail(CUSTODY, f"{where}: the log gave this item another number in the case")
            if event.get("action") == "item.ingested" and event.get(
                "subject_sha256"
            ) != exhibit.get("sha256"):
                report.fail(CUSTODY, f"{where}: its ingest event records another SHA-256")
    kinds = {"testimonies": "testimony", "incidents": "incident", "findings": "finding"}
    for section, kind in kinds.items():
        for record in manifest.get(section, []):
            for event in record.get("custody", []):
                check(event, f"{kind} {record.get('ref')}")
                if event.get("subject_sha256") != record.get("revision_sha256"):
                    report.fail(
                        CUSTODY,
                        f"record {record.get('ref')}: its custody event records another revision",
                    )
    _check_consent(manifest, check, report)


def _check_consent(
    manifest: dict[str, Any],
    check: Callable[[dict[str, Any], str, str], None],
    report: DossierReport,
) -> None:
    """Everyone an exhibit or testimony is linked to has a consent entry that allows legal
    use, backed by proven events about one person; a `consent.recorded` event among them
    must state the entry's scope and date."""
    material = [
        (f"exhibit {exhibit.get('number')}", exhibit, exhibit.get("links", {}).get("people", []))
        for exhibit in manifest.get("exhibits", [])
    ]
    people = manifest.get("people", {})
    material += [
        (
            f"testimony {record.get('ref')}",
            record,
            [people.get(witness, witness)] if (witness := record["content"].get("witness")) else [],
        )
        for record in manifest.get("testimonies", [])
        if isinstance(record.get("content"), dict)
    ]
    for where, subject, linked in material:
        if "consent" not in subject:
            continue  # a dossier made before consent was carried: nothing to check
        entries = [entry for entry in subject["consent"] if isinstance(entry, dict)]
        for person in sorted(set(linked) - {entry.get("person") for entry in entries}):
            report.fail(CONSENT, f"{where}: no consent to legal use is given for {person}")
        for entry in entries:
            named = f"{where}: consent of {entry.get('person')} given on {entry.get('given_on')}"
            events = entry.get("custody", [])
            if entry.get("scope") != "legal":
                report.fail(CONSENT, f"{named} does not allow legal use")
            if not events:
                report.fail(CONSENT, f"{named} has no custody event that recorded it")
            for event in events:
                check(event, named, CONSENT)
                details = event.get("details") or {}
                stated = (details.get("scope"), details.get("given_on"))
                if event.get("action") == "consent.recorded" and stated != (
                    entry.get("scope"),
                    entry.get("given_on"),
                ):
                    report.fail(
                        CONSENT, f"{named}: event {event.get('seq')} records another consent"
                    )
            if len({event.get("subject") for event in events}) > 1:
                report.fail(CONSENT, f"{named}: its events concern different people")


def _check_declaration(manifest: dict[str, Any], public_key: bytes, report: DossierReport) -> None:
    report.declarant = declared_by(manifest)
    for problem in declaration_problems(manifest, public_key):
        report.fail(DECLARATION, problem)
