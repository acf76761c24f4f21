"""Checking the custody log: every signature, the hash chain, and every checkpoint.

Nothing is repaired: the result names each problem and the first bad event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import nacl.signing
from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.crypto.identity import fingerprint
from evidence_app.custody.checkpoint import CheckpointError, parse_signed_checkpoint
from evidence_app.custody.events import GENESIS_PREV, event_hash, signature_is_valid
from evidence_app.custody.merkle import leaf_hash, root_from_leaf_hashes
from evidence_app.storage.models import Checkpoint, CustodyEvent, Identity


@dataclass(frozen=True)
class Problem:
    kind: str  # event | checkpoint | item | state | quarantine | leftover
    message: str
    seq: int | None = None
    item_id: str | None = None


@dataclass
class LogCheck:
    events: int = 0
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list)

    def event_problem(self, seq: int, message: str) -> None:
        self.problems.append(Problem("event", f"Event {seq}: {message}", seq=seq))


def known_keys(session: Session) -> dict[str, nacl.signing.VerifyKey]:
    return {
        fingerprint(row.public_key): nacl.signing.VerifyKey(row.public_key)
        for row in session.scalars(select(Identity))
    }


def check_events(session: Session, keys: dict[str, nacl.signing.VerifyKey]) -> LogCheck:
    result = LogCheck()
    expected_seq, prev = 1, GENESIS_PREV
    rows = session.scalars(select(CustodyEvent).order_by(CustodyEvent.seq)).yield_per(2000)
    for row in rows:
        result.events += 1
        if row.seq > expected_seq:
            missing = (
                f"event {expected_seq} is missing"
                if row.seq == expected_seq + 1
                else f"events {expected_seq}–{row.seq - 1} are missing"
            )
            result.event_problem(expected_seq, f"{missing}; the log continues at {row.seq}.")
        recomputed = event_hash(row)
        if recomputed != row.hash:
            result.event_problem(row.seq, "its content does not match its hash: it was altered.")
        if row.prev != prev:
            result.event_problem(
                row.seq, "it does not name the event before it: the chain is broken here."
            )
        key = keys.get(row.actor_fingerprint)
        if key is None:
            result.event_problem(row.seq, "it is signed by a key this vault does not know.")
        elif not signature_is_valid(row, key):
            result.event_problem(row.seq, "its signature is not valid.")
        result.leaves.append(leaf_hash(bytes.fromhex(recomputed)))
        expected_seq, prev = row.seq + 1, row.hash
    return result


def check_checkpoint_note(
    result: LogCheck,
    note: str,
    origin: str,
    keys: Iterable[nacl.signing.VerifyKey],
    claimed_size: int,
    claimed_root: str,
    where: str,
) -> None:
    """One signed tree head against its claimed values and the tree the log really has."""
    result.checkpoints += 1
    parsed = None
    for key in keys:
        try:
            parsed = parse_signed_checkpoint(note, origin, key)
            break
        except CheckpointError:
            continue
    if parsed is None:
        result.problems.append(
            Problem("checkpoint", f"The {where} for {claimed_size} events has no valid signature.")
        )
        return
    if parsed.size != claimed_size or parsed.root.hex() != claimed_root:
        result.problems.append(
            Problem("checkpoint", f"The {where} for {claimed_size} events was altered.")
        )
    if parsed.size > len(result.leaves):
        result.problems.append(
            Problem(
                "checkpoint",
                f"The {where} covers {parsed.size} events but the log has only "
                f"{len(result.leaves)}: events were removed.",
            )
        )
    elif root_from_leaf_hashes(result.leaves[: parsed.size]) != parsed.root:
        result.problems.append(
            Problem(
                "checkpoint",
                f"The log's first {parsed.size} events no longer match the {where}: "
                "history was rewritten after it was signed.",
            )
        )


def check_log(
    session: Session,
    origin: str,
    sealed_checkpoint: dict[str, object] | None,
) -> LogCheck:
    keys = known_keys(session)
    result = check_events(session, keys)
    for row in session.scalars(select(Checkpoint).order_by(Checkpoint.size)):
        check_checkpoint_note(
            result, row.note, origin, keys.values(), row.size, row.root, "checkpoint"
        )
    if sealed_checkpoint is not None:
        check_checkpoint_note(
            result,
            str(sealed_checkpoint.get("note", "")),
            origin,
            keys.values(),
            int(str(sealed_checkpoint.get("size", 0))),
            str(sealed_checkpoint.get("root", "")),
            "checkpoint kept in vault.json",
        )
    return result


def first_bad_event(problems: Iterable[Problem]) -> int | None:
    seqs = [problem.seq for problem in problems if problem.seq is not None]
    return min(seqs) if seqs else None
