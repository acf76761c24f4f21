"""`evidence-app export …` and `verify-dossier`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidence_app.cli.output import print_json, say, wants_json, warn
from evidence_app.cli.progress_bar import TerminalProgress
from evidence_app.cli.unlock import open_from_args
from evidence_app.core import exhibition_service, export_service
from evidence_app.core.exhibition_service import LANGUAGES, PAPERS, PHOTO_SIZES
from evidence_app.core.export_service import Limits
from evidence_app.core.publication_service import PublicationBlocked


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", help="export dossiers")
    kinds = export.add_subparsers(dest="export_command", required=True, metavar="KIND")
    legal = kinds.add_parser(
        "accountability", parents=[common], help="a verifiable dossier for legal teams"
    )
    legal.add_argument("--case", required=True, metavar="REF")
    legal.add_argument("-o", "--output", required=True, metavar="DIR", help="a new folder")
    legal.add_argument("--zip", action="store_true", help="write DIR.zip instead of a folder")
    legal.add_argument(
        "--gps-distance",
        type=_kilometres,
        default=Limits().distance_km,
        metavar="KM",
        help="observe GPS positions farther than this from the linked facility (default 50)",
    )
    legal.add_argument(
        "--language",
        choices=export_service.LANGUAGES,
        default="en",
        help="the language of dossier.pdf and of the signed declaration (default en)",
    )
    declaration = legal.add_argument_group(
        "declaration",
        "who declares, signed with the vault's key, that the exhibits are the files as "
        "received (name and role; without them the dossier says no declaration was made, "
        "for internal review only)",
    )
    declaration.add_argument("--declarant-name", default="", metavar="TEXT")
    declaration.add_argument("--declarant-role", default="", metavar="TEXT")
    declaration.add_argument("--declarant-organisation", default="", metavar="TEXT")
    legal.set_defaults(handler=cmd_export_accountability)

    exhibition = kinds.add_parser(
        "exhibition", parents=[common], help="a printable PDF of consented, redacted material"
    )
    exhibition.add_argument("--case", required=True, metavar="REF")
    exhibition.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    exhibition.add_argument("--paper", choices=tuple(PAPERS), default="a4")
    exhibition.add_argument(
        "--language", choices=LANGUAGES, default="en", help="the language of the edition"
    )
    exhibition.add_argument(
        "--organiser", default="", metavar="TEXT", help="who presents it, on the first page"
    )
    exhibition.add_argument(
        "--photo-size",
        choices=PHOTO_SIZES,
        default="fit",
        help="fit: full page unless that prints under 150 ppi, then smaller; full: always",
    )
    exhibition.add_argument(
        "--accept-all-proposed",
        action="store_true",
        help="blur every face the detector proposed that is still undecided "
        "(each logged as accepted)",
    )
    exhibition.set_defaults(handler=cmd_export_exhibition)

    check = commands.add_parser(
        "verify-dossier",
        parents=[common],
        help="check a dossier folder or zip (needs no vault and no passphrase)",
    )
    check.add_argument("path", metavar="PATH")
    check.add_argument(
        "--signer",
        metavar="KEY",
        help="fail unless signed by this key: its fingerprint, minisign public key, or a "
        "signer.pub you received independently",
    )
    check.add_argument(
        "--previous",
        metavar="OLD",
        help="an earlier edition (folder or zip) whose custody log this one must extend",
    )
    check.set_defaults(handler=cmd_verify_dossier)


def _kilometres(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 20_040:  # half the circumference: no two places are farther apart
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance in km (e.g. 50)")
    return value


def cmd_export_accountability(args: argparse.Namespace) -> int:
    given = (args.declarant_name, args.declarant_role, args.declarant_organisation)
    declarant = export_service.Declarant(*given) if any(given) else None
    with open_from_args(args) as vault, TerminalProgress() as progress:
        result = export_service.export_accountability(
            vault,
            args.case,
            Path(args.output),
            as_zip=args.zip,
            progress=progress,
            limits=Limits(distance_km=args.gps_distance),
            declarant=declarant,
            language=args.language,
        )
    for notice in result.notices:
        warn(notice)
    if wants_json(args):
        print_json(result.to_json())
        return 0
    say(
        f"Accountability dossier for {result.case_ref}: {result.exhibits} exhibits, "
        f"{result.testimonies} testimonies, written to {result.path}."
    )
    if result.omitted:
        say(f"Left out ({len(result.omitted)}), only material with legal consent may go in:")
        for line in result.omitted:
            say(f"  - {line}")
    if result.unnamed:
        say(f"Not named ({len(result.unnamed)}), only people with legal consent are named:")
        for line in result.unnamed:
            say(f"  - {line}")
    if result.declarant is not None:
        say(f"Declaration signed for {result.declarant.name} ({result.declarant.role}).")
    else:
        say(
            "No declaration was made (see --declarant-name and --declarant-role); the "
            "dossier says so, which suits internal review, not a court."
        )
    say(f"Manifest SHA-256: {result.manifest_sha256}")
    return 0


def cmd_export_exhibition(args: argparse.Namespace) -> int:
    try:
        with open_from_args(args) as vault, TerminalProgress() as progress:
            result = exhibition_service.export_exhibition(
                vault,
                args.case,
                Path(args.output),
                paper=args.paper,
                language=args.language,
                progress=progress,
                organiser=args.organiser,
                photo_size=args.photo_size,
                accept_all_proposed=args.accept_all_proposed,
            )
    except PublicationBlocked as blocked:
        if not wants_json(args):
            raise
        print_json({"written": False, "unresolved": [c.to_json() for c in blocked.unresolved]})
        return blocked.exit_code
    for notice in result.notices:
        warn(notice)
    if wants_json(args):
        print_json(result.to_json())
        return 0
    say(
        f"Exhibition for {result.case_ref}: {result.photos} photographs, "
        f"{result.excerpts} testimony excerpts, written to {result.path}."
    )
    say(
        f"Blurred: {result.faces_blurred} accepted face regions, "
        f"{result.regions_blurred} regions drawn by hand."
    )
    say(f"What was checked and decided: {result.review_path}")
    if result.omitted:
        say(f"Left out ({len(result.omitted)}):")
        for line in result.omitted:
            say(f"  - {line}")
    for line in result.print_warnings:
        warn(line)
    warn(result.warning)
    return 0


def cmd_verify_dossier(args: argparse.Namespace) -> int:
    previous = Path(args.previous) if args.previous else None
    with TerminalProgress() as progress:
        report = export_service.check_dossier(Path(args.path), progress, args.signer, previous)
    if wants_json(args):
        print_json(report.to_json())
        return 0 if report.ok else 1
    if report.signer is not None:
        say(f"Signer key fingerprint {report.signer.fingerprint}")
        say(f"  minisign key id {report.signer.key_id}; it calls itself {report.signer.name!r}")
    if report.declarant is not None:
        who = ", ".join(v for v in report.declarant.values() if v)
        say(f"Declared by {who}")
    elif report.signer is not None:
        say("No declaration was made by the person who exported it")
    say(
        f"Checked {report.files_checked} files, {report.exhibits} exhibits and "
        f"{report.events} custody events."
    )
    if report.ok:
        say("The dossier verifies: every file, signature and proof checks out.")
        if report.previous is not None:
            say(f"Its custody log extends the one of the previous edition {report.previous}.")
        if report.expected_signer is not None:
            say("It is signed by the expected key.")
        else:
            say(
                "This proves the dossier is internally consistent and signed by the key "
                "above, not whose key that is: a forged dossier brings its own key. Compare "
                "the fingerprint with one you obtained independently (by phone, or from the "
                "organisation), or pass it with --signer."
            )
    for problem in report.problems:
        warn(f"- {problem}")
    return 0 if report.ok else 1
