"""`evidence-app vault …` and `evidence-app org-key …`."""

from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path
from typing import Any

from evidence_app.cli import vault_state_commands
from evidence_app.cli.output import human_size, print_json, say, wants_json
from evidence_app.cli.progress_bar import TerminalProgress
from evidence_app.cli.unlock import (
    PASSPHRASE_ENV,
    new_passphrase,
    open_from_args,
    read_secret_file,
    vault_dir,
)
from evidence_app.core import compact_service, rekey_service, vault_service
from evidence_app.core.errors import BadInput
from evidence_app.core.vault_notices import (
    OLD_COPIES_NOTICE,
    PASSPHRASE_CHANGED,
    SLOT_REMOVED,
    TRAVEL_MODE_OFF,
    TRAVEL_MODE_ON,
    TRAVEL_MODE_WARNING,
)
from evidence_app.core.vault_results import SlotDescription
from evidence_app.core.vault_service import fingerprint

RECOVERY_NOTICE = """\
Recovery code — write it on paper now and keep it apart from this computer.
It opens the vault if the passphrase is lost or travel mode is on. It is shown only once.

    {code}
"""


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    vault = commands.add_parser("vault", help="create and manage a vault")
    actions = vault.add_subparsers(dest="vault_command", required=True, metavar="ACTION")

    init = actions.add_parser("init", parents=[common], help="create a new vault")
    init.add_argument("dir", help="folder for the new vault (new or empty)")
    init.add_argument("--name", default="", help="your name as it appears in the custody log")
    init.add_argument(
        "--kdf-seconds",
        type=float,
        default=1.0,
        help="time one passphrase check should take here (0: the minimum, 256 MiB × 3 passes; "
        "never more than 1 GiB × 8 passes)",
    )
    init.set_defaults(handler=cmd_init)

    info = actions.add_parser("info", parents=[common], help="show what the vault holds")
    info.set_defaults(handler=cmd_info)

    passwd = actions.add_parser("passwd", parents=[common], help="change the passphrase")
    passwd.add_argument("--new-passphrase-file", metavar="FILE")
    passwd.add_argument("--kdf-seconds", type=float, default=1.0)
    passwd.set_defaults(handler=cmd_passwd)

    travel = actions.add_parser(
        "travel-mode", parents=[common], help="remove or restore the passphrase for a journey"
    )
    travel.add_argument("state", choices=["on", "off"])
    travel.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    travel.add_argument("--new-passphrase-file", metavar="FILE")
    travel.add_argument("--kdf-seconds", type=float, default=1.0)
    travel.set_defaults(handler=cmd_travel_mode)

    compact = actions.add_parser(
        "compact", parents=[common], help="rewrite unpadded blobs in the padded format"
    )
    compact.set_defaults(handler=cmd_compact)

    rekey = actions.add_parser(
        "rekey",
        parents=[common],
        help="replace the master key, the passphrase and the recovery code",
    )
    rekey.add_argument("--new-passphrase-file", metavar="FILE")
    rekey.add_argument("--kdf-seconds", type=float, default=1.0)
    rekey.set_defaults(handler=cmd_rekey)

    vault_state_commands.register(actions, common)

    slots = actions.add_parser("slots", parents=[common], help="list or add key slots")
    slot_actions = slots.add_subparsers(dest="slots_command", metavar="ACTION")
    add_sealed = slot_actions.add_parser(
        "add-sealed", parents=[common], help="let an organisation's key open this vault"
    )
    add_sealed.add_argument("public_key", metavar="PUBKEY", help="X25519 public key or its file")
    add_sealed.add_argument("--label", default="", help="whose key this is")
    add_sealed.set_defaults(handler=cmd_add_sealed)
    remove = slot_actions.add_parser(
        "remove", parents=[common], help="remove a recovery or organisation key slot"
    )
    remove.add_argument("slot_id", metavar="SLOT", help="the slot's id, as `vault slots` lists it")
    remove.add_argument("--yes", action="store_true", help="confirm the removal")
    remove.set_defaults(handler=cmd_remove_slot)
    slots.set_defaults(handler=cmd_slots)

    org = commands.add_parser("org-key", help="organisation keys for sealed slots")
    org_actions = org.add_subparsers(dest="org_command", required=True, metavar="ACTION")
    generate = org_actions.add_parser(
        "generate", parents=[common], help="create an organisation key pair"
    )
    generate.add_argument("--out", "-o", required=True, help="file for the private key")
    generate.set_defaults(handler=cmd_org_generate)


def _initial_passphrase(args: argparse.Namespace) -> str:
    if getattr(args, "passphrase_file", None):
        return read_secret_file(args.passphrase_file, "passphrase")
    if PASSPHRASE_ENV in os.environ:
        return os.environ[PASSPHRASE_ENV]
    return new_passphrase(args)


def cmd_init(args: argparse.Namespace) -> int:
    created = vault_service.create_vault(
        Path(args.dir).expanduser(), _initial_passphrase(args), args.name, args.kdf_seconds
    )
    with created.vault as vault:
        if wants_json(args):
            print_json(
                {
                    "vault": str(vault.path),
                    "vault_id": vault.vault_id,
                    "fingerprint": fingerprint(vault.public_key),
                    "recovery_code": created.recovery_code,
                }
            )
        else:
            say(f"Created a vault in {vault.path}.\n")
            say(RECOVERY_NOTICE.format(code=created.recovery_code))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        info = vault_service.vault_info(vault)
    if wants_json(args):
        print_json(info.to_json())
        return 0
    say(f"Vault      {info.path}")
    say(f"Format     {info.format} version {info.version}")
    say(f"Vault id   {info.vault_id}")
    say(f"Created    {info.created}")
    say(f"Keeper     {info.keeper}")
    say(f"Signing key  Ed25519 {info.identity.public_key}")
    say(f"  fingerprint {info.identity.fingerprint}")
    if info.transfer_key is None:
        say("Transfer key none yet: made when the vault next opens for writing")
    else:
        say(f"Transfer key X25519 {info.transfer_key.public_key}")
        say(f"  fingerprint {info.transfer_key.fingerprint}")
    if info.rekey_pending:
        say("Rekey      interrupted: run `evidence-app vault rekey` to finish it")
    say(f"Travel mode {'on' if info.travel_mode else 'off'}")
    if info.read_only_reason is not None:
        say(f"Read-only  {info.read_only_reason}")
    for slot in info.slots:
        say("Slot       " + _slot_line(slot))
    say(f"Blobs      {info.blob_count}")
    say(f"Quarantined {info.quarantined_count}")
    say(f"Content    {human_size(info.content_bytes)}")
    return 0


def _slot_line(slot: SlotDescription) -> str:
    line = f"{slot.id}  {slot.kind:<10}  created {slot.created}"
    if slot.kdf is not None:
        line += f"  Argon2id {slot.kdf.memory_mib} MiB × {slot.kdf.passes} passes"
    if slot.label:
        line += f"  {slot.label}"
    if slot.damaged is not None:
        line += f"  DAMAGED: {slot.damaged}"
    return line


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        vault_service.change_passphrase(vault, new_passphrase(args), args.kdf_seconds)
    say(PASSPHRASE_CHANGED)
    say(OLD_COPIES_NOTICE)
    return 0


def cmd_travel_mode(args: argparse.Namespace) -> int:
    if args.state == "on":
        if not args.yes:
            _confirm_travel_mode()
        with open_from_args(args) as vault:
            removed = vault_service.travel_mode_on(vault)
        say(TRAVEL_MODE_ON.format(count=removed))
        say(OLD_COPIES_NOTICE)
        return 0
    if not (getattr(args, "recovery_file", None) or getattr(args, "org_key_file", None)):
        raise BadInput("Turning travel mode off needs --recovery-file or --org-key-file.")
    with open_from_args(args) as vault:
        vault_service.travel_mode_off(vault, new_passphrase(args), args.kdf_seconds)
    say(TRAVEL_MODE_OFF)
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault, TerminalProgress() as progress:
        report = compact_service.compact_vault(vault, progress)
    if wants_json(args):
        print_json(report.to_json())
    else:
        say(
            f"Rewrote {report.rewritten} blob(s) ({human_size(report.rewritten_bytes)}) in the "
            f"padded format; {report.already_padded} were padded already."
        )
        for problem in report.problems:
            say(f"problem  {problem}")
    return 1 if report.problems else 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        passphrase = None
        if args.new_passphrase_file or not vault_service.in_travel_mode(vault.slots):
            passphrase = new_passphrase(args)
        with TerminalProgress() as progress:
            result = rekey_service.rekey_vault(vault, passphrase, args.kdf_seconds, progress)
    if wants_json(args):
        print_json(result.to_json())
        return 1 if result.problems else 0
    if result.finished_interrupted:
        say("An interrupted rekey was finished first.")
    say(
        f"The vault has a new master key: {result.blobs_rewrapped} blob key(s) re-wrapped, "
        f"{result.blobs_compacted} blob(s) rewritten padded. Old copies of vault.json, the old "
        "passphrase and the old recovery code open nothing any more."
    )
    for problem in result.problems:
        say(f"problem  {problem}")
    say(RECOVERY_NOTICE.format(code=result.recovery_code))
    return 1 if result.problems else 0


def _confirm_travel_mode() -> None:
    if not sys.stdin.isatty():
        raise BadInput("Travel mode removes the passphrase; confirm with --yes.")
    answer = input(TRAVEL_MODE_WARNING + " Type YES to go on: ")
    if answer.strip() != "YES":
        raise BadInput("Travel mode was not turned on.")


def cmd_slots(args: argparse.Namespace) -> int:
    slots = vault_service.list_slots(vault_dir(args))
    if wants_json(args):
        print_json([slot.to_json() for slot in slots])
    else:
        for slot in slots:
            say(_slot_line(slot))
    return 0


def cmd_add_sealed(args: argparse.Namespace) -> int:
    text = args.public_key
    candidate = Path(text).expanduser()
    if candidate.is_file():
        text = read_secret_file(str(candidate), "public key").strip().splitlines()[-1]
    public_key = vault_service.parse_public_key(text)
    with open_from_args(args) as vault:
        slot = vault_service.add_sealed_slot(vault, public_key, args.label)
    say(f"Added sealed slot {slot.slot_id}; the matching private key now opens the vault.")
    return 0


def cmd_remove_slot(args: argparse.Namespace) -> int:
    if not args.yes:
        raise BadInput("What this slot held will no longer open the vault; confirm with --yes.")
    with open_from_args(args) as vault:
        vault_service.remove_slot(vault, args.slot_id)
    say(SLOT_REMOVED)
    say(OLD_COPIES_NOTICE)
    return 0


def cmd_org_generate(args: argparse.Namespace) -> int:
    pair = vault_service.generate_org_keypair()
    out = Path(args.out).expanduser()
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BadInput(f"{out} already exists; choose another file.") from None
    except OSError as error:
        raise BadInput(f"Cannot write {out}: {error.strerror}.") from None
    public_b64 = base64.b64encode(pair.public_key).decode("ascii")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("# Evidence App organisation private key (X25519). Keep it offline.\n")
        handle.write(f"# public key: {public_b64}\n")
        handle.write(base64.b64encode(pair.private_key).decode("ascii") + "\n")
    if wants_json(args):
        print_json({"private_key_file": str(out), "public_key": public_b64})
    else:
        say(f"Private key written to {out}. Public key (give this to vault keepers):")
        say(public_b64)
    return 0
