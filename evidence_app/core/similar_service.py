"""Near-duplicates by perceptual hash: `items similar`, ingest's "similar to …", and the
observations the item view shows (core.item_hashes keeps the hashes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from evidence_app.core.item_hashes import hash_missing, hash_of_content, kept_hashes, near
from evidence_app.core.item_results import SimilarItem
from evidence_app.core.items_service import find_item
from evidence_app.export.observation_facts import observe_item
from evidence_app.export.observations import Limits
from evidence_app.export.observations import Observation as Observation  # for the GUI
from evidence_app.export.observations import sentence as sentence  # for the GUI
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault


@dataclass(frozen=True)
class SimilarItems:
    id: str
    original_name: str
    similar: tuple[SimilarItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "original_name": self.original_name,
            "similar": [found.to_json() for found in self.similar],
        }


def similar_items(vault: Vault, ref: str) -> SimilarItems:
    """`items similar`: the item's near-duplicates among every item of the vault, closest
    first; hashes not yet kept are computed first."""
    item = find_item(vault, ref)
    computed = hash_missing(vault)
    with vault.reader() as session:
        hashes = kept_hashes(session)
        if vault.read_only_reason is not None:
            names = {
                key: name for key, name in session.execute(select(Item.id, Item.original_name))
            }
            hashes += [(key, names[key], value) for key, value in computed.items() if value]
    phash = item.phash if item.phash is not None else computed.get(item.id)
    return SimilarItems(item.id, item.original_name, near(item.id, phash, hashes))


def item_observations(
    vault: Vault, item_id: str, limits: Limits | None = None
) -> list[Observation]:
    """What the item view shows under "Observations": the dossier's checks on this item,
    with near-duplicates among the hashes kept so far. Reads only."""
    with vault.reader() as session:
        item = session.get(Item, item_id)
        if item is None:
            return []
        others = [(key, name, phash) for key, name, phash in kept_hashes(session) if key != item.id]
        if item.phash is None:
            session.expunge(item)  # the hash is shown, not stored: this only reads
            item.phash = hash_of_content(vault, item)
        return observe_item(session, item, others, limits).of(item.id)
