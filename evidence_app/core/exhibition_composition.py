"""An exhibition as it would be written, before it is, and the curator's order of its photos.

Built from the very parts the export runs — the selection (export.exhibition_selection),
the publication check (core.publication_service) and the face regions a photo must have
decided — so what the composer shows and what the export writes cannot disagree. Its
thumbnails are of the photo as it will print, blurred by the export's own function from the
regions decided so far; a photo the detector has not looked at yet is shown blurred all over
until it has (the export and the preview look first). Findings
and undecided regions do not leave material out: they stop the export until a curator
decides them, and are listed as such.

The order is kept in the case record (`exhibition_order`, the photos' SHA-256s), saved as
any record is — validated, a new revision, logged — so it travels with the records and the
selection honours it for the CLI and the GUI alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from evidence_app.core.case_overview import DossierEntry, explain_left_out
from evidence_app.core.links_service import save_evidence_record
from evidence_app.core.publication_service import CheckedFinding, check_publication
from evidence_app.core.records_service import save_record
from evidence_app.core.region_service import blurred_boxes, render_with, stored_regions
from evidence_app.export.exhibition_selection import AsWritten as AsWritten  # for the shells
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.export.redaction import Box, NotRedactable
from evidence_app.kernel.errors import BadInput
from evidence_app.media.thumbnail import make_thumbnail
from evidence_app.records.localized import localized
from evidence_app.records.store import current_body
from evidence_app.storage.models import Item, ItemCase, ItemDetection, ItemRegion
from evidence_app.storage.vault import Vault

THUMBNAIL_SIDE = 256


@dataclass(frozen=True)
class ComposedPhoto:
    item_id: str
    number: str  # `<case>-E0001`, as both dossiers print it; "" until first exported
    sha256: str
    reference: str  # as the English edition prints it: exhibit number and hash prefix
    caption: str  # in the edition's language
    people: tuple[str, ...]  # as printed: pseudonyms unless named with consent
    period: str | None
    undecided_regions: int  # detector proposals not yet accepted or rejected: they stop it
    faces_looked_for: bool  # False: no detector has looked yet; the thumbnail is all blurred
    blurred: tuple[Box, ...]  # what its thumbnail blurs, so an unchanged one is reused
    thumbnail: bytes | None  # JPEG as it will print, in memory only


@dataclass(frozen=True)
class ComposedText:
    ref: str  # the testimony
    number: int  # which of its chosen excerpts, from 1
    witness: str
    text: str  # as printed (shortened when long)
    written: str  # the whole text in the edition's language, or as written: what is edited


@dataclass(frozen=True)
class Composition:
    case_ref: str
    title: str
    language: str
    photos: tuple[ComposedPhoto, ...]
    texts: tuple[ComposedText, ...]
    left_out: tuple[DossierEntry, ...]
    unresolved: tuple[CheckedFinding, ...]  # publication-check findings: they stop it
    untranslated: tuple[AsWritten, ...]  # texts printed as written, with no translation

    @property
    def blocked(self) -> bool:
        return bool(self.unresolved) or any(p.undecided_regions for p in self.photos)


def compose(
    vault: Vault, case_ref: str, language: str = "en", earlier: Composition | None = None
) -> Composition:
    """The exhibition as it would be written now; thumbnails of `earlier` that blur the same
    regions are reused rather than blurred again."""
    with vault.reader() as session:
        selection = select_for_exhibition(session, case_ref, language)
        left_out = explain_left_out(session, selection.omitted, "public_anonymous")
        undecided = dict(
            session.execute(
                select(ItemRegion.item_id, func.count())
                .where(ItemRegion.status == "proposed")
                .group_by(ItemRegion.item_id)
            ).all()
        )
        testimonies = {
            excerpt.ref: current_body(session, "testimony", excerpt.ref) or {}
            for excerpt in selection.excerpts
        }
    check = check_publication(vault, case_ref, language=language)
    known = {(p.item_id, p.blurred): p.thumbnail for p in earlier.photos} if earlier else {}
    photos = []
    for photo in selection.photos:
        looked, boxes, thumbnail = _printed_thumbnail(vault, photo.item_id, known)
        photos.append(
            ComposedPhoto(
                photo.item_id,
                photo.number,
                photo.original_sha256,
                photo.reference,
                photo.caption,
                tuple(photo.people),
                photo.period,
                int(undecided.get(photo.item_id, 0)),
                looked,
                boxes,
                thumbnail,
            )
        )
    texts = tuple(
        ComposedText(
            e.ref,
            e.number,
            e.witness,
            e.text,
            _written(testimonies[e.ref], e.number, language),
        )
        for e in selection.excerpts
    )
    return Composition(
        case_ref,
        str(selection.case.get("title") or case_ref),
        language,
        tuple(photos),
        texts,
        left_out,
        tuple(check.unresolved),
        tuple(selection.as_written),
    )


def _printed_thumbnail(
    vault: Vault, item_id: str, known: dict[tuple[str, tuple[Box, ...]], bytes | None]
) -> tuple[bool, tuple[Box, ...], bytes | None]:
    """Whether a detector looked, what is blurred, and the thumbnail of the photo so blurred
    by the function every published copy is made with."""
    with vault.reader() as session:
        item = session.get(Item, item_id)
        looked = session.get(ItemDetection, item_id) is not None
    assert item is not None
    if looked:
        boxes = tuple(blurred_boxes(vault, stored_regions(vault, item)))
    else:  # faces nobody looked for yet may be anywhere: none is shown
        boxes = (Box(0, 0, item.width or 1_000_000, item.height or 1_000_000),)
    if (item_id, boxes) in known:
        return looked, boxes, known[(item_id, boxes)]
    try:
        printed = render_with(vault, item, list(boxes))
    except NotRedactable:
        return looked, boxes, None  # the export leaves it out, and says why
    return looked, boxes, make_thumbnail(printed.jpeg, THUMBNAIL_SIDE).jpeg


def _written(testimony: dict[str, Any], number: int, language: str) -> str:
    excerpt = (testimony.get("excerpts") or [])[number - 1]
    return localized(excerpt, "text", language, str(testimony.get("language") or "")).text


def set_exhibition_order(vault: Vault, case_ref: str, item_ids: list[str]) -> list[str]:
    """Show the photos `item_ids` (filed under the case) first, in this order; returns the
    SHA-256s stored in the case record."""
    if len(set(item_ids)) != len(item_ids):
        raise BadInput("The exhibition's order names a photo twice.")
    with vault.reader() as session:
        filed = set(session.scalars(select(ItemCase.item_id).where(ItemCase.case_ref == case_ref)))
        unknown = [item_id for item_id in item_ids if item_id not in filed]
        if unknown:
            raise BadInput(
                f"Not filed under case {case_ref}, so not in its exhibition: {', '.join(unknown)}."
            )
        rows = {
            item.id: item.sha256
            for item in session.scalars(select(Item).where(Item.id.in_(item_ids)))
        }
        body = current_body(session, "case", case_ref) or {"title": case_ref}
    order = [rows[item_id] for item_id in item_ids]
    save_record(vault, "case", case_ref, {**body, "exhibition_order": order})
    return order


def set_caption(vault: Vault, sha256: str, language: str, caption: str) -> int | None:
    """The photo's caption in `language`: its own `caption` when that is the language it is
    written in (or it has none yet), otherwise `translations[language].caption`. Every other
    field, the cases included, stays as it is; saved as a new revision of its evidence record."""
    with vault.reader() as session:
        body = dict(current_body(session, "evidence", sha256) or {})
    own = body.get("language")
    if own == language or (not own and not body.get("caption")):
        body["caption"] = caption.strip()
        body.setdefault("language", language)
    else:
        translations = {**(body.get("translations") or {})}
        translations[language] = {**translations.get(language, {}), "caption": caption.strip()}
        body["translations"] = translations
    return save_evidence_record(vault, sha256, body)


def set_excerpt(
    vault: Vault, testimony_ref: str, number: int, language: str, text: str
) -> int | None:
    """The testimony's chosen excerpt `number` (from 1) as the `language` edition prints it:
    the excerpt itself when the testimony is written in that language, otherwise its
    translation for that language (left blank: none, it prints as written). Every other field
    stays as it is; saved as a new revision of the testimony record, logged as any record is."""
    with vault.reader() as session:
        body = current_body(session, "testimony", testimony_ref)
    if body is None:
        raise BadInput(f"There is no testimony {testimony_ref!r} in this vault.")
    excerpts = [dict(excerpt) for excerpt in body.get("excerpts") or []]
    if not 1 <= number <= len(excerpts):
        raise BadInput(
            f"Testimony {testimony_ref} has {len(excerpts)} excerpt(s) chosen for publication, "
            f"not an excerpt {number}."
        )
    excerpt = excerpts[number - 1]
    if body.get("language") == language:
        if not text.strip():
            raise BadInput(
                "An excerpt cannot be left empty: remove it from the testimony's excerpts "
                "to leave it out of the exhibition."
            )
        excerpt["text"] = text.strip()
    else:
        translations = {**(excerpt.get("translations") or {})}
        translations[language] = {**translations.get(language, {}), "text": text.strip()}
        excerpt["translations"] = translations
    excerpts[number - 1] = excerpt
    return save_record(vault, "testimony", testimony_ref, {**body, "excerpts": excerpts})
