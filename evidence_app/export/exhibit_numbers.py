"""Exhibit numbers shared by both dossiers of a case: `<case>-E0001`, stable for ever.

An item gets its number the first time it is exported in either dossier of the case, as
the `exhibit.numbered` custody event (subject the item, details the case and the number)
in the unit that stores it. The next number is one more than the highest the case ever
gave, so a number is never given twice, even after its item left the case; an item left
out of a later edition leaves a gap, listed by its number alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evidence_app.custody.write_path import write
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import ExhibitNumber
from evidence_app.storage.vault import Vault

NUMBERED = "exhibit.numbered"
NOT_INCLUDED = "not included in this edition"


def exhibit_label(case_ref: str, number: int) -> str:
    """`case-1-E0003`: the case's ref, then the number, four digits at least (E10000 follows
    E9999)."""
    return f"{case_ref}-E{number:04d}"


def label_in(case_ref: str, numbers: Mapping[str, int], item_id: str) -> str:
    """The item's label in `numbers` (item id → number), "" while it has none."""
    return exhibit_label(case_ref, numbers[item_id]) if item_id in numbers else ""


def in_number_order(numbers: Mapping[str, int]) -> Callable[[str], tuple[bool, int]]:
    """A sort key on item ids: by number, those without one last (a stable sort keeps
    their order)."""
    return lambda item_id: (item_id not in numbers, numbers.get(item_id, 0))


def number_order(label: str) -> int:
    """The number in a label, for putting labels in order (E10000 after E9999)."""
    digits = label.rpartition("-E")[2]
    return int(digits) if digits.isdigit() else 0


def case_numbers(session: Session, case_ref: str) -> dict[str, int]:
    """Every number the case gave: item id → number."""
    rows = session.execute(
        select(ExhibitNumber.item_id, ExhibitNumber.number).where(
            ExhibitNumber.case_ref == case_ref
        )
    )
    return {item_id: number for item_id, number in rows}


def assign_numbers(vault: Vault, case_ref: str, items: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Number the `(item id, sha256)` pairs that have no number in the case yet, in the
    order given, each logged; one unit, so the numbers and their events land together.
    Returns every number of the case (item id → number)."""
    with write(vault) as unit:
        numbers = case_numbers(unit.session, case_ref)
        highest = (
            unit.session.scalar(
                select(func.max(ExhibitNumber.number)).where(ExhibitNumber.case_ref == case_ref)
            )
            or 0
        )
        new = [(item_id, sha256) for item_id, sha256 in items if item_id not in numbers]
        for item_id, sha256 in dict(new).items():
            highest += 1
            event = unit.event(
                NUMBERED,
                subject=item_id,
                subject_sha256=sha256,
                details={"case": case_ref, "number": exhibit_label(case_ref, highest)},
            )
            unit.session.add(
                ExhibitNumber(
                    case_ref=case_ref,
                    number=highest,
                    item_id=item_id,
                    assigned_at=event.time,
                    event_seq=event.seq,
                )
            )
            numbers[item_id] = highest
        if new:
            unit.changed(Changes(items=frozenset(item_id for item_id, _ in new)))
    return numbers


def gaps(case_ref: str, numbers: Mapping[str, int], included: Iterable[str]) -> list[str]:
    """The numbers of the case no exhibit of this edition carries, in order."""
    shown = set(included)
    return [
        exhibit_label(case_ref, number)
        for item_id, number in sorted(numbers.items(), key=lambda pair: pair[1])
        if item_id not in shown
    ]
