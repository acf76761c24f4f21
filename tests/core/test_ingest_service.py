"""Ingest as researchers use it: files and folders, bad input included (DESIGN §2, §3)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from evidence_app.core import ingest_service, items_service, verify_service
from evidence_app.core.item_results import Camera
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_ids_on_disk
from tests.records.sample_documents import add_sample_case


@pytest.fixture
def received(tmp_path: Path) -> Path:
    """Where files arrive: a folder of its own, apart from the vault's."""
    folder = tmp_path / "received"
    folder.mkdir()
    return folder


def jpeg_with_gps(lat: float = 55.7558, lon: float = 37.6173) -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        return (degrees, minutes, round((value - degrees - minutes / 60) * 3600, 4))

    gps[1], gps[2] = ("N" if lat >= 0 else "S"), dms(lat)
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), dms(lon)
    exif.get_ifd(0x8769)[0x9003] = "2023:05:01 14:03:22"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_stored_byte_for_byte_with_its_metadata(vault: Vault, received: Path) -> None:
    photo = received / "IMG_0001.JPG"
    photo.write_bytes(jpeg_with_gps())
    add_sample_case(vault)
    report = ingest_service.ingest_paths(vault, [photo], source="relative", case_ref="case-ik6")
    assert [o.status for o in report.outcomes] == ["stored"]
    item = items_service.show_item(vault, report.outcomes[0].item_id or "")
    assert item.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert item.media_type == "image/jpeg"
    assert item.captured_at == "2023-05-01T14:03:22"
    assert item.gps is not None
    assert item.gps.lat == pytest.approx(55.7558, abs=1e-4)
    assert item.gps.lon == pytest.approx(37.6173, abs=1e-4)
    assert item.camera == Camera(make="Canon", model="Canon EOS 5D")
    assert item.cases == ("case-ik6",)
    assert item.sources[0].source == "relative"
    assert item.has_thumbnail
    assert [e.action for e in item.custody] == ["item.ingested"]
    out = received / "extracted.jpg"
    items_service.extract_item(vault, item.id, out)
    assert out.read_bytes() == photo.read_bytes()


def test_the_media_type_comes_from_the_content_not_the_extension(
    vault: Vault, received: Path
) -> None:
    disguised = received / "holiday.txt"
    disguised.write_bytes(jpeg_with_gps())
    report = ingest_service.ingest_paths(vault, [disguised])
    assert report.outcomes[0].media_type == "image/jpeg"


def test_folders_are_taken_recursively(vault: Vault, received: Path) -> None:
    (received / "a" / "b").mkdir(parents=True)
    (received / "a" / "one.txt").write_text("one")
    (received / "a" / "b" / "two.txt").write_text("two")
    report = ingest_service.ingest_paths(vault, [received / "a"])
    assert sorted(Path(o.path).name for o in report.outcomes) == ["one.txt", "two.txt"]
    assert report.count("stored") == 2


def test_identical_bytes_are_one_item_and_a_new_source_is_logged(
    vault: Vault, received: Path
) -> None:
    (received / "from-lawyer.pdf").write_bytes(b"%PDF-1.4 the same letter")
    (received / "from-mother.pdf").write_bytes(b"%PDF-1.4 the same letter")
    first = ingest_service.ingest_paths(vault, [received / "from-lawyer.pdf"], source="lawyer")
    again = ingest_service.ingest_paths(vault, [received / "from-lawyer.pdf"], source="lawyer")
    other = ingest_service.ingest_paths(vault, [received / "from-mother.pdf"], source="mother")
    assert [first.outcomes[0].status, again.outcomes[0].status, other.outcomes[0].status] == [
        "stored",
        "already_present",
        "reacquired",
    ]
    assert len(items_service.list_items(vault)) == 1
    item = items_service.show_item(vault, first.outcomes[0].item_id or "")
    assert [e.action for e in item.custody] == ["item.ingested", "item.reacquired"]
    assert [s.source for s in item.sources] == ["lawyer", "mother"]
    assert len(blob_ids_on_disk(vault)) == 1  # no second copy of the content


def test_a_truncated_jpeg_is_stored_with_a_note(vault: Vault, received: Path) -> None:
    whole = jpeg_with_gps()
    broken = received / "broken.jpg"
    broken.write_bytes(whole[: len(whole) // 2])
    report = ingest_service.ingest_paths(vault, [broken])
    outcome = report.outcomes[0]
    assert outcome.status == "stored"
    item = items_service.show_item(vault, outcome.item_id or "")
    assert item.sha256 == hashlib.sha256(broken.read_bytes()).hexdigest()


def test_exif_garbage_does_not_stop_the_file_or_the_batch(vault: Vault, received: Path) -> None:
    data = bytearray(jpeg_with_gps())
    start = data.find(b"Exif\x00\x00") + 6
    data[start + 10 : start + 200] = os.urandom(190)
    (received / "garbled.jpg").write_bytes(bytes(data))
    (received / "fine.txt").write_text("fine")
    report = ingest_service.ingest_paths(vault, [received])
    assert sorted(o.status for o in report.outcomes) == ["stored", "stored"]


def test_a_decompression_bomb_is_stored_without_being_decoded(vault: Vault, received: Path) -> None:
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, "PNG")  # ~100 KiB, 900 megapixels
    (received / "bomb.png").write_bytes(bomb.getvalue())
    report = ingest_service.ingest_paths(vault, [received / "bomb.png"])
    outcome = report.outcomes[0]
    assert outcome.status == "stored"
    item = items_service.show_item(vault, outcome.item_id or "")
    assert item.has_thumbnail is False
    assert item.notes


def test_a_zero_byte_file_is_stored_and_noted(vault: Vault, received: Path) -> None:
    (received / "empty.dat").write_bytes(b"")
    report = ingest_service.ingest_paths(vault, [received / "empty.dat"])
    assert report.outcomes[0].status == "stored"
    assert any("empty" in note for note in report.outcomes[0].notes)
    assert report.outcomes[0].sha256 == hashlib.sha256(b"").hexdigest()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_fails_alone(vault: Vault, received: Path) -> None:
    locked = received / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    (received / "open.txt").write_text("open")
    report = ingest_service.ingest_paths(vault, [received])
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses == {"locked.txt": "failed", "open.txt": "stored"}


def test_a_file_that_cannot_be_opened_fails_alone_with_a_reason(
    vault: Vault, received: Path
) -> None:
    # A FIFO is listed by the folder but is not a file that can be stored.
    os.mkfifo(received / "pipe")
    (received / "ok.txt").write_text("ok")
    report = ingest_service.ingest_paths(vault, [received])
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses == {"pipe": "failed", "ok.txt": "stored"}
    assert not report.everything_stored


def test_a_file_that_vanishes_mid_ingest_fails_alone(vault: Vault, received: Path) -> None:
    for n in range(12):
        (received / f"f{n:02d}.txt").write_text(f"file {n}")
    doomed = received / "f11.txt"

    def delete_the_last_file(outcome: ingest_service.IngestOutcome) -> None:
        doomed.unlink(missing_ok=True)  # after the folder was listed, before it is read

    report = ingest_service.ingest_paths(vault, [received], on_outcome=delete_the_last_file)
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses.pop("f11.txt") == "failed"
    assert set(statuses.values()) == {"stored"} and len(statuses) == 11


def test_a_symlink_loop_does_not_hang_the_walk(vault: Vault, received: Path) -> None:
    folder = received / "loop"
    folder.mkdir()
    (folder / "photo.txt").write_text("photo")
    (folder / "again").symlink_to(folder)
    (folder / "self").symlink_to(folder / "self")
    report = ingest_service.ingest_paths(vault, [folder])
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses["photo.txt"] == "stored"
    assert statuses["self"] == "failed"


def test_a_name_that_is_not_utf8_is_kept_exactly(vault: Vault, received: Path) -> None:
    raw = b"\xcf\xf0\xe8\xe2\xe5\xf2.txt"  # "Привет" in Windows-1251
    path = Path(os.fsdecode(bytes(received) + b"/" + raw))
    path.write_bytes(b"cp1251 name")
    report = ingest_service.ingest_paths(vault, [path])
    assert report.outcomes[0].status == "stored"
    with vault.reader() as session:
        from evidence_app.storage.models import Item

        item = session.get(Item, report.outcomes[0].item_id)
        assert item is not None and item.original_name_raw == raw
        json.dumps(item.original_name)  # printable


def test_a_file_larger_than_memory_limit_streams(vault: Vault, received: Path) -> None:
    from evidence_app.ingest.prepare import IN_MEMORY_LIMIT

    big = received / "video.mp4"
    with open(big, "wb") as handle:
        handle.write(b"\x00\x00\x00\x18ftypmp42")
        handle.write(os.urandom(IN_MEMORY_LIMIT + 12345))
    report = ingest_service.ingest_paths(vault, [big])
    outcome = report.outcomes[0]
    assert outcome.status == "stored"
    assert outcome.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    assert outcome.media_type == "video/mp4"
    assert verify_service.verify_vault(vault, full=True).ok


class CancelAfter:
    def __init__(self, files: int) -> None:
        self.files = files
        self.seen = 0
        self.lock = threading.Lock()

    def report(self, fraction: float | None, message: str = "") -> None:
        pass

    def cancel_requested(self) -> bool:
        return self.seen >= self.files


def test_cancelling_stops_between_files_and_keeps_what_was_stored(
    vault: Vault, received: Path
) -> None:
    for n in range(20):
        (received / f"f{n:02d}.txt").write_text(f"file {n}")
    progress = CancelAfter(3)

    def on_outcome(outcome: ingest_service.IngestOutcome) -> None:
        progress.seen += outcome.status == "stored"

    report = ingest_service.ingest_paths(
        vault, [received], progress=progress, on_outcome=on_outcome
    )
    assert report.cancelled
    stored = [o for o in report.outcomes if o.status == "stored"]
    assert 3 <= len(stored) < 20
    assert {o.sha256 for o in stored} <= {i.sha256 for i in items_service.list_items(vault)}
    assert len(items_service.list_items(vault)) == len(stored)
    assert verify_service.verify_vault(vault, full=True).ok
