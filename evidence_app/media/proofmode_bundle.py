"""Reading a ProofMode bundle: the ZIP archive the ProofMode app shares, in memory only.

The app shares one flat archive per proof: the media file under its own name, then, named
by the media's SHA-256 `H`, `H.proof.json` and `H.proof.csv` (what the phone's sensors said),
`H.asc` (the OpenPGP detached signature of the media; older versions name it
`<media name>.asc`), `H.proof.json.asc` and `H.proof.csv.asc`, `H.ots` (OpenTimestamps) and
`H.gst` (SafetyNet), and once per archive `pubkey.asc` and `HowToVerifyProofData.txt`.

An archive is input from anyone: nothing of it is ever written to disk, its entries are
counted and their declared sizes bounded before any is inflated, and reading stops at the
declared size (zipfile never yields more than an entry declares, and checks its CRC).
Anything that does not fit these bounds, or does not look like a ProofMode bundle, is
reported as a note and the archive is kept whole as the one item it is.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

MAX_ENTRIES = 256
MAX_ENTRY_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
# A ratio no photo, video or text of a real bundle reaches; a "zip bomb" needs far more.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small entries may compress as well as they like

PUBKEY_NAME = "pubkey.asc"
_PROOF = re.compile(r"^([0-9a-f]{64})\.proof\.(json|csv)$")
_SIDECAR_SUFFIXES = (".asc", ".ots", ".gst", ".txt", ".csv", ".json")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    ValueError,
    EOFError,
    OSError,
    zlib.error,
)


@dataclass
class ProofModeBundle:
    """What a bundle holds, by entry name; only the entries this reading needs are read."""

    media: dict[str, bytes] = field(default_factory=dict)  # media file name → bytes
    proofs: dict[str, dict[str, bytes]] = field(default_factory=dict)  # hash → {"json": …}
    signatures: dict[str, bytes] = field(default_factory=dict)  # signed entry's name → .asc
    public_key: bytes | None = None
    timestamped: frozenset[str] = frozenset()  # hashes with an `.ots` proof beside them
    modified: dict[str, str] = field(default_factory=dict)  # media name → entry's own date

    def signature_for(self, name: str) -> bytes | None:
        return self.signatures.get(name)


@dataclass
class BundleReading:
    bundle: ProofModeBundle | None  # None: not a ProofMode bundle, or not one we may read
    notes: list[str] = field(default_factory=list)


def read_proofmode_bundle(data: bytes) -> BundleReading:
    """The bundle in `data`, a ZIP archive read from memory; never raises on bad input."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except _ZIP_ERRORS:
        return BundleReading(None, ["A damaged ZIP archive: stored as it is, nothing unpacked."])
    try:
        with archive:
            return _read(archive)
    except _ZIP_ERRORS as error:
        return BundleReading(
            None,
            [
                f"The ZIP archive could not be read to its end ({type(error).__name__}): "
                "stored as it is, nothing inside was taken as its own item."
            ],
        )


def _read(archive: zipfile.ZipFile) -> BundleReading:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return _refused(f"it has {len(entries)} entries, more than the {MAX_ENTRIES} read")
    names = [entry.filename for entry in entries]
    unsafe = next((name for name in names if not _is_plain_name(name)), None)
    if unsafe is not None:
        return _refused(f"an entry is named {unsafe!r}, a path out of or into folders")
    if len(set(names)) != len(names):
        return _refused("two entries carry the same name")
    proofs = {name: match for name in names if (match := _PROOF.match(name))}
    if not proofs:
        return BundleReading(
            None, ["A ZIP archive, not a ProofMode bundle: stored as it is, nothing unpacked."]
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        return _refused("some entries are encrypted")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        return _refused(f"it would unpack to {total} bytes, more than {MAX_TOTAL_BYTES}")
    for entry in entries:
        if entry.file_size > MAX_ENTRY_BYTES:
            return _refused(f"{entry.filename} would unpack to {entry.file_size} bytes")
        if entry.file_size > _RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            return _refused(
                f"{entry.filename} unpacks {entry.file_size // max(entry.compress_size, 1)} "
                "times larger than it is stored, as a ZIP bomb does"
            )
    bundle = ProofModeBundle()
    for name, match in proofs.items():
        bundle.proofs.setdefault(match.group(1), {})[match.group(2)] = archive.read(name)
    by_name = {entry.filename: entry for entry in entries}
    for name, entry in by_name.items():
        if name == PUBKEY_NAME:
            bundle.public_key = archive.read(entry)
        elif name.endswith(".asc"):
            bundle.signatures[name[: -len(".asc")]] = archive.read(entry)
        elif not name.lower().endswith(_SIDECAR_SUFFIXES):
            content = archive.read(entry)
            if content.startswith(b"PK"):
                # An archive in an archive stays inside: unpacked in turn, ZIPs nested
                # a few levels deep would multiply what is held in memory.
                continue
            bundle.media[name] = content
            bundle.modified[name] = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(
                *entry.date_time
            )
    bundle.timestamped = frozenset(name[: -len(".ots")] for name in names if name.endswith(".ots"))
    return BundleReading(bundle)


def _is_plain_name(name: str) -> bool:
    """A bare file name: ProofMode bundles are flat, so anything else is not one of theirs."""
    return (
        bool(name)
        and name not in (".", "..")
        and not any(mark in name for mark in ("/", "\\", "\x00"))
        and not (len(name) >= 2 and name[1] == ":")  # a Windows drive: C:evil
    )


def _refused(why: str) -> BundleReading:
    return BundleReading(
        None,
        [
            f"A ZIP archive not unpacked, because {why}: stored as it is, "
            "nothing inside was taken as its own item."
        ],
    )
