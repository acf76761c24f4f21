"""When a PDF was made: its Info dictionary's CreationDate, or its XMP metadata's.

Office programs and scanners write both; a document edited or re-saved later may carry two
that disagree, and both are kept (as "PDF CreationDate" and "XMP xmp:CreateDate" tags) with a
note naming the one used. The Info date comes first, as the one every PDF reader shows. A
modification date never stands in for a document's creation.
"""

from __future__ import annotations

from evidence_app.ingest.capture_dates import choose, iso_candidate, read_xmp_packet
from evidence_app.ingest.exif_metadata import ImageMetadata
from evidence_app.media.document_facts import TAG_PREFIX, pdf_date
from evidence_app.media.pdf_document import PdfReading

_INFO_CREATED = TAG_PREFIX + "CreationDate"
_XMP_CREATED = ("XMP exif:DateTimeOriginal", "XMP photoshop:DateCreated", "XMP xmp:CreateDate")


def pdf_metadata(reading: PdfReading, data: bytes) -> ImageMetadata:
    """The PDF's own metadata as ingest keeps it, with its creation date chosen."""
    xmp = read_xmp_packet(data)
    notes = list(xmp.notes)
    candidates = []
    written = reading.info.get(_INFO_CREATED)
    if written:
        # A date that does not parse is kept as a tag and otherwise ignored, as before.
        iso = pdf_date(written)
        if iso is not None:
            candidates.append(iso_candidate(_INFO_CREATED, "capture", iso))
    candidates += [
        candidate
        for candidate in xmp.candidates
        if candidate.source in _XMP_CREATED and candidate.moment is not None
    ]
    chosen = choose([candidate.with_kind("capture") for candidate in candidates], notes)
    return ImageMetadata(
        exif={**reading.info, **xmp.tags},
        captured_at=chosen.captured_at,
        captured_at_source=chosen.source,
        notes=notes,
    )
