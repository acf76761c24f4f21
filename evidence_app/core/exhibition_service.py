"""Exporting an exhibition dossier: consented material only, photos only as redacted copies.

Each photo gets a redacted copy (an item of its own, logged as `item.derived`), made now or
reused. The PDF is written under a hidden name beside its destination, recorded first so a
killed export's file is removed at the next open, and renamed into place when complete;
`export.created` records its SHA-256. The curator gets the list of what was left out and
why, and a reminder to look at every face the detector may have missed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_app.core.case_overview import DossierEntry, explain_left_out
from evidence_app.core.exhibition_review import review_path, write_review
from evidence_app.core.export_staging import (
    export_folder,
    hidden_path,
    recorded,
    sweep_leftovers,
)
from evidence_app.core.publication_service import clear_for_publication
from evidence_app.core.redaction_service import redacted_copy
from evidence_app.core.region_service import require_decided
from evidence_app.custody.tree_head import issue_checkpoint
from evidence_app.custody.write_path import write
from evidence_app.export.exhibit_numbers import assign_numbers
from evidence_app.export.exhibition_pdf import (
    LANGUAGES,
    PAPERS,
    PHOTO_SIZES,
    PrintReport,
    build_exhibition_pdf,
)
from evidence_app.export.exhibition_selection import (
    ExhibitionSelection,
    number_photos,
    select_for_exhibition,
)
from evidence_app.export.redaction import NotRedactable
from evidence_app.export.selection import Omission
from evidence_app.kernel.errors import BadInput
from evidence_app.kernel.notice import Notice
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.records.reasons import Reason
from evidence_app.storage.atomic import fsync_directory, fsync_file
from evidence_app.storage.content import read_content
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault

# The edition's choices, for the CLI and the GUI to offer.
__all__ = ["LANGUAGES", "PAPERS", "PHOTO_SIZES", "ExhibitionResult", "export_exhibition"]

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
    notices: list[Notice] = field(default_factory=list)  # leftovers of earlier exports removed
    warning: str = FACE_WARNING
    print_warnings: list[str] = field(default_factory=list)
    review_path: Path | None = None
    left_out: tuple[DossierEntry, ...] = ()  # `omitted` by title and reason code, for screens

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
            "notices": [str(notice) for notice in self.notices],
            "warning": self.warning,
            "print_warnings": self.print_warnings,
            "review": str(self.review_path) if self.review_path else None,
        }


def export_exhibition(
    vault: Vault,
    case_ref: str,
    destination: Path,
    paper: str = "a4",
    language: str = "en",
    progress: Progress | None = None,
    organiser: str = "",
    photo_size: str = "fit",
    accept_all_proposed: bool = False,
) -> ExhibitionResult:
    vault.require_writable()  # before anything is read, written or logged
    progress = progress or NoProgress()
    if paper not in PAPERS:
        raise BadInput(f"Paper is one of {', '.join(PAPERS)}, not {paper!r}.")
    if photo_size not in PHOTO_SIZES:
        raise BadInput(f"Photo size is one of {', '.join(PHOTO_SIZES)}, not {photo_size!r}.")
    if language not in LANGUAGES:
        raise BadInput(f"Language is one of {', '.join(LANGUAGES)}, not {language!r}.")
    if destination.exists():
        raise BadInput(f"{destination} already exists; choose a new file name.")
    if review_path(destination).exists():
        raise BadInput(f"{review_path(destination)} already exists; choose a new file name.")
    folder = export_folder(destination)
    notices = sweep_leftovers(vault)
    with vault.reader() as session:
        selection = select_for_exhibition(session, case_ref, language)
    selection.case["organiser"] = organiser  # printed on the cover: checked like the rest
    cleared = clear_for_publication(vault, selection)  # refuses while names are undecided
    selection = cleared.selection

    def looking(index: int, label: str) -> None:
        check_cancelled(progress)
        progress.report(0.0, f"Looking for faces in {label} ({index + 1} of {len(to_review)})")

    # The detector runs where it has not yet; undecided proposals stop the export here.
    to_review = [(photo.reference, photo.item_id) for photo in selection.photos]
    require_decided(vault, to_review, accept_all_proposed, looking)
    photos, faces, regions = _redacted_photos(vault, selection, progress)
    check_cancelled(progress)
    # Numbered once every check that may refuse the export has passed, and only the photos
    # it prints: the numbers the accountability dossier of the case uses too.
    printed = [(photo.item_id, photo.original_sha256) for photo in selection.photos]
    number_photos(selection, assign_numbers(vault, case_ref, printed))
    progress.report(0.9, "Laying out the exhibition")
    partial = hidden_path(folder, destination.name, is_dir=False)
    review = review_path(destination)
    review_partial = hidden_path(folder, review.name, is_dir=False)
    with recorded(vault, "exhibition", destination, [partial, review_partial]):
        printing: PrintReport = build_exhibition_pdf(
            partial.path, cleared, photos, paper, language, photo_size=photo_size
        )
        check_cancelled(progress)
        fsync_file(partial.path)
        pdf_sha256 = hashlib.sha256(partial.path.read_bytes()).hexdigest()
        write_review(vault, review_partial.path, destination.name, cleared, pdf_sha256)
        # The PDF first: a review never stands beside a PDF that is not there.
        partial.path.rename(destination)
        review_partial.path.rename(review)
        fsync_directory(folder)
    issue_checkpoint(vault)
    with write(vault) as unit:
        unit.event(
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
    with vault.reader() as session:
        left_out = explain_left_out(session, selection.omitted, "public_anonymous")
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
        print_warnings=_untranslated(selection) + printing.warnings(),
        notices=notices,
        review_path=review,
        left_out=left_out,
    )


_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}


def _untranslated(selection: ExhibitionSelection) -> list[str]:
    places = selection.places_as_written()
    if not places:
        return []
    return [
        f"No {_LANGUAGE_NAMES[selection.language]} text was given for "
        f"{', '.join(places)}: printed as written. Add translations to the "
        "records (translations in the records format) to print them in this language."
    ]


def _redacted_photos(
    vault: Vault, selection: ExhibitionSelection, progress: Progress
) -> tuple[dict[str, bytes], int, int]:
    """The redacted copy of each photo, by the original's item id."""
    photos: dict[str, bytes] = {}
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
            label = f"{original.original_name} ({original.sha256[:12]})"
            selection.omitted.append(
                Omission(
                    "photo",
                    original.id,
                    label,
                    Reason.CANNOT_BE_REDACTED,
                    {"error": str(error)},
                )
            )
            continue
        with vault.reader() as session:
            child = session.get(Item, copy.item_id)
        assert child is not None
        photos[photo.item_id] = read_content(vault, child)
        faces += copy.faces_blurred
        regions += copy.regions_blurred
        kept.append(photo)
    selection.photos = kept
    return photos, faces, regions
