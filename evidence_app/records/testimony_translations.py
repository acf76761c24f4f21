"""Translations of a testimony's account, each of one revision of the testimony.

A translation names the language, the translator and the revision it was made from, and
holds the sections translated. The revision must exist: one already saved, or the one the
save that brings the translation creates. A testimony edited after its translation was made
still carries it, and the dossier says which sections changed since, so nobody relies on a
translation of words the witness's account no longer holds.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.records.problems import Message
from evidence_app.records.schema import TESTIMONY_SECTIONS
from evidence_app.records.structured import PartChecker
from evidence_app.storage.models import Record, RecordRevision


def check_revisions(c: PartChecker, revisions: list[Any], path: str, key: str, saved: int) -> None:
    """`revisions` as given, one per translation; `saved`: the testimony's latest revision
    in the vault (0: it is new). What is not a number at all was refused as a number."""
    latest = saved + 1  # the revision this save creates, if it changes anything
    for index, revision in enumerate(revisions):
        where = f"{path}.{key}[{index}].revision"
        if isinstance(revision, float):
            c.error(where, Message.NOT_A_REVISION)
        elif isinstance(revision, int) and not isinstance(revision, bool) and revision > latest:
            c.error(where, Message.NO_SUCH_REVISION, revision=revision, latest=latest)


def translation_checks(session: Session, ref: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """For each translation of testimony `ref`, in order: the revision it translates, the
    testimony's latest, and the sections whose text changed between the two."""
    translations = body.get("translations") or []
    if not translations:
        return []
    row = session.get(Record, ("testimony", ref))
    latest = row.revision if row is not None else 0
    current = body.get("sections") or {}
    wanted = {t.get("revision") for t in translations if isinstance(t.get("revision"), int)}
    accounts = {
        revision.revision: json.loads(revision.body_json).get("sections") or {}
        for revision in session.scalars(
            select(RecordRevision).where(
                RecordRevision.kind == "testimony",
                RecordRevision.ref == ref,
                RecordRevision.revision.in_(sorted(wanted)),
            )
        )
    }
    checks = []
    for translation in translations:
        revision = translation.get("revision")
        then = accounts.get(revision, {})
        changed = [name for name in TESTIMONY_SECTIONS if then.get(name) != current.get(name)]
        checks.append(
            {
                "language": translation.get("language"),
                "revision": revision,
                "latest_revision": latest,
                "sections_changed_since": changed if revision in accounts else None,
            }
        )
    return checks
