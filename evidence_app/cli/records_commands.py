"""`evidence-app records …`, `search` and `consent …`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidence_app.cli.output import print_json, say, wants_json
from evidence_app.cli.unlock import open_from_args
from evidence_app.core import records_service


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    records = commands.add_parser("records", help="import and export records")
    actions = records.add_subparsers(dest="records_command", required=True, metavar="ACTION")
    importing = actions.add_parser("import", parents=[common], help="import a records document")
    importing.add_argument("file", metavar="FILE.json")
    importing.set_defaults(handler=cmd_import)
    exporting = actions.add_parser("export", parents=[common], help="export every record")
    exporting.add_argument("-o", "--output", required=True, metavar="FILE.json")
    exporting.add_argument(
        "--force", action="store_true", help="replace FILE.json if it already exists"
    )
    exporting.set_defaults(handler=cmd_export)

    search = commands.add_parser("search", parents=[common], help="full-text search")
    search.add_argument("text", nargs="?", default="", metavar="TEXT")
    search.add_argument("--case", metavar="REF")
    search.add_argument("--facility", metavar="REF")
    search.add_argument("--method", metavar="CODE")
    search.add_argument("--role", metavar="CODE")
    search.add_argument("--person", metavar="REF")
    search.add_argument("--from", dest="date_from", metavar="DATE", help="2023, 2023-05 …")
    search.add_argument("--to", dest="date_to", metavar="DATE")
    search.add_argument("--kind", action="append", default=[], help="only this kind of record")
    search.set_defaults(handler=cmd_search)

    consent = commands.add_parser("consent", help="the consent ledger")
    consent_actions = consent.add_subparsers(
        dest="consent_command", required=True, metavar="ACTION"
    )
    withdraw = consent_actions.add_parser(
        "withdraw", parents=[common], help="record that a person withdrew consent"
    )
    withdraw.add_argument("person", metavar="PERSON_REF")
    withdraw.add_argument(
        "--scope", choices=records_service.CONSENT_SCOPES, help="only this purpose (default: all)"
    )
    withdraw.set_defaults(handler=cmd_withdraw)


def cmd_import(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        summary = records_service.import_records(vault, Path(args.file))
    if wants_json(args):
        print_json(summary.to_json())
    else:
        say(
            f"{len(summary.created)} created, {len(summary.revised)} revised, "
            f"{len(summary.unchanged)} unchanged."
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        exported = records_service.export_records(vault, Path(args.output), replace=args.force)
    if wants_json(args):
        print_json(exported.to_json())
    else:
        say(
            ", ".join(f"{count} {section}" for section, count in exported.to_json().items())
            + f" written to {args.output}."
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    filters = records_service.search_filters(
        date_from=args.date_from,
        date_to=args.date_to,
        case=args.case,
        facility=args.facility,
        method=args.method,
        role=args.role,
        person=args.person,
        kinds=tuple(args.kind),
    )
    with open_from_args(args) as vault:
        hits = records_service.search_everything(vault, args.text, filters)
    if wants_json(args):
        print_json([hit.to_json() for hit in hits])
        return 0
    for hit in hits:
        say(f"{hit.kind:<10} {hit.ref:<34} {hit.title}: {hit.marked()}")
    say(f"{len(hits)} found")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        withdrawn = records_service.withdraw_consent(vault, args.person, args.scope)
    if wants_json(args):
        print_json({"person": args.person, "withdrawn": withdrawn})
    else:
        say(
            f"Consent withdrawn for {args.person}: {', '.join(withdrawn)}. "
            "It takes effect at once for every export."
        )
    return 0
