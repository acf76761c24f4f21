"""Exporting dossiers (DESIGN §6), and checking one without a vault.

The accountability dossier is assembled in a hidden folder next to the destination the
person chose, and renamed into place only when complete (a zip likewise, under a hidden
name): a cancelled or failed export leaves nothing that could be mistaken for a dossier, and
the hidden paths are recorded first, so one killed mid-way is cleaned up at the next open
(core.export_staging). The order is what makes it provable:
exhibit numbers first (`exhibit.numbered` for items exported in the case for the first
time), then a checkpoint, so every exhibit's custody events, the giving of its number
among them, have inclusion proofs in a signed tree; then the files, the signed manifest
and the signed PDF; last `export.created`, with the manifest's SHA-256, in the same log.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from evidence_app.core.case_overview import DossierEntry, explain_left_out
from evidence_app.core.export_staging import (
    export_folder,
    hidden_path,
    recorded,
    sweep_leftovers,
)
from evidence_app.core.item_hashes import hash_missing
from evidence_app.custody.events import event_json
from evidence_app.custody.proofs import consistency_from, with_inclusion_proofs
from evidence_app.custody.tree_head import issue_checkpoint, leaf_hashes
from evidence_app.custody.write_path import write
from evidence_app.export import minisign
from evidence_app.export.accountability_pdf import build_accountability_pdf
from evidence_app.export.declaration import Declarant as Declarant  # for the shells
from evidence_app.export.declaration import make_declaration
from evidence_app.export.dossier_signer import expected_fingerprint
from evidence_app.export.dossier_verifier import DossierReport as DossierReport  # for the GUI
from evidence_app.export.dossier_verifier import verify_dossier
from evidence_app.export.dossier_words import LANGUAGES as LANGUAGES  # for the shells
from evidence_app.export.dossier_words import checked_language
from evidence_app.export.exhibit_numbers import assign_numbers
from evidence_app.export.manifest import (
    EVIDENCE_DIR,
    IssuedCheckpointView,
    Signer,
    build_manifest,
    manifest_bytes,
)
from evidence_app.export.observation_facts import observe_selection
from evidence_app.export.observations import Limits as Limits  # for the shells
from evidence_app.export.pdf_signature import attach_and_sign, new_pdf_signing_key
from evidence_app.export.provenance_consent import unnamed_in_provenance
from evidence_app.export.selection import (
    SelectedExhibit,
    Selection,
    facility_names,
    number_exhibits,
    select_for_legal_dossier,
)
from evidence_app.export.verify_instructions import verify_instructions
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import BadInput, IntegrityError
from evidence_app.kernel.notice import Notice
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.media.document_facts import PDF_MEDIA_TYPE
from evidence_app.media.media_facts import is_recording
from evidence_app.media.pdf_document import first_page_picture
from evidence_app.media.recording_preview import recording_preview
from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from evidence_app.storage.atomic import fsync_directory, fsync_tree
from evidence_app.storage.content import content_chunks
from evidence_app.storage.models import Checkpoint, CustodyEvent, RecordRevision
from evidence_app.storage.vault import Vault

PREVIEW_SIDE = 1400
PREVIEW_MAX_BYTES = 64 * 1024 * 1024  # larger originals are shown by their facts only


@dataclass
class ExportResult:
    path: Path
    case_ref: str
    exhibits: int
    testimonies: int
    manifest_sha256: str
    omitted: list[str] = field(default_factory=list)
    # People of a provenance chain the dossier does not name, for lack of legal consent.
    unnamed: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # leftovers of earlier exports removed
    left_out: tuple[DossierEntry, ...] = ()  # `omitted` by title and reason code, for screens
    declarant: Declarant | None = None  # who signed the declaration; None: none was made

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "case": self.case_ref,
            "exhibits": self.exhibits,
            "testimonies": self.testimonies,
            "manifest_sha256": self.manifest_sha256,
            "omitted": self.omitted,
            "unnamed": self.unnamed,
            "notices": [str(notice) for notice in self.notices],
            "declarant": self.declarant.to_json() if self.declarant else None,
        }


def export_accountability(
    vault: Vault,
    case_ref: str,
    destination: Path,
    as_zip: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
    declarant: Declarant | None = None,
    language: str = "en",
) -> ExportResult:
    """`limits`: what the observations on the exhibits list (GPS distance …). `declarant`:
    who signs the declaration that the exhibits are the files as received; without one the
    dossier says that no declaration was made (for internal review). `language` (en, ru,
    uk): every fixed word of dossier.pdf and the declaration's statement."""
    vault.require_writable()  # before anything is read, written or logged
    language = checked_language(language)
    declarant = declarant.checked() if declarant is not None else None
    progress = progress or NoProgress()
    final = destination.with_name(destination.name + ".zip") if as_zip else destination
    if as_zip and destination.suffix.lower() == ".zip":
        final, destination = destination, destination.with_suffix("")
    for taken in (final, destination):
        if taken.exists():
            raise BadInput(f"{taken} already exists; choose a new name for the dossier.")
    folder = export_folder(final)
    notices = sweep_leftovers(vault)
    hash_missing(vault, case_ref)  # near-duplicates among exhibits ingested before hashes
    with vault.reader() as session:
        selection = select_for_legal_dossier(session, case_ref)
        facilities = facility_names(session)
        left_out = explain_left_out(session, selection.omitted, "legal")
    staging = hidden_path(folder, destination.name, is_dir=True)
    zipped = hidden_path(folder, final.name, is_dir=False)
    with recorded(vault, "accountability", final, [staging, zipped] if as_zip else [staging]):
        try:
            staging.path.mkdir(mode=0o700)
        except OSError as error:
            raise BadInput(f"Cannot write in {folder}: {error.strerror}.") from None
        # Numbered once nothing but the writing itself can stop the export. A number given
        # to an export that then fails stays given: numbers are never reused, so the next
        # edition shows it (or its gap) all the same.
        exhibits = [(exhibit.item_id, exhibit.sha256) for exhibit in selection.exhibits]
        number_exhibits(selection, assign_numbers(vault, case_ref, exhibits))
        with vault.reader() as session:  # after numbering: observations name exhibits by it
            selection.observations = observe_selection(session, selection, limits)
        result = _write_bundle(
            vault, selection, facilities, staging.path, progress, declarant, language
        )
        if as_zip:
            _zip_folder(staging.path, zipped.path, destination.name, progress)
            zipped.path.rename(final)
        else:
            fsync_tree(staging.path)
            staging.path.rename(final)
        fsync_directory(folder)
    _log_export(vault, selection, result.manifest_sha256, final, declarant)
    result.path = final
    result.notices = notices
    result.left_out = left_out
    result.declarant = declarant
    return result


def _write_bundle(
    vault: Vault,
    selection: Selection,
    facilities: dict[str, str],
    folder: Path,
    progress: Progress,
    declarant: Declarant | None,
    language: str,
) -> ExportResult:
    progress.report(0.0, "Signing a checkpoint of the custody log")
    checkpoint = issue_checkpoint(vault)
    exhibit_events, record_events, record_seq, consistency = _proven_events(
        vault, selection, checkpoint.size
    )
    evidence = folder / EVIDENCE_DIR
    evidence.mkdir()
    total = sum(exhibit.size for exhibit in selection.exhibits) or 1
    done = 0
    previews: dict[str, bytes] = {}
    for exhibit in selection.exhibits:
        check_cancelled(progress)
        progress.report(
            0.05 + 0.75 * done / total, f"Exhibit {exhibit.number}: {exhibit.original_name}"
        )
        target = evidence / exhibit.file_name
        _write_original(vault, exhibit, target, progress)
        done += exhibit.size
        preview = _preview(exhibit, target)
        if preview is not None:
            previews[exhibit.number] = preview

    pdf_key = new_pdf_signing_key(vault.display_name, selection.case_ref)
    signer = Signer(vault.display_name, vault.public_key, pdf_key.certificate_sha256)
    manifest = build_manifest(
        selection,
        created=utc_now(),
        signer=signer,
        checkpoint=IssuedCheckpointView(
            checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.note, consistency
        ),
        exhibit_events=exhibit_events,
        record_events=record_events,
        record_event_seq=record_seq,
        language=language,
    )
    manifest["declaration"] = (
        make_declaration(declarant, manifest, vault.sign, vault.public_key) if declarant else None
    )
    manifest_data = manifest_bytes(manifest)
    (folder / "manifest.json").write_bytes(manifest_data)
    (folder / "manifest.json.minisig").write_text(
        minisign.sign(
            manifest_data,
            vault.sign,
            vault.public_key,
            f"evidence-app accountability dossier case={selection.case_ref} "
            f"exhibits={len(selection.exhibits)} created={manifest['created']}",
        ),
        encoding="utf-8",
    )
    (folder / "signer.pub").write_text(minisign.public_key_file(vault.public_key), encoding="utf-8")
    instructions = verify_instructions(
        selection.case_ref, signer, language, manifest["declaration"]
    )
    (folder / "VERIFY.txt").write_text(instructions, encoding="utf-8")

    check_cancelled(progress)
    progress.report(0.85, "Laying out dossier.pdf")
    unsigned = folder / ".dossier-unsigned.pdf"
    build_accountability_pdf(unsigned, manifest, previews, facilities, instructions)
    progress.report(0.95, "Signing dossier.pdf")
    attach_and_sign(
        unsigned,
        folder / "dossier.pdf",
        manifest_data,
        pdf_key,
        selection.case_ref,
    )
    unsigned.unlink()
    _sign_pdf(vault, folder / "dossier.pdf", selection.case_ref, manifest_data)
    _write_sums(folder)
    progress.report(1.0, "Dossier complete")
    return ExportResult(
        path=folder,
        case_ref=selection.case_ref,
        exhibits=len(selection.exhibits),
        testimonies=len(selection.testimonies),
        manifest_sha256=hashlib.sha256(manifest_data).hexdigest(),
        omitted=[omission.detail for omission in selection.omitted],
        unnamed=unnamed_in_provenance((e.number, e.provenance) for e in selection.exhibits),
    )


def _sign_pdf(vault: Vault, pdf: Path, case_ref: str, manifest_data: bytes) -> None:
    """dossier.pdf.minisig: the identity key's signature over the final PDF bytes, so that
    `minisign -Vm dossier.pdf -p signer.pub` proves the PDF with standard tools (the PDF's
    own signature is by a one-time certificate anyone can imitate)."""
    with open(pdf, "rb") as handle:
        digest = minisign.prehash(iter(lambda: handle.read(1 << 20), b""))
    comment = (
        f"evidence-app accountability dossier case={case_ref} file=dossier.pdf "
        f"manifest_sha256={hashlib.sha256(manifest_data).hexdigest()}"
    )
    signature = minisign.sign_prehashed(digest, vault.sign, vault.public_key, comment)
    (pdf.parent / "dossier.pdf.minisig").write_text(signature, encoding="utf-8")


def _proven_events(
    vault: Vault, selection: Selection, size: int
) -> tuple[
    dict[str, list[dict[str, Any]]],
    dict[int, dict[str, Any]],
    dict[tuple[str, str], int],
    list[dict[str, Any]],
]:
    """The custody events of the exhibits, records and consent entries, each with its
    inclusion proof in the tree of the first `size` events, and that tree's consistency
    proofs from every earlier checkpoint (all proofs from one pass over the log)."""
    item_ids = [exhibit.item_id for exhibit in selection.exhibits]
    with vault.reader() as session:
        leaves = leaf_hashes(session, size)
        record_seq: dict[tuple[str, str], int] = {}
        for record in [
            *selection.testimonies,
            *selection.incidents,
            *selection.findings,
            *selection.facilities,
        ]:
            revision = session.get(RecordRevision, (record.kind, record.ref, record.revision))
            if revision is not None:
                record_seq[(record.kind, record.ref)] = revision.event_seq
        # The events that recorded the consent the dossier relies on (export.consent_ledger).
        consent_seqs = {
            seq for entries in selection.consent.values() for e in entries for seq in e.event_seqs
        }
        rows = session.scalars(
            select(CustodyEvent)
            .where(
                or_(
                    CustodyEvent.subject.in_(item_ids),
                    CustodyEvent.seq.in_(sorted({*record_seq.values(), *consent_seqs})),
                ),
                CustodyEvent.seq <= size,
            )
            .order_by(CustodyEvent.seq)
        )
        proven = with_inclusion_proofs(map(event_json, rows), leaves)
        consistency = consistency_from(
            leaves, session.scalars(select(Checkpoint.size).where(Checkpoint.size < size))
        )
    wanted = set(item_ids)
    exhibit_events: dict[str, list[dict[str, Any]]] = {item_id: [] for item_id in item_ids}
    for event in proven:
        if event["subject"] in wanted:
            exhibit_events[event["subject"]].append(event)
    record_events = {event["seq"]: event for event in proven}
    return exhibit_events, record_events, record_seq, consistency


def _write_original(
    vault: Vault, exhibit: SelectedExhibit, target: Path, progress: Progress
) -> None:
    """Decrypt the original byte for byte; refuse to export content that fails its hash.
    The staging folder the file is in goes when the export fails."""
    try:
        with open(target, "xb") as out:
            for chunk in content_chunks(vault, exhibit):
                check_cancelled(progress)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except IntegrityError as error:
        raise IntegrityError(
            f"Exhibit {exhibit.number} ({exhibit.original_name}): the dossier was not "
            f"written. {error}"
        ) from None


def _preview(exhibit: SelectedExhibit, original: Path) -> bytes | None:
    if is_recording(exhibit.media_type):  # seeks to its key frames, whatever its size
        return recording_preview(original, exhibit.duration, PREVIEW_SIDE)
    if exhibit.size > PREVIEW_MAX_BYTES:
        return None
    if exhibit.media_type == PDF_MEDIA_TYPE:  # the picture of its first page
        return first_page_picture(original.read_bytes(), PREVIEW_SIDE)
    if not is_decodable_image(exhibit.media_type):
        return None
    return make_thumbnail(original.read_bytes(), max_side=PREVIEW_SIDE).jpeg


def _write_sums(folder: Path) -> None:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name == "SHA256SUMS":
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {name}\n")
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _zip_folder(folder: Path, partial: Path, top: str, progress: Progress) -> None:
    """Write the zip to `partial`, durable before it is renamed to its final name."""
    progress.report(None, "Writing the zip file")
    with open(partial, "xb") as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                check_cancelled(progress)
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
        handle.flush()
        os.fsync(handle.fileno())


def _log_export(
    vault: Vault,
    selection: Selection,
    manifest_sha256: str,
    path: Path,
    declarant: Declarant | None,
) -> None:
    with write(vault) as unit:
        unit.event(
            "export.created",
            subject=f"case:{selection.case_ref}",
            subject_sha256=manifest_sha256,
            details={
                "kind": "accountability",
                "case": selection.case_ref,
                "exhibits": [exhibit.sha256 for exhibit in selection.exhibits],
                "omitted": len(selection.omitted),
                "file_name": path.name,
                "declarant": declarant.to_json() if declarant else None,
            },
        )


def check_dossier(
    path: Path,
    progress: Progress | None = None,
    signer: str | None = None,
    previous: Path | None = None,
) -> DossierReport:
    """`verify-dossier`: needs no vault and no secret. `signer` is the key the reader
    obtained independently (fingerprint, minisign public key, or a key file); `previous` an
    earlier edition this dossier's custody log must extend."""
    expected = expected_fingerprint(signer) if signer is not None else None
    return verify_dossier(path, progress, expected, previous)
