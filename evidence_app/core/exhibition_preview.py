"""An exhibition's pages before they are written: the export's PDF, built in memory only.

The same selection, publication check and PDF builder as `exhibition_service.export_exhibition`,
with none of what makes an export a record: no redacted copy is stored, no exhibit number is
given (a photo not yet exported is printed as "New exhibit"), no export is logged and no file
is written — the PDF exists only as bytes in memory, which is all a screen needs to draw it.
Photos are blurred as an export would blur them (proposals nobody decided are blurred too, as
every preview does). A photo the detector has never looked at is looked at first, as the
export does, through the same function: its proposals are stored and logged
(`item.regions_proposed`) exactly as the export or the redaction editor would store them, so
a face is never shown unblurred as if it could be published, and the curator can then decide
them. The PDF builder's print report comes with the pages, so a photo that would print at
low resolution is known before anything is exported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from evidence_app.core.publication_service import clear_for_publication
from evidence_app.core.region_service import blurred_boxes, photo_regions, render_with
from evidence_app.export.exhibition_pdf import (
    LANGUAGES,
    MIN_PPI,
    PAPERS,
    LowResolution,
    PrintReport,
    build_exhibition_pdf,
)
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.export.redaction import NotRedactable
from evidence_app.kernel.errors import BadInput
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault

# What a screen needs to say the print report in its own words.
__all__ = ["MIN_PPI", "LowResolution", "PagePreview", "PrintReport", "preview_exhibition"]


@dataclass(frozen=True)
class PagePreview:
    pdf: bytes  # in memory only
    printing: PrintReport  # what the export would report about how the photos print


def preview_exhibition(
    vault: Vault,
    case_ref: str,
    paper: str = "a4",
    language: str = "en",
    progress: Progress | None = None,
) -> PagePreview:
    """The exhibition PDF as the export would lay it out now, as bytes in memory."""
    progress = progress or NoProgress()
    if paper not in PAPERS:
        raise BadInput(f"Paper is one of {', '.join(PAPERS)}, not {paper!r}.")
    if language not in LANGUAGES:
        raise BadInput(f"Language is one of {', '.join(LANGUAGES)}, not {language!r}.")
    with vault.reader() as session:
        selection = select_for_exhibition(session, case_ref, language)
    cleared = clear_for_publication(vault, selection)  # refuses while names are undecided
    selection = cleared.selection
    photos: dict[str, bytes] = {}
    for index, photo in enumerate(list(selection.photos)):
        check_cancelled(progress)
        progress.report(0.8 * index / len(selection.photos), f"Blurring {photo.reference}")
        with vault.reader() as session:
            item = session.get(Item, photo.item_id)
        assert item is not None
        try:
            regions = photo_regions(vault, item, progress)  # looks for faces where none looked
            photos[photo.item_id] = render_with(vault, item, blurred_boxes(vault, regions)).jpeg
        except NotRedactable:
            selection.photos.remove(photo)  # the export leaves it out too, and says why
    check_cancelled(progress)
    progress.report(0.85, "Laying out the exhibition")
    buffer = io.BytesIO()
    printing = build_exhibition_pdf(buffer, cleared, photos, paper, language)
    check_cancelled(progress)
    return PagePreview(buffer.getvalue(), printing)
