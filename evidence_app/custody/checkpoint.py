"""Signed tree heads in the C2SP `tlog-checkpoint` format, as C2SP `signed-note`s (Ed25519).

Body: the origin line, the tree size in decimal, the base64 root hash, then one extension
line `time <RFC 3339>`; each line ends with a newline. The note is the body, a blank line,
and signature lines `— <name> <base64(key id ‖ signature)>`. For Ed25519 the key id is the
first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

_ED25519 = b"\x01"
_DASH = "\u2014"
_DECIMAL = re.compile(r"^(0|[1-9][0-9]*)$")


class CheckpointError(ValueError):
    pass


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: str

    def body(self) -> str:
        if not self.origin or "\n" in self.origin:
            raise CheckpointError("a checkpoint origin is one non-empty line")
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\ntime {self.time}\n"


def key_id(name: str, verify_key: nacl.signing.VerifyKey) -> bytes:
    material = name.encode("utf-8") + b"\n" + _ED25519 + bytes(verify_key)
    return hashlib.sha256(material).digest()[:4]


def verifier_key(name: str, verify_key: nacl.signing.VerifyKey) -> str:
    encoded = base64.b64encode(_ED25519 + bytes(verify_key)).decode("ascii")
    return f"{name}+{key_id(name, verify_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, nacl.signing.VerifyKey]:
    try:
        name, hex_id, encoded = text.strip().rsplit("+", 2)
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise CheckpointError("not a verifier key of the form name+id+key") from None
    if len(raw) != 33 or raw[:1] != _ED25519:
        raise CheckpointError("the verifier key is not an Ed25519 key")
    verify_key = nacl.signing.VerifyKey(raw[1:])
    if key_id(name, verify_key).hex() != hex_id:
        raise CheckpointError("the verifier key's id does not match its name and key")
    return name, verify_key


def sign_checkpoint(
    checkpoint: Checkpoint, name: str, sign: Callable[[bytes], bytes], public_key: bytes
) -> str:
    """The signed note; `sign` makes the raw Ed25519 signature by the key `public_key` names."""
    body = checkpoint.body()
    signature = sign(body.encode("utf-8"))
    key = key_id(name, nacl.signing.VerifyKey(public_key))
    blob = base64.b64encode(key + signature).decode("ascii")
    return f"{body}\n{_DASH} {name} {blob}\n"


def parse_signed_checkpoint(note: str, name: str, verify_key: nacl.signing.VerifyKey) -> Checkpoint:
    """Check the note's signature by (name, key) and return the checkpoint it signs."""
    body, separator, signatures = note.partition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise CheckpointError("not a signed note: no blank line before the signatures")
    body += "\n"
    wanted = key_id(name, verify_key)
    found = False
    for line in signatures[:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != _DASH:
            raise CheckpointError("a signature line is malformed")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            raise CheckpointError("a signature is not valid base64") from None
        if parts[1] != name or blob[:4] != wanted or len(blob) != 68:
            continue
        try:
            verify_key.verify(body.encode("utf-8"), blob[4:])
        except nacl.exceptions.BadSignatureError:
            raise CheckpointError("the checkpoint's signature is not valid") from None
        found = True
    if not found:
        raise CheckpointError(f"the checkpoint carries no signature by {name}")
    return _parse_body(body)


def _parse_body(body: str) -> Checkpoint:
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError("a checkpoint has an origin, a size and a root hash")
    origin, size, root_text, *extensions = lines
    if not origin or not _DECIMAL.match(size):
        raise CheckpointError("the checkpoint's origin or size is malformed")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise CheckpointError("the checkpoint's root hash is not base64") from None
    if len(root) != 32:
        raise CheckpointError("the checkpoint's root hash is not 32 bytes")
    times = [line[5:] for line in extensions if line.startswith("time ")]
    return Checkpoint(origin=origin, size=int(size), root=root, time=times[0] if times else "")
