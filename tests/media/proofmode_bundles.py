"""ProofMode bundles made in the tests, laid out as the ProofMode app shares them, signed
with a fresh OpenPGP key."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pysequoia
from PIL import Image


def photo(colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def new_key(name: str = "ProofMode test <proofmode@example.org>") -> pysequoia.Tsk:
    return pysequoia.Tsk.generate(name)


def detached(key: pysequoia.Tsk, data: bytes) -> bytes:
    return pysequoia.sign(key.signer(), data, mode=pysequoia.SignatureMode.DETACHED)


def proof_json(media: bytes, name: str) -> bytes:
    proof = {
        "File Hash SHA256": hashlib.sha256(media).hexdigest(),
        "File Path": f"/storage/emulated/0/DCIM/Camera/{name}",
        "File Modified": "2024-03-09T14:02:11.000Z",
        "Proof Generated": "2024-03-09T14:02:12.000Z",
        "Location.Latitude": "50.4501",
        "Location.Longitude": "30.5234",
        "Location.Provider": "gps",
        "Manufacturer": "Google",
        "Hardware": "Google Pixel 7",
        "DeviceID": "3f6d0c1e9a2b",
        "IPv4": "10.0.0.7",
    }
    return json.dumps(proof).encode()


def bundle(
    media: bytes,
    name: str = "PXL_20240309_140211.jpg",
    key: pysequoia.Tsk | None = None,
    *,
    with_key: bool = True,
    signed_media: bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The zip the app shares. `signed_media` is what was signed, when the media in the
    bundle was changed afterwards; the proof names the hash of what was signed too."""
    key = key or new_key()
    original = signed_media if signed_media is not None else media
    digest = hashlib.sha256(original).hexdigest()
    proof = proof_json(original, name)
    files = {
        name: media,
        f"{digest}.asc": detached(key, original),
        f"{digest}.proof.json": proof,
        f"{digest}.proof.json.asc": detached(key, proof),
        f"{digest}.ots": b"\x00OpenTimestamps\x00\x00Proof\x00",
        "HowToVerifyProofData.txt": b"gpg --verify ...",
    }
    if with_key:
        files["pubkey.asc"] = str(key.extract_certificate()).encode()
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    return out.getvalue()
