"""Every string an exhibition prints that a person wrote, each with its place in the PDF.

One walk over the selection both lists the strings (for the publication check) and builds
the selection the PDF is made from (with the checked, possibly rewritten strings), so a
field cannot be printed without having been checked. Vocabulary labels, fixed words,
exhibit numbers, hash prefixes and months are the app's own and are not walked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from evidence_app.export.exhibition_selection import ExhibitionSelection


@dataclass(frozen=True)
class Place:
    """Where a string is printed. `key` is stable across runs (refs and hashes, never
    exhibit numbers or page numbers, which move when material is added)."""

    key: str
    section: str  # cover, facility, photo or testimonies: the PDF's parts, in order
    label: str  # for the curator: "Exhibit case-1-E0002 · 3f9a1c2b, caption"


@dataclass(frozen=True)
class PublishedText:
    place: Place
    text: str


Rewrite = Callable[[Place, str], str]


def walk(selection: ExhibitionSelection, rewrite: Rewrite) -> ExhibitionSelection:
    """A copy of `selection` in which every printed string is `rewrite(place, string)`.

    Mirrors exhibition_pdf: what it prints from the selection is exactly what is walked.
    """
    case = selection.case_ref
    cover_title = str(selection.case.get("title") or selection.case_ref)
    new_case = {
        **selection.case,
        "title": rewrite(Place(f"case:{case}:title", "cover", "exhibition title"), cover_title),
        "description": rewrite(
            Place(f"case:{case}:description", "cover", "description on the title page"),
            str(selection.case.get("description") or ""),
        ),
        "organiser": rewrite(
            Place(f"case:{case}:organiser", "cover", "organiser on the title page"),
            str(selection.case.get("organiser") or ""),
        ),
    }
    facilities = {}
    for ref, facility in selection.facilities.items():
        name = str(facility.get("name") or "")
        facilities[ref] = {
            **facility,
            "name": rewrite(Place(f"facility:{ref}:name", "facility", f"place {ref}, name"), name),
            "region": rewrite(
                Place(f"facility:{ref}:region", "facility", f"place {ref}, region"),
                str(facility.get("region") or ""),
            ),
        }
    findings = [
        {
            **finding,
            "finding": rewrite(
                Place(
                    f"condition:{finding['ref']}:finding",
                    "facility",
                    f"place {finding.get('facility')}, condition {finding['ref']}",
                ),
                str(finding.get("finding") or ""),
            ),
        }
        for finding in selection.findings
    ]
    photos = []
    for photo in selection.photos:
        where = photo.reference  # "New exhibit · 3f9a1c2b" until an export numbers it
        base = f"photo:{photo.item_id}"  # an opaque id: keys travel in review files
        photos.append(
            dataclasses.replace(
                photo,
                caption=rewrite(
                    Place(f"{base}:caption", "photo", f"{where}, caption"), photo.caption
                ),
                people=[
                    rewrite(Place(f"{base}:people[{i}]", "photo", f"{where}, people shown"), name)
                    for i, name in enumerate(photo.people)
                ],
            )
        )
    excerpts = []
    for excerpt in selection.excerpts:
        base = f"testimony:{excerpt.ref}"
        excerpts.append(
            dataclasses.replace(
                excerpt,
                text=rewrite(
                    Place(f"{base}:excerpt", "testimonies", f"testimony {excerpt.ref}, excerpt"),
                    excerpt.text,
                ),
                witness=rewrite(
                    Place(f"{base}:witness", "testimonies", f"testimony {excerpt.ref}, witness"),
                    excerpt.witness,
                ),
            )
        )
    return dataclasses.replace(
        selection,
        case=new_case,
        facilities=facilities,
        findings=findings,
        photos=photos,
        excerpts=excerpts,
        omitted=list(selection.omitted),
    )


def published_texts(selection: ExhibitionSelection) -> list[PublishedText]:
    found: list[PublishedText] = []

    def collect(place: Place, text: str) -> str:
        if text:
            found.append(PublishedText(place, text))
        return text

    walk(selection, collect)
    return found
