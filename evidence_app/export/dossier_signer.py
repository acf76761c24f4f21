"""Who signed a dossier, and the key a reader expects (`verify-dossier --signer KEY`).

A dossier carries its own `signer.pub`, so its checks prove only that it is what *that* key
signed; a forgery made in another vault with the same display name passes them all. What
ties a dossier to an organisation is its key's fingerprint, obtained independently: the
verifier shows it first and, given `--signer`, fails any other key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evidence_app.crypto.identity import fingerprint
from evidence_app.export.minisign import MinisignError, key_id_text, read_public_key
from evidence_app.kernel.errors import BadInput

_KEY_FILE_LIMIT = 64 * 1024
_SEPARATORS = re.compile(r"[\s:]+")
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class SignerIdentity:
    fingerprint: str  # SHA-256 of the raw Ed25519 key, as `vault info` shows it
    key_id: str  # the minisign key id
    name: str  # the name the signer gave itself: a claim, not an identity

    @classmethod
    def of(cls, public_key: bytes, name: str) -> SignerIdentity:
        return cls(fingerprint(public_key), key_id_text(public_key), name)

    def to_json(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "key_id": self.key_id, "name": self.name}


def expected_fingerprint(key: str) -> str:
    """The fingerprint `--signer KEY` pins: KEY is the fingerprint (64 hex digits, spaces or
    colons allowed), a minisign public key, or a path to a file holding either (such as the
    genuine signer.pub)."""
    path = Path(key)
    if path.is_file():
        try:
            with open(path, "rb") as handle:
                text = handle.read(_KEY_FILE_LIMIT + 1).decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"--signer: {path} cannot be read as a key file ({error}).") from None
        if len(text) > _KEY_FILE_LIMIT:
            raise BadInput(f"--signer: {path} is too large to be a key file.")
        return _parse(text, str(path))
    return _parse(key, "the value")


def _parse(text: str, what: str) -> str:
    compact = _SEPARATORS.sub("", text).lower()
    if _FINGERPRINT.match(compact):
        return compact
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = ["untrusted comment: --signer", lines[0]]
    try:
        return fingerprint(read_public_key("\n".join(lines)))
    except MinisignError:
        raise BadInput(
            f"--signer: {what} is neither a key fingerprint (64 hexadecimal digits) nor a "
            "minisign public key. A minisign key id alone is too short to pin a key."
        ) from None
