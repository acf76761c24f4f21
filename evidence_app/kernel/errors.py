"""Errors a person can cause, each with a message they understand and a CLI exit code.

The CLI prints `str(error)` on one line and exits with `error.exit_code`; the GUI shows the
same message in a dialog. Anything that is not an `EvidenceAppError` is a bug.
"""

from __future__ import annotations


class EvidenceAppError(Exception):
    """Base of every error a user can cause. `exit_code` follows DESIGN §4."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(EvidenceAppError):
    """Wrong usage, a missing path, a file that is not what it claims to be."""

    exit_code = 2


class VerificationFailed(EvidenceAppError):
    """A check found problems; the report names them."""

    exit_code = 1


class WrongSecret(EvidenceAppError):
    """Wrong passphrase, recovery code or organisation key; nothing on disk changed."""

    exit_code = 3


class NoWayToUnlock(EvidenceAppError):
    """No secret was given that this vault has a slot for (for example in travel mode)."""

    exit_code = 3


class VaultInUse(EvidenceAppError):
    exit_code = 4


class UnknownVaultFormat(EvidenceAppError):
    exit_code = 4


class VaultReadOnly(EvidenceAppError):
    """The vault opened read-only (its catalog does not match vault.json); nothing was written.

    Exit code 4, as for a vault in use: the vault is fine to read but cannot take this write
    until its keeper decides, and scripts must not mistake the refusal for bad usage (2) or
    for a verification result (1).
    """

    exit_code = 4


class VaultNotFound(BadInput):
    pass


class IntegrityError(EvidenceAppError):
    """Stored content or metadata failed an authenticity check. Never repaired silently."""

    exit_code = 1


class Cancelled(EvidenceAppError):
    """The user asked a long operation to stop; what was committed before stays."""

    exit_code = 130
