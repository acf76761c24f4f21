"""A document's own metadata, as `items show`, the item view and the dossier present it.

Ingest keeps a PDF's Info dictionary as written, beside EXIF tags ("PDF Author",
"PDF CreationDate"…); this reads it back with the dates in ISO 8601.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

PDF_MEDIA_TYPE: Final = "application/pdf"
TAG_PREFIX: Final = "PDF "
"""Info entries are kept beside EXIF tags as "PDF Author", "PDF CreationDate"…"""

_PDF_DATE: Final = re.compile(
    r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:(Z)|([+-])(\d{2})'?(?:(\d{2})'?)?)?",
)


def pdf_date(text: str) -> str | None:
    """A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`, any trailing part left out) as ISO 8601, with
    the UTC offset only when the date has one; None when it is no date."""
    found = _PDF_DATE.match(text)
    if found is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = found.groups()
    if not (
        1 <= int(month or 1) <= 12
        and 1 <= int(day or 1) <= 31
        and int(hour or 0) < 24
        and int(minute or 0) < 60
        and int(second or 0) < 60
        and int(off_h or 0) < 24
        and int(off_m or 0) < 60
    ):
        return None
    if month is None:
        return year
    if day is None:
        return f"{year}-{month}"
    if hour is None:
        return f"{year}-{month}-{day}"
    iso = f"{year}-{month}-{day}T{hour}:{minute or '00'}:{second or '00'}"
    if zulu:
        return iso + "Z"
    if sign:
        return f"{iso}{sign}{off_h}:{off_m or '00'}"
    return iso


@dataclass(frozen=True)
class DocumentFacts:
    pages: int | None
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    creator: str | None = None
    """The program the document was written with (a word processor, a scanner's)."""
    producer: str | None = None
    """The program that made the PDF of it."""
    created: str | None = None
    modified: str | None = None

    @classmethod
    def of(cls, pages: int | None, tags: Mapping[str, str]) -> DocumentFacts:
        def tag(name: str) -> str | None:
            return tags.get(TAG_PREFIX + name) or None

        def date(name: str) -> str | None:
            written = tag(name)
            # A date that does not parse is still shown, as written.
            return pdf_date(written) or written if written else None

        return cls(
            pages=pages,
            title=tag("Title"),
            author=tag("Author"),
            subject=tag("Subject"),
            keywords=tag("Keywords"),
            creator=tag("Creator"),
            producer=tag("Producer"),
            created=date("CreationDate"),
            modified=date("ModDate"),
        )

    def rows(self) -> list[tuple[str, str]]:
        """(English label, value) for what the document records, in reading order."""
        rows = [("Pages", str(self.pages))] if self.pages is not None else []
        named = (
            ("Title", self.title),
            ("Author", self.author),
            ("Created", self.created),
            ("Modified", self.modified),
            ("Creator", self.creator),
            ("Producer", self.producer),
        )
        return rows + [(label, value) for label, value in named if value]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "subject": self.subject,
            "keywords": self.keywords,
            "creator": self.creator,
            "producer": self.producer,
            "created": self.created,
            "modified": self.modified,
        }
