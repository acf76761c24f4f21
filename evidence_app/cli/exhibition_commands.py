"""`evidence-app exhibition findings | resolve`: the publication check of an exhibition."""

from __future__ import annotations

import argparse
from typing import Any

from evidence_app.cli.output import print_json, say, wants_json
from evidence_app.cli.unlock import open_from_args
from evidence_app.core import publication_service
from evidence_app.core.exhibition_service import LANGUAGES
from evidence_app.core.publication_service import REPLACE, REVIEWED, CheckedFinding


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    exhibition = commands.add_parser(
        "exhibition", help="names found in an exhibition's texts, and the decisions on them"
    )
    actions = exhibition.add_subparsers(dest="exhibition_command", required=True, metavar="ACTION")
    findings = actions.add_parser(
        "findings", parents=[common], help="list the publication check's findings"
    )
    findings.add_argument("--case", required=True, metavar="REF")
    findings.add_argument("--organiser", default="", metavar="TEXT", help="as given to export")
    findings.add_argument("--language", choices=LANGUAGES, default="en", help="the edition's")
    findings.set_defaults(handler=cmd_findings)

    resolve = actions.add_parser("resolve", parents=[common], help="decide one finding")
    resolve.add_argument("--case", required=True, metavar="REF")
    resolve.add_argument("finding", metavar="FINDING_ID", help="its id, or a unique prefix")
    decision = resolve.add_mutually_exclusive_group(required=True)
    decision.add_argument(
        "--replace-with-pseudonym",
        dest="decision",
        action="store_const",
        const=REPLACE,
        help="print the person's pseudonym instead (in this exhibition only)",
    )
    decision.add_argument(
        "--reviewed",
        dest="decision",
        action="store_const",
        const=REVIEWED,
        help="print the text as it is (for example: it is someone else of that name)",
    )
    resolve.add_argument("--note", default="", metavar="TEXT", help="why, for the custody log")
    resolve.add_argument("--organiser", default="", metavar="TEXT", help="as given to export")
    resolve.add_argument("--language", choices=LANGUAGES, default="en", help="the edition's")
    resolve.set_defaults(handler=cmd_resolve)


def _line(checked: CheckedFinding) -> str:
    f = checked.finding
    state = "undecided" if checked.decision is None else checked.decision.decision
    return f"{f.id}  [{state}]  {f.place.label}: {f.pseudonym} — “{f.excerpt}”"


def cmd_findings(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        check = publication_service.check_publication(
            vault, args.case, args.organiser, args.language
        )
    if wants_json(args):
        print_json(check.to_json())
        return 0
    if not check.findings:
        say(f"No published text of {args.case} names anyone who did not agree to be named.")
        return 0
    say(
        f"{len(check.findings)} findings, {len(check.unresolved)} undecided "
        "(people by pseudonym, names masked):"
    )
    for checked in check.findings:
        say(f"  {_line(checked)}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        checked = publication_service.resolve_finding(
            vault, args.case, args.finding, args.decision, args.note, args.organiser, args.language
        )
    if wants_json(args):
        print_json(checked.to_json())
    else:
        say(f"Recorded in the custody log: {_line(checked)}")
    return 0
