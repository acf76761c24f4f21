"""The exhibition dossier: consented material only, photos only as redacted copies."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter
from skimage import data as sample_images

from evidence_app.core import exhibition_service, ingest_service, records_service, verify_service
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.redaction_service import mark_item_regions, redacted_copy
from evidence_app.core.region_service import decide, list_regions
from evidence_app.export.face_detector import detect_faces
from evidence_app.export.redaction import FACE_PADDING, Box, decode_upright, redact_photo
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.models import ItemDerivation
from evidence_app.storage.vault import Vault
from tests.conftest import PASSPHRASE, VaultCopy, VaultTemplate
from tests.export.published_names import assert_no_withheld_names
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def astronaut_jpeg() -> bytes:
    """A real photograph with one frontal face (shipped with scikit-image), with GPS EXIF."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (55.0, 10.0, 12.5), "E", (61.0, 36.0, 1.0)
    out = io.BytesIO()
    Image.fromarray(sample_images.astronaut()).save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def face_spread(jpeg: bytes, box: tuple[int, int, int, int]) -> float:
    """How much fine detail a region holds (what identifies a face): the spread of what a
    slight blur takes away."""
    x, y, w, h = box
    region = Image.open(io.BytesIO(jpeg)).convert("L").crop((x, y, x + w, y + h))
    sharp = np.asarray(region, dtype=float)
    soft = np.asarray(region.filter(ImageFilter.GaussianBlur(2)), dtype=float)
    return float((sharp - soft).std())


FACE = (190, 80, 70, 70)  # the astronaut's face, in pixels of the 512 × 512 photo


def test_a_face_is_found_and_obliterated_and_metadata_is_gone() -> None:
    original = astronaut_jpeg()
    image = decode_upright(original)
    faces = [Box(f.x, f.y, f.width, f.height) for f in detect_faces(image)]
    assert len(faces) == 1
    redacted = redact_photo(original, (512, 512), [faces[0].padded(FACE_PADDING, image.size)])
    assert face_spread(redacted.jpeg, FACE) < face_spread(original, FACE) / 3
    assert Image.open(io.BytesIO(redacted.jpeg)).getexif() == {}
    assert b"Exif" not in redacted.jpeg[:200] and b"iPhone" not in redacted.jpeg


def test_a_marked_region_is_blurred_in_the_pixels_of_the_original() -> None:
    photo = camera_files.jpeg(camera_files.noisy((2000, 1000), (90, 120, 60)))
    redacted = redact_photo(photo, (2000, 1000), [Box(1000, 500, 400, 200)])
    # The copy is at most 2400 wide, so the region keeps its place: right half, lower half.
    assert redacted.regions == [Box(1000, 500, 400, 200)]
    assert (
        face_spread(redacted.jpeg, (1050, 520, 300, 160))
        < face_spread(redacted.jpeg, (200, 100, 300, 160)) / 3
    )


def build_case(vault: Vault, tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "received"
    folder.mkdir()
    files = {
        "anonymous.jpg": astronaut_jpeg(),  # p-017: legal + public_anonymous
        "named.jpg": camera_files.canon_eos(),  # p-018: public_named
        "withdrawn.jpg": camera_files.iphone(),  # p-020: public consent withdrawn
        "unlinked.jpg": camera_files.nikon(),  # nobody, not marked publishable
        "publishable.jpg": camera_files.sony_alpha(),  # nobody, marked publishable
        "letter.txt": "Письмо: Пётр Иванович Сидоров в ШИЗО.\n".encode(),
    }
    add_sample_case(vault)
    shas = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        report = ingest_service.ingest_paths(
            vault, [folder / name], source="lawyer M., Signal +7 900 000", case_ref=CASE
        )
        shas[name] = report.outcomes[0].sha256 or ""
    document = records_document()
    document["people"].append(
        {
            "ref": "p-020",
            "full_name": "Иван Отозванный",
            "consent": [
                {
                    "scope": "public_anonymous",
                    "given_on": "2026-01-05",
                    "withdrawn_on": "2026-02-01",
                }
            ],
        }
    )
    document["evidence"] = [
        {"sha256": shas["anonymous.jpg"], "people": ["p-017"], "caption": "Выход из ШИЗО"},
        {"sha256": shas["named.jpg"], "people": ["p-018"], "caption": "Олена у ворот колонии"},
        {"sha256": shas["withdrawn.jpg"], "people": ["p-020"], "caption": "Синяки"},
        {"sha256": shas["publishable.jpg"], "caption": "Стена колонии", "publishable": True},
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)
    return shas


def accept_every_proposal(vault: Vault, shas: dict[str, str]) -> None:
    """What a curator does before an exhibition: look at each photo and decide."""
    for name, sha in shas.items():
        if name.endswith(".jpg"):
            proposed = [region.id for region in list_regions(vault, sha).undecided]
            if proposed:
                decide(vault, sha, "accept", proposed)


@pytest.fixture(scope="module")
def case_template(
    vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The case built once, its face proposals decided (the detector costs seconds a photo)."""
    path = tmp_path_factory.mktemp("case") / "vault"
    shutil.copytree(vault_template.path, path)
    vault = VaultCopy(path, PASSPHRASE, vault_template.recovery_code).open()
    try:
        shas = build_case(vault, path.parent)
        accept_every_proposal(vault, shas)
    finally:
        vault.close()
    return path, shas


@pytest.fixture
def decided_case(
    case_template: tuple[Path, dict[str, str]], vault_template: VaultTemplate, tmp_path: Path
) -> Iterator[tuple[Vault, dict[str, str]]]:
    path = tmp_path / "vault"
    shutil.copytree(case_template[0], path)
    vault = VaultCopy(path, PASSPHRASE, vault_template.recovery_code).open()
    try:
        yield vault, case_template[1]
    finally:
        vault.close()


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_only_publicly_consented_photos_go_in_and_the_curator_is_told_the_rest(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, _ = decided_case
    result = exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert result.photos == 3
    for shown in ("Выход из ШИЗО", "Олена у ворот колонии", "Стена колонии"):
        assert shown in text
    assert "Синяки" not in text
    omitted = "\n".join(result.omitted)
    assert "withdrawn.jpg" in omitted and "withdrawn" in omitted
    assert "unlinked.jpg" in omitted and "not marked publishable" in omitted
    assert "letter.txt" in omitted and "not a photo" in omitted.lower()


def test_names_appear_only_for_public_named_consent_and_nothing_traces_a_file(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, _ = decided_case
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert "Олена Петренко" in text  # public_named
    assert "W-001" in text and "Сидоров" not in text  # public_anonymous: pseudonym only
    for trace in ("anonymous.jpg", "received", "Signal", "+7 900", "55.1", "Canon", "iPhone"):
        assert trace not in text, trace
    # The testimony of the public_anonymous witness appears, under the pseudonym.
    assert "Нас держали в камере без окна" in text


def test_photos_in_the_pdf_carry_no_exif_or_gps(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, _ = decided_case
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    assert_no_withheld_names(vault, tmp_path / "show.pdf")
    images = tmp_path / "images"
    images.mkdir()
    subprocess.run(["pdfimages", "-j", str(tmp_path / "show.pdf"), str(images / "i")], check=True)
    extracted = sorted(images.iterdir())
    assert len(extracted) == 3
    for image in extracted:
        tags = json.loads(
            subprocess.run(
                ["exiftool", "-json", "-EXIF:all", "-GPS:all", "-XMP:all", str(image)],
                capture_output=True,
                text=True,
            ).stdout
        )[0]
        assert [key for key in tags if key not in ("SourceFile",)] == [], tags


def test_each_photo_is_a_logged_derivative_of_its_original_and_is_reused(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, shas = decided_case
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "one.pdf")
    derived = [e for e in custody_log(vault) if e.action == "item.derived"]
    assert len(derived) == 3
    face_event = next(e for e in derived if e.details["parent_sha256"] == shas["anonymous.jpg"])
    assert face_event.details["child_sha256"] == face_event.subject_sha256
    assert len(face_event.details["parameters"]["faces_blurred"]) == 1
    assert "dlib" in face_event.details["parameters"]["detector"]

    exhibition_service.export_exhibition(vault, CASE, tmp_path / "two.pdf")
    assert_no_withheld_names(vault, tmp_path / "one.pdf")
    assert_no_withheld_names(vault, tmp_path / "two.pdf")
    assert len([e for e in custody_log(vault) if e.action == "item.derived"]) == 3
    assert verify_service.verify_vault(vault, full=True).ok
    with vault.reader() as session:
        assert session.query(ItemDerivation).count() == 3
    assert [e.action for e in custody_log(vault)].count("export.created") == 2


def test_marking_a_region_makes_a_new_copy_with_it_blurred(
    decided_case: tuple[Vault, dict[str, str]],
) -> None:
    vault, shas = decided_case
    before = redacted_copy(vault, find_item(vault, shas["anonymous.jpg"]))
    mark_item_regions(vault, shas["anonymous.jpg"][:10], ["0,0,100,80"])
    after = redacted_copy(vault, find_item(vault, shas["anonymous.jpg"]))
    assert after.item_id != before.item_id and after.regions_blurred == 1
    assert "item.described" in [e.action for e in custody_log(vault)]


def test_regions_outside_the_photo_or_malformed_are_refused(
    decided_case: tuple[Vault, dict[str, str]],
) -> None:
    vault, shas = decided_case
    with pytest.raises(BadInput, match="outside the picture"):
        mark_item_regions(vault, shas["anonymous.jpg"], ["500,500,100,100"])
    with pytest.raises(BadInput, match="x,y,width,height"):
        mark_item_regions(vault, shas["anonymous.jpg"], ["1,2,3"])
    with pytest.raises(BadInput, match="not a photo"):
        mark_item_regions(vault, shas["letter.txt"], ["0,0,1,1"])


def test_withdrawn_public_consent_takes_a_photo_out_at_once(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, _ = decided_case
    records_service.withdraw_consent(vault, "p-018", "public_named")
    result = exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert "Олена у ворот колонии" not in text and "Олена Петренко" not in text
    assert result.photos == 2


def test_labels_follow_the_language_and_fonts_are_embedded(
    decided_case: tuple[Vault, dict[str, str]], tmp_path: Path
) -> None:
    vault, _ = decided_case
    exhibition_service.export_exhibition(
        vault, CASE, tmp_path / "show.pdf", paper="letter", language="uk"
    )
    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert "Виправна колонія" in text and "Свідчення" in text and f"Експонат {CASE}-E0001" in text
    assert "Сторінка 1 з 6" in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "show.pdf")], capture_output=True, text=True
    ).stdout
    assert all(" yes yes yes " in row for row in fonts.splitlines()[2:])
    info = subprocess.run(["pdfinfo", str(tmp_path / "show.pdf")], capture_output=True, text=True)
    assert "612 x 792 pts (letter)" in info.stdout
