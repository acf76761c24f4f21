"""Case labels typed before cases were picked from records become case records (once).

Migration 0009 notes in the settings that items are filed under labels no case record
has; this step, run when the vault opens writable, makes each a case record titled with
the label, logged as `record.revised` with `adopted_label`. A label that is a valid ref
keeps it; any other (spaces, other letters) gets a ref made from it, and each item filed
under it is filed under the new ref instead, logged as `item.described`. Nothing is
dropped: every item stays in its case, now one the lists and export dialogs offer.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from evidence_app.core.case_refs import new_case_ref
from evidence_app.custody.write_path import write
from evidence_app.kernel.notice import Notice
from evidence_app.records import store
from evidence_app.records.document import is_ref
from evidence_app.storage.models import Item, ItemCase, Setting
from evidence_app.storage.vault import Vault

PENDING = "pending.case_labels"  # written by migration 0009

CASES_MADE_RECORDS = (
    "Cases typed at import are now case records, offered by title wherever a case is "
    "chosen: {cases}."
)


def adopt_case_labels(vault: Vault) -> list[str]:
    """Make the noted labels case records; returns the refs made. Does nothing once done."""
    if vault.read_only_reason is not None or vault.setting(PENDING) is None:
        return []
    made = []
    with write(vault) as unit:
        session = unit.session
        cases = set(store.refs_of_kind(session, "case"))
        labels = sorted(set(session.scalars(select(ItemCase.case_ref))) - cases)
        for label in labels:
            ref = label if is_ref(label) else new_case_ref(session, label, labels)
            items = list(
                session.scalars(
                    select(Item).join(ItemCase).where(ItemCase.case_ref == label).order_by(Item.id)
                )
            )
            store.save_record(
                unit,
                "case",
                ref,
                {"title": label.strip() or ref, "description": ""},
                details={"adopted_label": label, "items": len(items)},
            )
            if ref != label:
                session.execute(delete(ItemCase).where(ItemCase.case_ref == label))
                for item in items:
                    session.add(ItemCase(item_id=item.id, case_ref=ref))
                    unit.event(
                        "item.described",
                        subject=item.id,
                        subject_sha256=item.sha256,
                        details={"cases_added": [ref], "cases_removed": [label]},
                    )
            made.append(ref)
        session.execute(delete(Setting).where(Setting.key == PENDING))
    if made:
        vault.notices.append(Notice(CASES_MADE_RECORDS, {"cases": ", ".join(made)}))
    return made
