"""Where vaults live by default and how a typed or saved secret becomes an unlock secret.

Shared by the command line and the desktop app, so both read a recovery code or an
organisation key file the same way.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

import platformdirs

from evidence_app.crypto.recovery_code import parse_recovery_code
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.secrets import OrgPrivateKey, Passphrase, RecoveryCode, UnlockSecret

__all__ = ["Passphrase", "UnlockSecret", "default_vault_dir", "org_key", "recovery_code"]


def default_vault_dir() -> Path:
    return Path(platformdirs.user_data_dir("EvidenceApp", appauthor=False)) / "vault"


def recovery_code(text: str) -> RecoveryCode:
    """A recovery code as a person typed it (any case, spaces or dashes)."""
    return RecoveryCode(parse_recovery_code(text))


def org_key(text: str, source: str = "The organisation key") -> OrgPrivateKey:
    """An organisation private key file's text: comment lines, then the key in base64."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    try:
        key = base64.b64decode(lines[-1].strip(), validate=True) if lines else b""
    except binascii.Error:
        key = b""
    if len(key) != 32:
        raise BadInput(f"{source} does not hold an organisation private key.")
    return OrgPrivateKey(key)
