"""What one committed write changed, so that every view showing it can refresh.

The write path (`custody.write_path`) builds one `Changes` per unit of work and the vault
hands it to its subscribers after the transaction commits, never for a write that rolled
back. Views ask only what they show: the evidence list looks at `items`, a picker of people
at `records_of("person")`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    items: frozenset[str] = frozenset()  # ids of items added or altered (links, regions, ...)
    records: frozenset[tuple[str, str]] = frozenset()  # (kind, ref) of records revised
    vault: bool = False  # vault-wide state: key slots, identity, compaction, accepted state
    exports: bool = False  # an export or a publication decision was recorded
    log: bool = False  # custody events were appended

    def __bool__(self) -> bool:
        return bool(self.items or self.records or self.vault or self.exports or self.log)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            items=self.items | other.items,
            records=self.records | other.records,
            vault=self.vault or other.vault,
            exports=self.exports or other.exports,
            log=self.log or other.log,
        )

    def records_of(self, kind: str) -> frozenset[str]:
        """Refs of the records of one kind that changed."""
        return frozenset(ref for record_kind, ref in self.records if record_kind == kind)


NO_CHANGES = Changes()
