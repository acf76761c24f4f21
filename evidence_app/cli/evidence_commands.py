"""`evidence-app ingest`, `items …`, `log` and `verify`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evidence_app.cli.output import human_size, print_json, say, wants_json, warn
from evidence_app.cli.progress_bar import TerminalProgress
from evidence_app.cli.unlock import open_from_args
from evidence_app.core import (
    ingest_service,
    items_service,
    links_service,
    redaction_service,
    region_service,
    similar_service,
    verify_service,
)
from evidence_app.core.errors import BadInput
from evidence_app.core.ingest_service import IngestOutcome
from evidence_app.core.item_results import SimilarItem
from evidence_app.core.links_service import LinkChange
from evidence_app.core.proofmode_credentials import credential_line
from evidence_app.core.records_service import RECEIPT_CHANNELS, vocabulary
from evidence_app.core.words import c2pa_facts

_STATUS_WORDS = {
    "stored": "stored",
    "already_present": "already in the vault",
    "reacquired": "already in the vault; new source recorded",
    "skipped": "SKIPPED",
    "failed": "FAILED",
    "cancelled": "not stored (stopped)",
}


VERIFY_DESCRIPTION = (
    "Checks every signature and the hash chain of the custody log, the log against every "
    "checkpoint the vault issued, that each item's catalog record matches the hash recorded "
    "when it entered the vault, and that each item's stored file is present, readable, has a "
    "header that authenticates under this vault's key and exactly the length its content "
    "needs: a missing, replaced, truncated or extended file is found. The quick check does "
    "not decrypt the content: a change inside a stored file that keeps its length (a flipped "
    "bit, chunks swapped or repeated) is found only by --full. Exits 1 naming the first bad "
    "event and each bad item; every item is checked even after a bad one. Nothing is repaired."
)


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    ingest = commands.add_parser("ingest", parents=[common], help="store files as evidence")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ingest.add_argument(
        "--case", metavar="REF", help="file under this case (a case record must exist)"
    )
    ingest.add_argument("--source", default="", help="who or where the files came from")
    ingest.add_argument(
        "--captured-by",
        metavar="NAME",
        help="who took the photo or made the file: a name, or person:REF for a person record",
    )
    ingest.add_argument(
        "--received-on",
        metavar="DATE",
        help="when you received it: 2024-03-15, 15.03.2024, 2024-03 or 2024",
    )
    ingest.add_argument(
        "--received-via",
        metavar="CHANNEL",
        help="how you received it: " + ", ".join(vocabulary(RECEIPT_CHANNELS).codes),
    )
    ingest.add_argument(
        "--custodian",
        action="append",
        default=[],
        metavar="NAME|DATE|PURPOSE",
        help="who held it before you, oldest first; repeat for each. NAME may be person:REF; "
        'DATE and PURPOSE may be left out, e.g. "Olena (sister)|2024-03-10|kept it on her phone"',
    )
    ingest.set_defaults(handler=cmd_ingest)

    items = commands.add_parser("items", help="list, show and extract items")
    actions = items.add_subparsers(dest="items_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="list items")
    listing.add_argument("--case", metavar="REF", help="only items of this case")
    listing.set_defaults(handler=cmd_items_list)
    show = actions.add_parser("show", parents=[common], help="everything known of an item")
    show.add_argument("item", metavar="ID", help="item id or SHA-256 (or a prefix)")
    show.set_defaults(handler=cmd_items_show)
    similar = actions.add_parser(
        "similar", parents=[common], help="items that look like this one (perceptual hash)"
    )
    similar.add_argument("item", metavar="ID", help="item id or SHA-256 (or a prefix)")
    similar.set_defaults(handler=cmd_items_similar)
    extract = actions.add_parser("extract", parents=[common], help="decrypt an item to a file")
    extract.add_argument("item", metavar="ID")
    extract.add_argument("-o", "--output", required=True, metavar="FILE")
    extract.set_defaults(handler=cmd_items_extract)

    link = actions.add_parser(
        "link",
        parents=[common],
        help="set what items are linked to; what is given replaces what was linked",
    )
    link.add_argument("items", nargs="+", metavar="ID", help="item ids or SHA-256 (or prefixes)")
    link.add_argument("--cases", type=_ref_list, metavar="C,…", help='case refs ("" for none)')
    link.add_argument("--people", type=_ref_list, metavar="P,…", help='person refs ("" for none)')
    link.add_argument("--facility", metavar="F", help='facility ref ("" for none)')
    link.add_argument("--incident", metavar="I", help='incident ref ("" for none)')
    link.add_argument("--caption", metavar="TEXT")
    link.add_argument("--publishable", choices=("yes", "no"))
    link.set_defaults(handler=cmd_items_link)

    redact = actions.add_parser(
        "redact", parents=[common], help="mark regions of a photo to blur when published"
    )
    redact.add_argument("item", metavar="ID")
    redact.add_argument(
        "--region",
        action="append",
        required=True,
        metavar="X,Y,W,H",
        help="a rectangle in pixels of the upright photo; repeat for more",
    )
    redact.set_defaults(handler=cmd_items_redact)

    regions = actions.add_parser(
        "regions",
        parents=[common],
        help="list the regions of a photo to blur, and accept, reject or keep them",
    )
    regions.add_argument("item", metavar="ID")
    regions.add_argument("decision", nargs="?", choices=("accept", "reject", "keep"))
    regions.add_argument("regions", nargs="*", type=int, metavar="REGION", help="region ids")
    regions.add_argument(
        "--person", metavar="REF", help="with keep: the person, who consented to public_named"
    )
    regions.set_defaults(handler=cmd_items_regions)

    log = commands.add_parser("log", parents=[common], help="the chain-of-custody log")
    log.set_defaults(handler=cmd_log)

    verify = commands.add_parser(
        "verify",
        parents=[common],
        help="check the vault's integrity",
        description=VERIFY_DESCRIPTION,
    )
    verify.add_argument(
        "--full",
        action="store_true",
        help="also decrypt every item, checking every chunk and the final tag, and compare "
        "its SHA-256 with the one recorded at ingest (reads every byte)",
    )
    verify.set_defaults(handler=cmd_verify)


def cmd_ingest(args: argparse.Namespace) -> int:
    as_json = wants_json(args)

    def show(outcome: IngestOutcome) -> None:
        if as_json:
            return
        progress.clear()
        line = f"{_STATUS_WORDS[outcome.status]:<12} {outcome.path}"
        if outcome.sha256:
            line += f"  sha256:{outcome.sha256[:16]}"
        if outcome.reason:
            line += f"  — {outcome.reason}"
        say(line)
        for note in outcome.notes:
            say(f"             note: {note}")
        for found in outcome.similar:
            say(f"             similar to {_similar_words(found)}")
        for inner in outcome.contained:
            show(inner)
        sys.stdout.flush()

    provenance = ingest_service.typed_provenance(
        args.captured_by, args.received_on, args.received_via, args.custodian
    )
    with open_from_args(args) as vault, TerminalProgress() as progress:
        report = ingest_service.ingest_paths(
            vault,
            [Path(p) for p in args.paths],
            source=args.source,
            case_ref=args.case,
            progress=progress,
            on_outcome=show,
            provenance=provenance,
        )
    if as_json:
        print_json(report.to_json())
    else:
        say(
            f"\n{report.count('stored')} stored, {report.count('already_present')} already "
            f"present, {report.count('reacquired')} from a new source, "
            f"{report.count('skipped')} skipped, {report.count('failed')} failed"
            + (", stopped before the end" if report.cancelled else "")
            + "."
        )
    # Exit 2 (bad input) when any file was not stored, skipped or failed, so scripts notice.
    return 0 if report.everything_stored else 2


def cmd_items_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        items = items_service.list_items(vault, args.case)
    if wants_json(args):
        print_json([item.to_json() for item in items])
        return 0
    for item in items:
        say(
            f"{item.id[:12]}  {item.sha256[:16]}  {human_size(item.size):>10}  "
            f"{item.captured_at or '—':<25}  {item.original_name}"
        )
    say(f"{len(items)} items")
    return 0


def _as_written(text: str) -> str:
    return text


def cmd_items_show(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        item = items_service.show_item(vault, args.item)
    if wants_json(args):
        print_json(item.to_json())
        return 0
    say(f"Item         {item.id}")
    say(f"Name         {item.original_name}")
    say(f"SHA-256      {item.sha256}")
    say(f"Size         {item.size} bytes ({human_size(item.size)})")
    say(f"Type         {item.media_type}")
    say(f"Captured     {item.captured_at or 'unknown'}")
    if item.gps:
        say(f"GPS          {item.gps.lat:.6f}, {item.gps.lon:.6f}")
    camera = " ".join(v for v in (item.camera.make, item.camera.model) if v)
    say(f"Camera       {camera or 'unknown'}")
    for label, value in item.document.rows() if item.document else ():
        say(f"{label:<12} {value}")
    for label, value in item.media.rows() if item.media else ():
        say(f"{label:<12} {value}")
    say(f"Cases        {', '.join(item.cases) or '—'}")
    for source in item.sources:
        say(f"Source       {source.source or '—'}  ({source.original_path})")
    for note in item.notes:
        say(f"Note         {note}")
    for credential in item.credentials:
        if credential.kind == "c2pa":
            for label, value in c2pa_facts(credential.status, credential.summary, _as_written):
                say(f"{label:<12} {value}")
    for found in item.similar:
        say(f"Similar to   {_similar_words(found)}")
    for credential in item.credentials:
        if credential.kind == "proofmode":  # C2PA's facts are printed above
            say(f"Credential   {credential_line(credential, str, short_key=False)}")
    say("Custody")
    for event in item.custody:
        say(f"  {event.seq:>6}  {event.time}  {event.action:<16} {event.actor.name}")
    say(f"EXIF         {len(item.exif)} tags (use --json to see them)")
    return 0


def _similar_words(found: SimilarItem) -> str:
    return f"{found.original_name} ({found.id}; {found.distance} of 64 bits differ)"


def cmd_items_similar(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        result = similar_service.similar_items(vault, args.item)
    if wants_json(args):
        print_json(result.to_json())
        return 0
    if not result.similar:
        say(f"No item looks like {result.original_name}.")
    for found in result.similar:
        say(f"{found.distance:>3}  {found.id}  {found.original_name}")
    return 0


def cmd_items_extract(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault, TerminalProgress() as progress:
        result = items_service.extract_item(vault, args.item, Path(args.output), progress)
    if wants_json(args):
        print_json(result.to_json())
    else:
        say(f"Extracted {result.original_name} to {result.extracted_to} (SHA-256 checked).")
    if not result.logged:
        warn("The extraction was not logged: the vault is open read-only.")
    return 0


def _ref_list(text: str) -> list[str]:
    return [ref.strip() for ref in text.split(",") if ref.strip()]


def cmd_items_link(args: argparse.Namespace) -> int:
    change = LinkChange(
        cases=args.cases,
        people=args.people,
        facility=args.facility,
        incident=args.incident,
        caption=args.caption,
        publishable=None if args.publishable is None else args.publishable == "yes",
    )
    with open_from_args(args) as vault:
        result = links_service.set_links(vault, args.items, change)
    if wants_json(args):
        print_json(result.to_json())
        return 0
    for item in result.items:
        state = f"revision {item.revision}" if item.revision else "cases changed"
        cases = ", ".join(item.links["cases"]) or "no case"
        say(
            f"{item.item_id[:12]}  {item.original_name}: "
            + (f"{state}; filed under {cases}" if item.changed else "unchanged")
        )
    say(f"{result.changed} of {len(result.items)} items changed.")
    for left in result.fell_out:
        dossier = "court dossier" if left.dossier == "accountability" else "exhibition"
        say(f"Now left out of the {dossier} of {left.case_ref}: {left.omission.detail}")
    return 0


def cmd_items_redact(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        item, count = redaction_service.mark_item_regions(vault, args.item, args.region)
    if wants_json(args):
        print_json({"id": item.id, "regions": count})
    else:
        say(f"{item.original_name}: {count} regions will be blurred wherever it is published.")
    return 0


def cmd_items_regions(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        if args.decision is None:
            if args.regions or args.person:
                raise BadInput("Say what to do with the regions: accept, reject or keep.")
            result = region_service.list_regions(vault, args.item)
        else:
            result = region_service.decide(
                vault, args.item, args.decision, args.regions, args.person
            )
    if wants_json(args):
        print_json(result.to_json())
        return 0
    say(f"{result.original_name}  (item {result.item_id[:12]})")
    say(f"Detector     {result.detector or '—'}")
    for region in result.regions:
        x, y, width, height = region.box.to_json()
        score = f"score {region.score:.2f}" if region.score is not None else "drawn by hand"
        person = f"  shows {region.person_ref}" if region.person_ref else ""
        say(f"  {region.id:>6}  {region.kind:<9} {x},{y},{width},{height}  {score}{person}")
    if not result.regions:
        say("  no regions: the detector found no face, and none was drawn")
    if result.undecided:
        say(
            f"{len(result.undecided)} proposed regions are undecided; this photo is not "
            f"exported until each is accepted or rejected: `evidence-app items regions "
            f"{result.item_id[:12]} accept|reject REGION…`."
        )
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        events = items_service.custody_log(vault)
    if wants_json(args):
        print_json([event.to_json() for event in events])
        return 0
    for event in events:
        say(
            f"{event.seq:>6}  {event.time}  {event.action:<16} "
            f"{event.subject[:32]:<32}  {event.hash[:16]}  {event.actor.name}"
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault, TerminalProgress() as progress:
        report = verify_service.verify_vault(vault, full=args.full, progress=progress)
    if wants_json(args):
        print_json(report.to_json())
    else:
        mode = (
            "full: every item decrypted and re-hashed"
            if args.full
            else "quick: stored files' headers and lengths, not their content; --full reads it"
        )
        say(
            f"Checked {report.events} events, {report.checkpoints} checkpoints and "
            f"{report.items} items ({mode})."
        )
        if report.ok:
            say("Everything verifies.")
        else:
            if report.first_bad_event is not None:
                warn(f"First bad event: {report.first_bad_event}")
            for item_id in report.bad_items:
                warn(f"Bad item: {item_id}")
            for problem in report.problems:
                warn(f"- {problem.message}")
    return 0 if report.ok else 1
