"""Cases as people pick them: by title, from the case records that exist.

A case's ref is generated from its title (`case-<slug>`, or `case-<number>` when the title
has no letters to spell it with), never typed; anything that files material under a case
refuses a ref no case record has, naming the cases there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from evidence_app.custody.write_path import write
from evidence_app.export.name_matching import transliterations
from evidence_app.kernel.errors import BadInput
from evidence_app.records import store
from evidence_app.storage.vault import Vault

_SLUG_CHARS = 40
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SHOWN = 20  # cases named in a refusal; more are counted


@dataclass(frozen=True)
class CaseChoice:
    ref: str
    title: str

    def to_json(self) -> dict[str, str]:
        return {"ref": self.ref, "title": self.title}


def cases_in(session: Session) -> list[CaseChoice]:
    """Every case, in the order of their titles (how people look for them)."""
    cases = [
        CaseChoice(ref, str(body.get("title") or ref))
        for ref, body in store.records_of_kind(session, "case")
    ]
    return sorted(cases, key=lambda case: (case.title.casefold(), case.ref))


def list_cases(vault: Vault) -> list[CaseChoice]:
    """Every case record, by ref, with its title (as written)."""
    with vault.reader() as session:
        return cases_in(session)


def unknown_refs_message(kind: str, unknown: Iterable[str], known: list[tuple[str, str]]) -> str:
    """`There is no case 'x'. Cases in this vault: case-a (Title), …` — or that there are none."""
    names = ", ".join(repr(ref) for ref in unknown)
    label = {"person": "people"}.get(kind, f"{kind}s")
    if not known:
        return f"There is no {kind} {names}: this vault has no {label} yet."
    shown = ", ".join(f"{ref} ({title})" if title != ref else ref for ref, title in known[:_SHOWN])
    more = f" and {len(known) - _SHOWN} more" if len(known) > _SHOWN else ""
    return f"There is no {kind} {names}. {label.capitalize()} in this vault: {shown}{more}."


def require_cases(session: Session, refs: Iterable[str]) -> None:
    """Refuse refs that name no case record, listing the cases there are."""
    known = cases_in(session)
    unknown = [ref for ref in dict.fromkeys(refs) if ref not in {c.ref for c in known}]
    if unknown:
        pairs = [(c.ref, c.title) for c in known]
        raise BadInput(unknown_refs_message("case", unknown, pairs))


def check_case(vault: Vault, ref: str) -> None:
    with vault.reader() as session:
        require_cases(session, [ref])


def slug_of(title: str) -> str:
    words = []
    for word in title.split():
        latin = transliterations(word)[1] or word  # common-English spelling of Cyrillic
        words.append(_NOT_SLUG.sub("-", latin.lower()).strip("-"))
    slug = "-".join(word for word in words if word)
    return slug[:_SLUG_CHARS].rstrip("-")


def new_case_ref(session: Session, title: str, reserved: Iterable[str] = ()) -> str:
    """A ref for a new case titled `title`, unlike any case's and any of `reserved`."""
    taken = set(store.refs_of_kind(session, "case")) | set(reserved)
    slug = slug_of(title)
    if not slug:
        number = len(taken) + 1
        while f"case-{number}" in taken:
            number += 1
        return f"case-{number}"
    ref, suffix = f"case-{slug}", 2
    while ref in taken:
        ref, suffix = f"case-{slug}-{suffix}", suffix + 1
    return ref


def create_case(vault: Vault, title: str, description: str = "") -> CaseChoice:
    """A new case record with a ref made from its title; logged as `record.revised`."""
    title = title.strip()
    if not title:
        raise BadInput("A case needs a title.")
    with write(vault) as unit:
        ref = new_case_ref(unit.session, title)
        store.save_record(unit, "case", ref, {"title": title, "description": description.strip()})
    return CaseChoice(ref, title)
