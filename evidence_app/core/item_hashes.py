"""Perceptual hashes as the catalog keeps them: computed for items that have none yet,
and searched for an item's near-duplicates.

Items ingested before hashes were kept get theirs the first time near-duplicates are looked
for among them (`items similar`, an export), never in a bulk rewrite when the vault opens. A
hash is derived data, like the search index: stored without a custody event, and only when
the vault may be written; a read-only vault computes what it needs in memory.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.core.item_results import SimilarItem
from evidence_app.custody.write_path import write
from evidence_app.ingest.prepare import IN_MEMORY_LIMIT, THUMBNAIL_SIDE
from evidence_app.media.perceptual_hash import NOT_HASHABLE, HashIndex, is_hash
from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from evidence_app.storage.content import read_content
from evidence_app.storage.models import Item, ItemCase
from evidence_app.storage.vault import Vault

_STORE_EVERY = 64  # hashes written per unit of work while catching up


def hash_of_content(vault: Vault, item: Item) -> str:
    """The perceptual hash of an item's picture, decoded as ingest decodes it."""
    if not is_decodable_image(item.media_type) or item.size > IN_MEMORY_LIMIT:
        return NOT_HASHABLE
    return make_thumbnail(read_content(vault, item), THUMBNAIL_SIDE).phash or NOT_HASHABLE


def hash_missing(vault: Vault, case_ref: str | None = None) -> dict[str, str]:
    """Compute the hashes not yet kept (of one case's items, or of all); store them when
    the vault is writable. Returns what was computed, id → hash."""
    with vault.reader() as session:
        query = select(Item).where(Item.phash.is_(None))
        if case_ref is not None:
            query = query.join(ItemCase).where(ItemCase.case_ref == case_ref)
        missing = list(session.scalars(query.order_by(Item.id)))
    computed = {item.id: hash_of_content(vault, item) for item in missing}
    if vault.read_only_reason is None:
        pending = list(computed.items())
        for start in range(0, len(pending), _STORE_EVERY):
            with write(vault) as unit:
                for item_id, phash in pending[start : start + _STORE_EVERY]:
                    row = unit.session.get(Item, item_id)
                    if row is not None and row.phash is None:
                        row.phash = phash
    return computed


def kept_hashes(session: Session) -> list[tuple[str, str, str]]:
    rows = session.execute(
        select(Item.id, Item.original_name, Item.phash).where(
            Item.phash.is_not(None), Item.phash != NOT_HASHABLE
        )
    )
    return [(item_id, name, phash or "") for item_id, name, phash in rows]


def near(
    item_id: str, phash: str | None, hashes: list[tuple[str, str, str]]
) -> tuple[SimilarItem, ...]:
    if not is_hash(phash):
        return ()
    assert phash is not None
    names = {key: name for key, name, _hash in hashes}
    index = HashIndex((key, value) for key, _name, value in hashes)
    return tuple(
        SimilarItem(key, names[key], distance)
        for key, distance in index.near(phash, exclude=item_id)
    )


def kept_similar(vault: Vault, item: Item) -> tuple[SimilarItem, ...]:
    """Near-duplicates among the hashes kept so far: quick enough to show with every item
    (`items similar` computes the missing ones). Reads only."""
    phash = item.phash if item.phash is not None else hash_of_content(vault, item)
    with vault.reader() as session:
        return near(item.id, phash, kept_hashes(session))


class IngestedHashes:
    """The kept hashes, loaded once for a whole ingest, to say what each new picture looks
    like; each new one joins them, so two copies in one import find each other."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._index: HashIndex | None = None
        self._names: dict[str, str] = {}

    def similar(self, item_id: str, name: str, phash: str) -> tuple[SimilarItem, ...]:
        if not is_hash(phash):
            return ()
        if self._index is None:
            with self._vault.reader() as session:
                kept = kept_hashes(session)
            self._names = {key: kept_name for key, kept_name, _value in kept}
            self._index = HashIndex((key, value) for key, _name, value in kept)
        found = tuple(
            SimilarItem(key, self._names[key], distance)
            for key, distance in self._index.near(phash, exclude=item_id)
        )
        self._names[item_id] = name
        self._index.add(item_id, phash)
        return found
