"""Exporting an exhibition dossier: consented material only, photos only as redacted copies.

Each photo gets a redacted copy (an item of its own, logged as `item.derived`), made now or
reused. The PDF is written beside its destination and renamed into place when complete;
`export.created` records its SHA-256. The curator gets the list of what was left out and
why, and a reminder to look at every face the detector may have missed.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_app.core.errors import BadInput
from evidence_app.core.progress import NoProgress, Progress, check_cancelled
from evidence_app.core.redaction_service import redacted_copy
from evidence_app.core.region_service import require_decided
from evidence_app.custody.events import append_event
from evidence_app.custody.log_state import record_head
from evidence_app.custody.tree_head import issue_checkpoint
from evidence_app.export.exhibition_pdf import LANGUAGES, PAPERS, build_exhibition_pdf
from evidence_app.export.exhibition_selection import ExhibitionSelection, select_for_exhibition
from evidence_app.export.redaction import NotRedactable
from evidence_app.export.selection import Omission
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault

FACE_WARNING = (
    "Only the regions you accepted or drew were blurred. The face detector misses faces that "
    "are small, covered or turned away: look at every photograph before it is printed, and "
    "mark what it missed with `items redact ID --region x,y,w,h`."
)


@dataclass
class ExhibitionResult:
    path: Path
    case_ref: str
    photos: int
    excerpts: int
    faces_blurred: int
    regions_blurred: int
    pdf_sha256: str
    omitted: list[str] = field(default_factory=list)
    warning: str = FACE_WARNING

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "case": self.case_ref,
            "photos": self.photos,
            "testimony_excerpts": self.excerpts,
            "faces_blurred": self.faces_blurred,
            "regions_blurred": self.regions_blurred,
            "pdf_sha256": self.pdf_sha256,
            "omitted": self.omitted,
            "warning": self.warning,
        }


def export_exhibition(
    vault: Vault,
    case_ref: str,
    destination: Path,
    paper: str = "a4",
    language: str = "en",
    progress: Progress | None = None,
    accept_all_proposed: bool = False,
) -> ExhibitionResult:
    progress = progress or NoProgress()
    if paper not in PAPERS:
        raise BadInput(f"Paper is one of {', '.join(PAPERS)}, not {paper!r}.")
    if language not in LANGUAGES:
        raise BadInput(f"Language is one of {', '.join(LANGUAGES)}, not {language!r}.")
    if destination.exists():
        raise BadInput(f"{destination} already exists; choose a new file name.")
    if not destination.parent.is_dir():
        raise BadInput(f"The folder {destination.parent} does not exist.")
    with vault.reader() as session:
        selection = select_for_exhibition(session, case_ref)

    def looking(index: int, label: str) -> None:
        check_cancelled(progress)
        progress.report(0.0, f"Looking for faces in {label} ({index + 1} of {len(to_review)})")

    # The detector runs where it has not yet; undecided proposals stop the export here.
    to_review = [(photo.reference, photo.item_id) for photo in selection.photos]
    require_decided(vault, to_review, accept_all_proposed, looking)
    photos, faces, regions = _redacted_photos(vault, selection, progress)
    check_cancelled(progress)
    progress.report(0.9, "Laying out the exhibition")
    partial = destination.with_name(f".{destination.name}.partial-{uuid.uuid4().hex[:8]}")
    try:
        build_exhibition_pdf(partial, selection, photos, paper, language)
        check_cancelled(progress)
        partial.rename(destination)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    pdf_sha256 = hashlib.sha256(destination.read_bytes()).hexdigest()
    issue_checkpoint(vault)
    with vault.writer() as session:
        append_event(
            session,
            vault.signing_key,
            vault.display_name,
            "export.created",
            subject=f"case:{case_ref}",
            subject_sha256=pdf_sha256,
            details={
                "kind": "exhibition",
                "case": case_ref,
                "photos": [photo.original_sha256 for photo in selection.photos],
                "testimonies": [excerpt.ref for excerpt in selection.excerpts],
                "omitted": len(selection.omitted),
                "file_name": destination.name,
            },
        )
    record_head(vault)
    progress.report(1.0, "Exhibition complete")
    return ExhibitionResult(
        path=destination,
        case_ref=case_ref,
        photos=len(selection.photos),
        excerpts=len(selection.excerpts),
        faces_blurred=faces,
        regions_blurred=regions,
        pdf_sha256=pdf_sha256,
        omitted=[omission.detail for omission in selection.omitted],
    )


def _redacted_photos(
    vault: Vault, selection: ExhibitionSelection, progress: Progress
) -> tuple[dict[int, bytes], int, int]:
    photos: dict[int, bytes] = {}
    faces = regions = 0
    kept = []
    for index, photo in enumerate(selection.photos):
        check_cancelled(progress)
        progress.report(
            0.85 * index / max(len(selection.photos), 1), f"Redacting {photo.reference}"
        )
        with vault.reader() as session:
            original = session.get(Item, photo.item_id)
        assert original is not None
        try:
            copy = redacted_copy(vault, original)
        except NotRedactable as error:
            selection.omitted.append(
                Omission("photo", f"{original.original_name}: {error}", "cannot be redacted")
            )
            continue
        with vault.reader() as session:
            child = session.get(Item, copy.item_id)
        assert child is not None
        photos[photo.number] = vault.blobs.read_bytes(child.blob_id)
        faces += copy.faces_blurred
        regions += copy.regions_blurred
        kept.append(photo)
    selection.photos = kept
    return photos, faces, regions
