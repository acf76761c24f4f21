"""`verify-dossier`: check an accountability dossier (folder or zip) without any vault.

Every file against SHA256SUMS and the manifest, the manifest's minisign signature, the
checkpoint's signature, every custody event's hash, signature and inclusion proof, and the
PDF's signature and attached manifest. The report names exactly what fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import nacl.signing

from evidence_app.core.errors import BadInput
from evidence_app.core.progress import NoProgress, Progress, check_cancelled
from evidence_app.custody.checkpoint import CheckpointError, parse_signed_checkpoint
from evidence_app.custody.proofs import exported_event_problem
from evidence_app.export.minisign import MinisignError, read_public_key, verify
from evidence_app.export.pdf_signature import check_signed_pdf

REQUIRED = ("SHA256SUMS", "manifest.json", "manifest.json.minisig", "signer.pub", "dossier.pdf")
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
_CHUNK = 1 << 20


@dataclass
class DossierReport:
    files_checked: int = 0
    exhibits: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files_checked": self.files_checked,
            "exhibits": self.exhibits,
            "events": self.events,
            "problems": self.problems,
        }


class _Bundle:
    """The dossier's files, read in place from a folder or straight out of a zip (never
    unpacked to a temporary folder). Names are relative POSIX paths."""

    def __init__(self, path: Path) -> None:
        self._folder: Path | None = None
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        if path.is_dir():
            self._folder = path
            self.names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
            return
        if not zipfile.is_zipfile(path):
            raise BadInput(f"{path} is neither a dossier folder nor a zip file.")
        self._zip = zipfile.ZipFile(path)
        members = [m.filename for m in self._zip.infolist() if not m.is_dir()]
        tops = {PurePosixPath(m).parts[0] for m in members}
        if len(tops) == 1 and all("/" in m for m in members):
            self._prefix = tops.pop() + "/"  # a zip of the dossier folder itself
        self.names = sorted(m[len(self._prefix) :] for m in members)

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._prefix + name)
        assert self._folder is not None
        return open(self._folder / name, "rb")

    def read(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def has(self, name: str) -> bool:
        return name in self.names

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _sha256_and_size(bundle: _Bundle, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with bundle.open(name) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def verify_dossier(path: Path, progress: Progress | None = None) -> DossierReport:
    progress = progress or NoProgress()
    if not path.exists():
        raise BadInput(f"{path} does not exist.")
    report = DossierReport()
    try:
        bundle = _Bundle(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BadInput(f"{path} cannot be read: {error}.") from None
    try:
        _verify(bundle, report, progress)
    except (zipfile.BadZipFile, OSError) as error:
        report.problems.append(f"the dossier cannot be read completely ({error})")
    finally:
        bundle.close()
    return report


def _verify(bundle: _Bundle, report: DossierReport, progress: Progress) -> None:
    missing = [name for name in REQUIRED if not bundle.has(name)]
    report.problems += [f"{name} is missing" for name in missing]
    if "manifest.json" in missing or "signer.pub" in missing:
        return
    actual = _check_sums(bundle, report, progress)
    public_key = _check_manifest_signature(bundle, report)
    manifest_bytes = bundle.read("manifest.json")
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        report.problems.append("manifest.json is not valid JSON")
        return
    if public_key is None:
        return
    _check_exhibits(manifest, actual, report)
    _check_custody(manifest, public_key, report)
    if bundle.has("dossier.pdf"):
        progress.report(None, "Checking the PDF signature")
        certificate = str(manifest.get("signer", {}).get("pdf_certificate_sha256", ""))
        pdf = check_signed_pdf(bundle.read("dossier.pdf"), certificate)
        report.problems += pdf.problems
        if pdf.attachment is None:
            report.problems.append("dossier.pdf does not carry manifest.json as an attachment")
        elif pdf.attachment != manifest_bytes:
            report.problems.append(
                "the manifest attached to dossier.pdf differs from manifest.json"
            )


def _check_sums(
    bundle: _Bundle, report: DossierReport, progress: Progress
) -> dict[str, tuple[str, int]]:
    """Hash every file; compare with SHA256SUMS. Returns name → (actual SHA-256, size)."""
    listed: dict[str, str] = {}
    if bundle.has("SHA256SUMS"):
        text = bundle.read("SHA256SUMS").decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            match = _SUM_LINE.match(line)
            if not match:
                report.problems.append(f"SHA256SUMS line {number} is malformed")
                continue
            listed[match.group(2)] = match.group(1).lower()
    actual: dict[str, tuple[str, int]] = {}
    for index, name in enumerate(bundle.names):
        check_cancelled(progress)
        progress.report(index / max(len(bundle.names), 1), f"Hashing {name}")
        actual[name] = _sha256_and_size(bundle, name)
        report.files_checked += 1
        if name == "SHA256SUMS":
            continue
        if name not in listed:
            report.problems.append(f"{name} is not listed in SHA256SUMS (added to the dossier?)")
        elif listed[name] != actual[name][0]:
            report.problems.append(f"{name} does not match its SHA-256 in SHA256SUMS")
    for name in sorted(set(listed) - set(bundle.names)):
        report.problems.append(f"{name} is listed in SHA256SUMS but missing")
    return actual


def _check_manifest_signature(bundle: _Bundle, report: DossierReport) -> bytes | None:
    try:
        public_key = read_public_key(bundle.read("signer.pub").decode("utf-8"))
    except (MinisignError, UnicodeDecodeError) as error:
        report.problems.append(f"signer.pub is not a usable minisign public key ({error})")
        return None
    if bundle.has("manifest.json.minisig"):
        try:
            verify(
                bundle.read("manifest.json"),
                bundle.read("manifest.json.minisig").decode("utf-8", errors="replace"),
                public_key,
            )
        except MinisignError as error:
            report.problems.append(f"manifest.json's signature fails: {error}")
    return public_key


def _check_exhibits(
    manifest: dict[str, Any], actual: dict[str, tuple[str, int]], report: DossierReport
) -> None:
    exhibits = manifest.get("exhibits", [])
    report.exhibits = len(exhibits)
    for exhibit in exhibits:
        name = str(exhibit.get("file", ""))
        label = f"exhibit {exhibit.get('number')} ({name})"
        if name not in actual:
            report.problems.append(f"{label} is missing from the dossier")
            continue
        sha256, size = actual[name]
        if sha256 != exhibit.get("sha256"):
            report.problems.append(f"{label} does not match the SHA-256 in the signed manifest")
        if size != exhibit.get("size"):
            report.problems.append(f"{label} does not have the size in the signed manifest")


def _check_custody(manifest: dict[str, Any], public_key: bytes, report: DossierReport) -> None:
    verify_key = nacl.signing.VerifyKey(public_key)
    signer = manifest.get("signer", {})
    checkpoint = manifest.get("checkpoint", {})
    try:
        head = parse_signed_checkpoint(
            str(checkpoint.get("note", "")), str(checkpoint.get("origin", "")), verify_key
        )
    except CheckpointError as error:
        report.problems.append(f"the checkpoint fails: {error}")
        return
    if head.size != checkpoint.get("size") or head.root.hex() != checkpoint.get("root_sha256"):
        report.problems.append("the checkpoint's stated size or root differs from its signed note")
    if signer.get("fingerprint_sha256") != hashlib.sha256(public_key).hexdigest():
        report.problems.append("the manifest names a signer key other than signer.pub")

    def check(event: dict[str, Any], where: str) -> None:
        report.events += 1
        problem = exported_event_problem(event, verify_key, head.size, head.root)
        if problem is not None:
            report.problems.append(f"custody event {event.get('seq')} of {where}: {problem}")

    for exhibit in manifest.get("exhibits", []):
        where = f"exhibit {exhibit.get('number')}"
        events = exhibit.get("custody", [])
        if not events:
            report.problems.append(f"{where} has no custody events")
        for event in events:
            check(event, where)
            if event.get("action") == "item.ingested" and event.get(
                "subject_sha256"
            ) != exhibit.get("sha256"):
                report.problems.append(f"{where}: its ingest event records another SHA-256")
    kinds = {"testimonies": "testimony", "incidents": "incident", "findings": "finding"}
    for section, kind in kinds.items():
        for record in manifest.get(section, []):
            for event in record.get("custody", []):
                check(event, f"{kind} {record.get('ref')}")
                if event.get("subject_sha256") != record.get("revision_sha256"):
                    report.problems.append(
                        f"record {record.get('ref')}: its custody event records another revision"
                    )
