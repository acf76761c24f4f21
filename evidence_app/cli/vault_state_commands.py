"""`evidence-app vault accept-catalog` and `vault recover-orphans`: what the keeper decides
after a catalog was put back or content was left without its row."""

from __future__ import annotations

import argparse
from typing import Any

from evidence_app.cli.output import print_json, say, wants_json, warn
from evidence_app.cli.progress_bar import TerminalProgress
from evidence_app.cli.unlock import open_from_args
from evidence_app.core import orphan_recovery, vault_service
from evidence_app.core.errors import BadInput

ACCEPT_EXPLAINED = """\
accept-catalog lets a vault that opened read-only be written again, going on from its
catalog as it is now. If a newer catalog.db and vault.json exist somewhere (a backup,
another disk), put them back instead: what the catalog lacks (records, events, the names,
sources and cases of newer items) does not come back. The content of newer items is still
here; it moves to quarantine/, and `evidence-app vault recover-orphans` brings it back.
The decision is logged as a signed custody event naming what vault.json recorded and what
the catalog held, and stays in the log for good. Run it again with --yes to go on."""

_OUTCOME_WORDS = {
    "recovered": "recovered as item",
    "thumbnail": "moved back as the thumbnail of item",
    "restored": "moved back (the catalog refers to it)",
    "already_present": "kept in quarantine (already in the vault)",
    "unreadable": "kept in quarantine (does not decrypt)",
}


def register(actions: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    accept = actions.add_parser(
        "accept-catalog",
        parents=[common],
        help="after a rollback was found: log the decision and allow writing again",
    )
    accept.add_argument("--yes", action="store_true", help="confirm the decision")
    accept.set_defaults(handler=cmd_accept_catalog)

    recover = actions.add_parser(
        "recover-orphans",
        parents=[common],
        help="turn quarantined content back into items",
    )
    recover.set_defaults(handler=cmd_recover_orphans)


def cmd_accept_catalog(args: argparse.Namespace) -> int:
    if not args.yes:
        warn(ACCEPT_EXPLAINED)
        raise BadInput("Nothing was changed; confirm with --yes.")
    with open_from_args(args) as vault:
        result = vault_service.accept_catalog(vault)
    if wants_json(args):
        print_json(result.to_json())
        return 0
    say(f"Accepted: {result.accepted.message}")
    say(f"The decision is custody event {result.event}; the vault accepts writes again.")
    if result.quarantined:
        say(
            f"{len(result.quarantined)} stored content(s) no row references were moved to "
            "quarantine/; `evidence-app vault recover-orphans` brings them back as items."
        )
    return 0


def cmd_recover_orphans(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault, TerminalProgress() as progress:
        outcomes = orphan_recovery.recover_orphans(vault, progress)
    if wants_json(args):
        print_json([outcome.to_json() for outcome in outcomes])
        return 0
    if not outcomes:
        say("Nothing is in quarantine.")
    for outcome in outcomes:
        line = f"{outcome.blob_id}  {_OUTCOME_WORDS[outcome.status]}"
        if outcome.item_id is not None:
            line += f" {outcome.item_id}"
        say(f"{line}  {outcome.message}".rstrip())
    return 1 if any(outcome.status == "unreadable" for outcome in outcomes) else 0
