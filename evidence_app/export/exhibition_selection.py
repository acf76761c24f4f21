"""What an exhibition may show, decided by consent (DESIGN §5 and §6).

Photos only, and only when every person linked to them gave `public_anonymous` or
`public_named` consent that is in force; a photo linked to nobody only once a curator
marked it publishable. People appear by pseudonym unless they gave `public_named`.
Testimony excerpts only from witnesses who consented to publication, and only the excerpts
a curator chose (`excerpts` in the records format), never a section picked by the app.
Texts in the edition's language where a translation was given. Photos in the order the
curator set (the case's `exhibition_order`), the others after them in the order taken.
Nothing that places, dates to the second or traces a file: no GPS, EXIF, file names, paths
or source details.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.export.exhibit_numbers import case_numbers, label_in
from evidence_app.export.selection import Omission
from evidence_app.kernel.errors import BadInput
from evidence_app.media.thumbnail import is_decodable_image
from evidence_app.records.consent import Purpose, material_may_be_used, person_consents_to
from evidence_app.records.localized import localized
from evidence_app.records.reasons import Reason
from evidence_app.records.store import current_body, records_of_kind
from evidence_app.storage.models import Item, ItemCase, ItemDerivation

EXCERPT_CHARS = 1200


@dataclass(frozen=True)
class ExhibitionPhoto:
    number: str  # `<case>-E0001`, as in the accountability dossier; "" until first exported
    item_id: str
    original_sha256: str
    caption: str
    people: list[str]  # display names: pseudonyms unless public_named
    period: str | None  # the month it was taken, never the exact time

    @property
    def reference(self) -> str:
        """Links the photo to the accountability record without revealing anything."""
        if not self.number:
            return f"New exhibit · {self.original_sha256[:8]}"
        return f"Exhibit {self.number} · {self.original_sha256[:8]}"


@dataclass(frozen=True)
class Excerpt:
    ref: str
    witness: str
    text: str
    methods: list[str]
    facilities: list[str]
    number: int = 1  # which of the testimony's chosen excerpts, counted from 1


@dataclass(frozen=True)
class AsWritten:
    """A text printed as written for want of a translation, by what it belongs to; said in
    words only when shown, so each shell can say it in its own language."""

    field: str  # "title" or "description" of the case, a photo's "caption", an "excerpt"
    item_id: str = ""  # the photo whose caption it is
    testimony: str = ""  # the testimony whose excerpt it is
    number: int = 0  # which of its excerpts


@dataclass
class ExhibitionSelection:
    case_ref: str
    case: dict[str, Any]
    photos: list[ExhibitionPhoto] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    facilities: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    omitted: list[Omission] = field(default_factory=list)
    language: str = "en"
    as_written: list[AsWritten] = field(default_factory=list)  # no translation: as written

    def text(self, where: AsWritten, body: dict[str, Any], key: str, written_in: str = "") -> str:
        """`body[key]` in the edition's language, noting where it is printed as written."""
        chosen = localized(body, key, self.language, written_in)
        if chosen.as_written:
            self.as_written.append(where)
        return chosen.text

    def places_as_written(self) -> list[str]:
        """What was printed as written, in English, each photo by its reference now."""
        references = {photo.item_id: photo.reference for photo in self.photos}
        places = []
        for place in self.as_written:
            if place.field == "caption":
                if place.item_id in references:  # a photo left out after all prints nothing
                    places.append(f"{references[place.item_id]} caption")
            elif place.field == "excerpt":
                places.append(f"testimony {place.testimony} excerpt {place.number}")
            else:
                places.append(f"case {place.field}")
        return places


def _display_name(person: dict[str, Any], ref: str) -> str:
    pseudonym = str(person.get("pseudonym") or ref)
    if person_consents_to(person.get("consent", []), Purpose.NAMING).allowed:
        return str(person.get("full_name") or pseudonym)
    return pseudonym


def _consents(people: dict[str, dict[str, Any]], refs: list[str]) -> dict[str, list[Any]]:
    return {ref: list(people.get(ref, {}).get("consent", [])) for ref in refs}


def select_for_exhibition(
    session: Session, case_ref: str, language: str = "en"
) -> ExhibitionSelection:
    """What an edition in `language` shows: its texts translated where a translation was
    given, and only the testimony excerpts a curator chose."""
    case = current_body(session, "case", case_ref)
    derived = set(session.scalars(select(ItemDerivation.child_id)))
    item_ids = [
        item_id
        for item_id in session.scalars(
            select(ItemCase.item_id).where(ItemCase.case_ref == case_ref)
        )
        if item_id not in derived
    ]
    if case is None and not item_ids:
        raise BadInput(
            f"There is no case {case_ref!r} in this vault, and no item is filed under it."
        )
    people = dict(records_of_kind(session, "person"))
    names = {ref: _display_name(body, ref) for ref, body in people.items()}
    selection = ExhibitionSelection(case_ref, {"title": case_ref, "description": ""})
    selection.language = language
    if case is not None:
        selection.case = {
            "title": selection.text(AsWritten("title"), case, "title") or case_ref,
            "description": selection.text(AsWritten("description"), case, "description"),
        }
    facility_refs: set[str] = set()
    numbers = case_numbers(session, case_ref)

    items = [item for item in (session.get(Item, i) for i in item_ids) if item is not None]
    for item in _in_exhibition_order(items, (case or {}).get("exhibition_order") or []):
        link = current_body(session, "evidence", item.sha256) or {}
        linked = list(link.get("people", []))
        label = f"{item.original_name} ({item.sha256[:12]})"
        if not is_decodable_image(item.media_type):
            selection.omitted.append(
                Omission(
                    "item", item.id, label, Reason.NOT_A_PHOTO, {"media_type": item.media_type}
                )
            )
            continue
        decision = material_may_be_used(
            _consents(people, linked),
            Purpose.ANONYMOUS_EXHIBITION,
            publishable_without_people=bool(link.get("publishable")),
        )
        if not decision.allowed:
            selection.omitted.append(
                Omission("photo", item.id, label, decision.reason_code, decision.params)
            )
            continue
        if link.get("facility"):
            facility_refs.add(link["facility"])
        photo = ExhibitionPhoto(
            number=label_in(case_ref, numbers, item.id),
            item_id=item.id,
            original_sha256=item.sha256,
            caption="",
            people=[names.get(ref, ref) for ref in linked],
            period=item.captured_at[:7] if item.captured_at else None,
        )
        caption = selection.text(AsWritten("caption", item_id=item.id), link, "caption")
        selection.photos.append(replace(photo, caption=caption))
    number_photos(selection, numbers)

    for ref, body in records_of_kind(session, "testimony"):
        if body.get("case") != case_ref:
            continue
        witness = [body["witness"]] if body.get("witness") else []
        decision = material_may_be_used(_consents(people, witness), Purpose.ANONYMOUS_EXHIBITION)
        label = f"testimony {ref}"
        if not decision.allowed:
            selection.omitted.append(
                Omission("testimony", ref, label, decision.reason_code, decision.params)
            )
            continue
        chosen = body.get("excerpts") or []
        if not chosen:
            selection.omitted.append(Omission("testimony", ref, label, Reason.NO_EXCERPT))
            continue
        facility_refs.update(body.get("facilities", []))
        for number, excerpt in enumerate(chosen, start=1):
            where = AsWritten("excerpt", testimony=ref, number=number)
            text = selection.text(where, excerpt, "text", str(body.get("language") or ""))
            selection.excerpts.append(
                Excerpt(
                    ref=ref,
                    witness=names.get(witness[0], "") if witness else "",
                    text=_shortened(text),
                    methods=list(body.get("methods", [])),
                    facilities=list(body.get("facilities", [])),
                    number=number,
                )
            )

    included = {excerpt.ref for excerpt in selection.excerpts}
    for ref in sorted(facility_refs):
        facility = current_body(session, "facility", ref)
        if facility is not None:
            selection.facilities[ref] = {
                "name": facility.get("name") or ref,
                "kind": facility.get("kind"),
                "region": facility.get("region") or "",
            }
    for ref, body in records_of_kind(session, "condition"):
        if body.get("facility") in selection.facilities and all(
            source in included for source in body.get("sources", [])
        ):
            selection.findings.append({"ref": ref, **body})
    return selection


def _in_exhibition_order(items: list[Item], order: list[str]) -> list[Item]:
    """The curator's order (SHA-256s in the case record) first; the rest as taken."""
    position = {sha256: index for index, sha256 in enumerate(order)}
    return sorted(
        items,
        key=lambda i: (position.get(i.sha256, len(order)), i.captured_at or "9999", i.ingested_at),
    )


def number_photos(selection: ExhibitionSelection, numbers: Mapping[str, int]) -> None:
    """Give each photo its number in the case (item id → number), as the accountability
    dossier does. The wall keeps the curator's order (the case's exhibition_order, else
    capture time): a number names a photo, it does not place it."""
    selection.photos = [
        replace(photo, number=label_in(selection.case_ref, numbers, photo.item_id))
        for photo in selection.photos
    ]


def _shortened(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
