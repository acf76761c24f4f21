"""Codes said as words in the interface language: custody actions, record kinds, media
types, why a dossier leaves something out, what an exhibition prints untranslated or at
low resolution (consent scopes: consent_matrix.SCOPE_TITLES).

Codes stay what the vault, the log and the CLI use; only what a person reads changes. A
code this module does not know is shown as it is rather than hidden.
"""

from __future__ import annotations

from evidence_app.core.case_overview import DossierEntry
from evidence_app.core.exhibition_composition import AsWritten
from evidence_app.core.exhibition_preview import MIN_PPI, LowResolution
from evidence_app.core.words import ACTION_WORDS as ACTION_WORDS  # where tests look
from evidence_app.gui.i18n import tr

# Record kinds and what a dossier lists ("item" and "evidence" are both a file kept).
KIND_WORDS = {
    "item": "Evidence",
    "evidence": "Evidence",
    "case": "Case",
    "person": "Person",
    "facility": "Facility",
    "testimony": "Testimony",
    "incident": "Incident",
    "condition": "Prison conditions",
    "finding": "Finding",
    # What a dossier leaves out (export.selection's Omission kinds).
    "exhibit": "Exhibit",
    "photo": "Photo",
}

MEDIA_WORDS = {
    "image/jpeg": "JPEG photo",
    "image/heic": "HEIC photo",
    "image/heif": "HEIC photo",
    "application/pdf": "PDF document",
    "text/plain": "Text",
}
# The rest of a family: `{format}` is the type's own name (PNG, MP4, WAV).
FAMILY_WORDS = {
    "image": "{format} image",
    "audio": "{format} audio recording",
    "video": "{format} video",
    "text": "{format} text",
}


def action_words(action: str) -> str:
    return tr(ACTION_WORDS[action]) if action in ACTION_WORDS else action


def kind_words(kind: str) -> str:
    return tr(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def media_words(media_type: str) -> str:
    media_type = media_type.split(";", 1)[0].strip().lower()
    if media_type in MEDIA_WORDS:
        return tr(MEDIA_WORDS[media_type])
    family, _, subtype = media_type.partition("/")
    if family in FAMILY_WORDS and subtype:
        name = subtype.removeprefix("x-").split("+", 1)[0].upper()
        return tr(FAMILY_WORDS[family]).format(format=name)
    return media_type


def left_out_line(entry: DossierEntry) -> str:
    """One thing a dossier leaves out: what it is, by its title (and its exhibit number once
    it has one: the gap the dossier shows), and why."""
    why = entry.reason.sentence(tr) if entry.reason else ""
    label = f"{entry.number} · {entry.label}" if entry.number else entry.label
    return f"{kind_words(entry.kind)}: {label} — {why}"


def as_written_line(place: AsWritten, photos: dict[str, str]) -> str:
    """A text an exhibition prints as written; a photo by its reference (item id → words),
    "" for a photo it no longer prints."""
    if place.field == "caption":
        reference = photos.get(place.item_id)
        return tr("{photo}, caption").format(photo=reference) if reference else ""
    if place.field == "excerpt":
        return tr("testimony {ref}, excerpt {number}").format(
            ref=place.testimony, number=place.number
        )
    return tr("case description") if place.field == "description" else tr("case title")


def low_resolution_line(photo: LowResolution, photos: dict[str, str]) -> str:
    """A photo that prints under MIN_PPI on the full page, as the PDF builder reported it."""
    return tr(
        "{photo}: {width}×{height} pixels would print at {ppi} ppi on the full page "
        "(under {minimum}); it will be printed smaller, at {printed} ppi."
    ).format(
        photo=photos.get(photo.item_id, photo.reference),
        width=photo.pixels[0],
        height=photo.pixels[1],
        ppi=photo.full_page_ppi,
        minimum=MIN_PPI,
        printed=photo.printed_ppi,
    )
