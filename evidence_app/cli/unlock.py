"""Where the CLI finds the vault and the secret that opens it (DESIGN §4)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from evidence_app.cli.output import warn
from evidence_app.core.errors import BadInput, NoWayToUnlock
from evidence_app.core.unlocking import (
    Passphrase,
    UnlockSecret,
    default_vault_dir,
    org_key,
    recovery_code,
)
from evidence_app.core.vault_service import Vault, unlock_vault

VAULT_ENV = "EVIDENCE_APP_VAULT"
PASSPHRASE_ENV = "EVIDENCE_APP_PASSPHRASE"


def vault_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "vault", None) or os.environ.get(VAULT_ENV)
    return Path(given).expanduser() if given else default_vault_dir()


def read_secret_file(path: str, what: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"The {what} file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"Cannot read the {what} file {path}: {error}.") from None
    # One trailing newline is how editors save a line; it is not part of the secret.
    return text.removesuffix("\n").removesuffix("\r")


def prompt_passphrase(prompt: str = "Passphrase: ") -> str:
    if not sys.stdin.isatty():
        raise NoWayToUnlock(
            "No passphrase given: use --passphrase-file, the "
            f"{PASSPHRASE_ENV} variable, --recovery-file or --org-key-file."
        )
    return getpass.getpass(prompt)


def unlock_secret(args: argparse.Namespace) -> UnlockSecret:
    if getattr(args, "recovery_file", None):
        return recovery_code(read_secret_file(args.recovery_file, "recovery"))
    if getattr(args, "org_key_file", None):
        path = args.org_key_file
        return org_key(read_secret_file(path, "organisation key"), path)
    if getattr(args, "passphrase_file", None):
        return Passphrase(read_secret_file(args.passphrase_file, "passphrase"))
    if PASSPHRASE_ENV in os.environ:
        return Passphrase(os.environ[PASSPHRASE_ENV])
    return Passphrase(prompt_passphrase())


def open_from_args(args: argparse.Namespace) -> Vault:
    vault = unlock_vault(vault_dir(args), unlock_secret(args))
    for notice in vault.notices:
        warn(notice)
    vault.notices.clear()
    return vault


def new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase from --new-passphrase-file, else asked twice at the terminal."""
    path = getattr(args, "new_passphrase_file", None)
    if path:
        return read_secret_file(path, "new passphrase")
    if not sys.stdin.isatty():
        raise BadInput("Give the new passphrase with --new-passphrase-file.")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("Repeat it: ") != first:
        raise BadInput("The two passphrases differ; nothing was changed.")
    return first
