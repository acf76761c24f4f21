"""How often ingest's capture date and position agree with exiftool's, on every image and
PDF this machine holds, plus the camera files the tests build in memory.

Run from the repository root: ``python benchmarks/bench_exiftool_agreement.py [ROOT…]``
(default roots: the virtualenv's packages, /usr/share, /usr/lib, ~/.pyenv). To measure
another version of the reader, put its tree first: ``PYTHONPATH=OLD_TREE:. python …``.

The comparison, stated so that it can be argued with:

- exiftool's capture date is the one the Metadata Working Group's guidelines define, as
  ``exiftool -use MWG`` reads it: its ``DateTimeOriginal`` (EXIF DateTimeOriginal, else
  IPTC Date/Time Created, else XMP photoshop:DateCreated), else its ``CreateDate`` (EXIF
  DateTimeDigitized, IPTC Digital Creation Date/Time, XMP xmp:CreateDate; for a PDF, its
  creation date). Values that are no date ("0000:00:00 00:00:00") do not count. A file with
  neither is "not dated by exiftool", even with a ``ModifyDate``: those are counted apart,
  with how often we fell back to the same modification date (we never do for PDFs, and
  do not read PNG's tIME chunk).
- Ours agrees when its clock reading equals exiftool's to the second (to the day when
  exiftool's value is a day). Fractions of a second are not compared. Time zones are
  compared apart: among files where exiftool's value, or its ``OffsetTimeOriginal``, gives
  an offset, how often ours carries the same one.
- A date where exiftool has none, or none where it has one, is a disagreement.
- Positions agree within 1e-6 degrees on exiftool's signed ``GPSLatitude``/``GPSLongitude``;
  a position only one side has is a disagreement.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from evidence_app.ingest.exif_metadata import ImageMetadata, read_image_metadata
from evidence_app.media.pdf_document import PdfReading, read_pdf

try:
    from evidence_app.ingest.document_dates import pdf_metadata
except ImportError:  # a tree from before PDFs' XMP was read: their Info date alone

    def pdf_metadata(reading: PdfReading, data: bytes) -> ImageMetadata:
        created = reading.created
        return ImageMetadata(captured_at=created, captured_at_source="PDF CreationDate")


IMAGE_SUFFIXES = {
    ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".webp", ".heic", ".heif", ".avif",
    ".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".pef", ".mpo", ".psd", ".gif",
    ".jxl", ".pdf",
}  # fmt: skip
MAX_BYTES = 32 * 1024 * 1024  # what ingest reads into memory
DATE_TAGS = ("DateTimeOriginal", "CreateDate")
EXIFTOOL_TAGS = (*DATE_TAGS, "ModifyDate", "OffsetTimeOriginal", "GPSLatitude", "GPSLongitude")


def default_roots() -> list[Path]:
    return [Path(sys.prefix), Path("/usr/share"), Path("/usr/lib"), Path.home() / ".pyenv"]


def found_files(roots: list[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        for folder, _, names in os.walk(root):
            if "/benchmarks/work" in folder:
                continue
            for name in names:
                path = Path(folder, name)
                if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                    real = path.resolve()
                    if real not in seen and 0 < real.stat().st_size <= MAX_BYTES:
                        seen.add(real)
                        yield real


def generated_files() -> dict[str, bytes]:
    """The camera files and dated files the tests build, written for exiftool to read."""
    repository = Path(__file__).resolve().parent.parent
    sys.path.append(str(repository))
    from tests.ingest import camera_files as cameras
    from tests.ingest import dated_files as dated

    files = {
        name: getattr(cameras, name)()
        for name in (
            "iphone", "samsung", "huawei", "canon_eos", "nikon", "sony_alpha", "old_camera",
            "tiff_scan", "png_with_exif", "webp_with_exif", "heic_with_exif",
        )
    }  # fmt: skip
    iptc = dated.iptc_segment({dated.DATE_CREATED: b"20210704", dated.TIME_CREATED: b"101112+0200"})
    files["xmp-only.jpg"] = dated.jpeg_with(
        xmp=dated.xmp_packet(exif_DateTimeOriginal="2023-05-01T14:03:22+03:00")
    )
    files["iptc-only.jpg"] = dated.jpeg_with(iptc=iptc)
    files["xmp-create-only.jpg"] = dated.jpeg_with(
        xmp=dated.xmp_packet(xmp_CreateDate="2018-01-02T03:04:05")
    )
    files["exif-modified-xmp-original.jpg"] = dated.jpeg_with(
        exif=dated.exif_dates(modified=b"2024:06:01 18:00:00\x00"),
        xmp=dated.xmp_packet(exif_DateTimeOriginal="2019-08-20T07:15:00"),
    )
    files["modified-only.jpg"] = dated.jpeg_with(
        xmp=dated.xmp_packet(xmp_ModifyDate="2025-01-01T09:30:00+01:00")
    )
    files["xmp-gps.jpg"] = dated.jpeg_with(
        xmp=dated.xmp_packet(exif_GPSLatitude="50,27.0205N", exif_GPSLongitude="30,31.41W")
    )
    files["xmp-only.pdf"] = dated.pdf_with_xmp(
        dated.xmp_packet(xmp_CreateDate="2020-02-02T10:00:00+02:00")
    )
    return files


def ours(data: bytes, is_pdf: bool) -> ImageMetadata:
    if is_pdf:
        return pdf_metadata(read_pdf(data, 64, text=False), data)
    return read_image_metadata(data)


def exiftool(paths: list[Path]) -> dict[str, dict[str, object]]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(str(path) for path in paths))
        listing.flush()
        result = subprocess.run(
            ["exiftool", "-use", "MWG", "-json", "-n", "-q", "-q",
             *(f"-{tag}" for tag in EXIFTOOL_TAGS), "-@", listing.name],
            capture_output=True, check=False, text=True,
        )  # fmt: skip
    return {entry["SourceFile"]: entry for entry in json.loads(result.stdout or "[]")}


_EXIFTOOL_DATE = re.compile(
    r"(\d{4}):(\d{2}):(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?[.\d]*(Z|[+-]\d{2}:\d{2})?"
)


def clock(value: object) -> tuple[str, str] | None:
    """exiftool's "YYYY:MM:DD[ HH:MM[:SS]][.ss][±HH:MM|Z]" as (ISO clock reading, offset),
    or None when it is no date."""
    found = _EXIFTOOL_DATE.fullmatch(str(value).strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31 and int(year) > 0):
        return None
    iso = f"{year}-{month}-{day}"
    if hour is not None:
        iso += f"T{hour}:{minute}" + (f":{second}" if second else "")
    return iso, "+00:00" if zone == "Z" else zone or ""


def compare(paths: dict[Path, str]) -> None:
    theirs = exiftool(list(paths))
    counts = dict.fromkeys(
        ("examined", "dated", "agreed", "offsets", "offsets_agreed", "modified_only",
         "modified_agreed", "gps", "gps_agreed"), 0,
    )  # fmt: skip
    disagreements: list[str] = []
    for path, label in paths.items():
        metadata = ours(path.read_bytes(), path.suffix.lower() == ".pdf")
        entry = theirs.get(str(path), {})
        counts["examined"] += 1
        mine = metadata.captured_at or ""
        dates = {tag: clock(entry[tag]) for tag in DATE_TAGS if tag in entry}
        their_tag = next((tag for tag, date in dates.items() if date is not None), None)
        modified = clock(entry.get("ModifyDate", ""))
        if their_tag is None and modified is not None:
            counts["modified_only"] += 1
            counts["modified_agreed"] += mine[: len(modified[0])] == modified[0]
        elif their_tag is not None:
            counts["dated"] += 1
            want, offset = dates[their_tag] or ("", "")
            offset = offset or str(entry.get("OffsetTimeOriginal", "") or "")
            if mine[: len(want)] == want and len(mine) >= len(want):
                counts["agreed"] += 1
            else:
                disagreements.append(
                    f"date  {label}: exiftool {their_tag}={entry[their_tag]!r}, "
                    f"ours {mine or None!r} ({metadata.captured_at_source})"
                )
            if offset:
                counts["offsets"] += 1
                counts["offsets_agreed"] += mine.endswith(offset)
                if not mine.endswith(offset):
                    disagreements.append(f"zone  {label}: exiftool {offset}, ours {mine!r}")
        elif mine and metadata.captured_at_source not in (None, "PDF CreationDate"):
            disagreements.append(
                f"date  {label}: exiftool none, ours {mine!r} ({metadata.captured_at_source})"
            )
        their_gps = (entry.get("GPSLatitude"), entry.get("GPSLongitude"))
        if isinstance(their_gps[0], float | int) and isinstance(their_gps[1], float | int):
            counts["gps"] += 1
            if metadata.gps is not None and all(
                abs(a - float(b)) < 1e-6 for a, b in zip(metadata.gps, their_gps, strict=True)
            ):
                counts["gps_agreed"] += 1
            else:
                disagreements.append(f"gps   {label}: exiftool {their_gps}, ours {metadata.gps}")
        elif metadata.gps is not None:
            disagreements.append(f"gps   {label}: exiftool none, ours {metadata.gps}")
    share = counts["agreed"] / counts["dated"] if counts["dated"] else 1.0
    print(json.dumps(counts, indent=1))
    print(f"capture date agreement: {counts['agreed']} / {counts['dated']} = {share:.1%}")
    for line in disagreements:
        print(line)


def main() -> None:
    roots = [Path(arg) for arg in sys.argv[1:]] or default_roots()
    paths = {path: str(path) for path in found_files(roots)}
    with tempfile.TemporaryDirectory() as folder:  # made-up test files, no evidence
        for name, data in generated_files().items():
            path = Path(folder, name if "." in name else name + ".img")
            path.write_bytes(data)
            paths[path] = "generated:" + name
        compare(paths)


if __name__ == "__main__":
    main()
