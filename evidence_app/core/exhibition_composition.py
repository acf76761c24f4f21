"""An exhibition as it would be written, before it is, and the curator's order of its photos.

Built from the very parts the export runs — the selection (export.exhibition_selection),
the publication check (core.publication_service) and the face regions a photo must have
decided — so what the composer shows and what the export writes cannot disagree. Findings
and undecided regions do not leave material out: they stop the export until a curator
decides them, and are listed as such.

The order is kept in the case record (`exhibition_order`, the photos' SHA-256s), saved as
any record is — validated, a new revision, logged — so it travels with the records and the
selection honours it for the CLI and the GUI alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from evidence_app.core.case_overview import DossierEntry, explain_left_out
from evidence_app.core.items_service import thumbnail_jpeg
from evidence_app.core.links_service import save_evidence_record
from evidence_app.core.publication_service import CheckedFinding, check_publication
from evidence_app.core.records_service import save_record
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.kernel.errors import BadInput
from evidence_app.records.store import current_body
from evidence_app.storage.models import Item, ItemCase, ItemRegion
from evidence_app.storage.vault import Vault


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
    thumbnail: bytes | None  # JPEG of the original, in memory only


@dataclass(frozen=True)
class ComposedText:
    ref: str
    witness: str
    text: str


@dataclass(frozen=True)
class Composition:
    case_ref: str
    title: str
    language: str
    photos: tuple[ComposedPhoto, ...]
    texts: tuple[ComposedText, ...]
    left_out: tuple[DossierEntry, ...]
    unresolved: tuple[CheckedFinding, ...]  # publication-check findings: they stop it
    untranslated: tuple[str, ...]  # places printed as written, with no translation

    @property
    def blocked(self) -> bool:
        return bool(self.unresolved) or any(p.undecided_regions for p in self.photos)


def compose(vault: Vault, case_ref: str, language: str = "en") -> Composition:
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
    check = check_publication(vault, case_ref, language=language)
    photos = tuple(
        ComposedPhoto(
            photo.item_id,
            photo.number,
            photo.original_sha256,
            photo.reference,
            photo.caption,
            tuple(photo.people),
            photo.period,
            int(undecided.get(photo.item_id, 0)),
            thumbnail_jpeg(vault, photo.item_id),
        )
        for photo in selection.photos
    )
    return Composition(
        case_ref,
        str(selection.case.get("title") or case_ref),
        language,
        photos,
        tuple(ComposedText(e.ref, e.witness, e.text) for e in selection.excerpts),
        left_out,
        tuple(check.unresolved),
        tuple(selection.as_written),
    )


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
