"""Regions to blur: the detector proposes, the curator decides, the exhibition obeys."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evidence_app.core import exhibition_service, ingest_service, records_service, verify_service
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.redaction_service import mark_item_regions
from evidence_app.core.region_edits import move_region, named_people
from evidence_app.core.region_service import (
    RegionsUndecided,
    decide,
    list_regions,
    render_redacted,
)
from evidence_app.export.redaction import Box
from evidence_app.kernel.errors import BadInput, Cancelled
from evidence_app.storage.vault import Vault
from tests.conftest import PASSPHRASE, VaultCopy, VaultTemplate
from tests.export.face_case import CASE, LEFT_FACE, MANUAL, RIGHT_FACE, Photo, ingest_face_case
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case


@pytest.fixture(scope="module")
def case_template(
    vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Photo]:
    path = tmp_path_factory.mktemp("regions") / "vault"
    shutil.copytree(vault_template.path, path)
    vault = VaultCopy(path, PASSPHRASE, vault_template.recovery_code).open()
    try:
        photo = ingest_face_case(vault, path.parent / "received")
    finally:
        vault.close()
    return path, photo


@pytest.fixture
def case(
    case_template: tuple[Path, Photo], vault_template: VaultTemplate, tmp_path: Path
) -> Iterator[tuple[Vault, Photo]]:
    path = tmp_path / "vault"
    shutil.copytree(case_template[0], path)
    vault = VaultCopy(path, PASSPHRASE, vault_template.recovery_code).open()
    try:
        yield vault, case_template[1]
    finally:
        vault.close()


def covers(region: Box, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    return (
        region.x <= x
        and region.y <= y
        and region.x + region.width >= x + w
        and region.y + region.height >= y + h
    )


def proposal_over(vault: Vault, sha: str, box: tuple[int, int, int, int]) -> int:
    (region,) = [r for r in list_regions(vault, sha).regions if covers(r.box, box)]
    return region.id


def detail(pixels: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Fine detail in a region (what identifies a face): the spread of neighbour differences."""
    x, y, w, h = box
    grey = pixels[y : y + h, x : x + w].astype(float).mean(axis=2)
    return float(np.abs(np.diff(grey, axis=1)).mean() + np.abs(np.diff(grey, axis=0)).mean())


def change(a: np.ndarray, b: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Mean difference of brightness (JPEG keeps brightness far better than colour)."""
    x, y, w, h = box
    grey_a = a[y : y + h, x : x + w].astype(float).mean(axis=2)
    grey_b = b[y : y + h, x : x + w].astype(float).mean(axis=2)
    return float(np.abs(grey_a - grey_b).mean())


def exported_image(pdf: Path, folder: Path) -> np.ndarray:
    folder.mkdir()
    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "i")], check=True)
    (image,) = sorted(folder.iterdir())
    return np.asarray(Image.open(image).convert("RGB"))


def test_a_real_face_gets_a_proposal_made_once_with_stable_ids(
    case: tuple[Vault, Photo],
) -> None:
    vault, photo = case
    regions = list_regions(vault, photo.sha256)
    assert [r.kind for r in regions.regions] == ["proposed", "proposed"]
    assert any(covers(r.box, LEFT_FACE) for r in regions.regions)
    assert any(covers(r.box, RIGHT_FACE) for r in regions.regions)
    assert all(r.detector and "dlib" in r.detector and r.score for r in regions.regions)
    again = list_regions(vault, photo.sha256)
    assert [r.id for r in again.regions] == [r.id for r in regions.regions]
    proposed = [e for e in custody_log(vault) if e.action == "item.regions_proposed"]
    assert len(proposed) == 1
    assert [r["region"] for r in proposed[0].details["regions"]] == [r.id for r in regions.regions]


def test_undecided_proposals_block_the_export_and_name_the_photo(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    item = find_item(vault, photo.sha256)
    with pytest.raises(RegionsUndecided) as refused:
        exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    message = str(refused.value)
    # A refused export gives no number: the photo is named by its hash until one is given.
    assert f"New exhibit · {photo.sha256[:8]}" in message and item.id[:12] in message
    assert "items regions" in message and refused.value.exit_code == 2
    assert not list(tmp_path.glob("*show.pdf*"))
    assert not {"export.created", "exhibit.numbered"} & {e.action for e in custody_log(vault)}

    # Deciding some but not all still blocks.
    decide(vault, photo.sha256, "accept", [proposal_over(vault, photo.sha256, LEFT_FACE)])
    with pytest.raises(RegionsUndecided):
        exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")


def test_accept_all_proposed_blurs_every_proposal_and_logs_each_decision(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    result = exhibition_service.export_exhibition(
        vault, CASE, tmp_path / "show.pdf", accept_all_proposed=True
    )
    assert result.faces_blurred == 2
    decided = [e for e in custody_log(vault) if e.action == "item.region_decided"]
    assert sorted(e.details["decision"] for e in decided) == ["accept", "accept"]
    shown = exported_image(tmp_path / "show.pdf", tmp_path / "images")
    for face in (LEFT_FACE, RIGHT_FACE):
        assert detail(shown, face) < detail(photo.original, face) / 3


def test_the_export_blurs_exactly_the_accepted_and_manual_regions(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    decide(vault, photo.sha256, "accept", [proposal_over(vault, photo.sha256, LEFT_FACE)])
    # The curator judges the right-hand box wrong (as with a car seat): it stays as it is.
    decide(vault, photo.sha256, "reject", [proposal_over(vault, photo.sha256, RIGHT_FACE)])
    mark_item_regions(vault, photo.sha256, [",".join(map(str, MANUAL))])
    kinds = sorted(r.kind for r in list_regions(vault, photo.sha256).regions)
    assert kinds == ["accepted", "manual", "rejected"]

    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    shown = exported_image(tmp_path / "show.pdf", tmp_path / "images")
    assert shown.shape == photo.original.shape
    for blurred in (LEFT_FACE, MANUAL):
        assert detail(shown, blurred) < detail(photo.original, blurred) / 3
        assert change(shown, photo.original, blurred) > 10
    untouched = (RIGHT_FACE, (560, 300, 150, 150), (420, 20, 80, 60))  # rejected, suit, suit
    for box in untouched:
        assert detail(shown, box) > detail(photo.original, box) * 0.8
        assert change(shown, photo.original, box) < 4  # JPEG re-encoding only

    # The preview is the export: the same function made the pixels the PDF shows.
    preview = render_redacted(vault, find_item(vault, photo.sha256))
    previewed = np.asarray(Image.open(io.BytesIO(preview.jpeg)).convert("RGB"))
    assert change(previewed, shown, (0, 0, 1024, 512)) < 1.0


def test_changing_a_decision_makes_a_new_copy_and_never_reuses_the_stale_one(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    left = proposal_over(vault, photo.sha256, LEFT_FACE)
    right = proposal_over(vault, photo.sha256, RIGHT_FACE)
    decide(vault, photo.sha256, "accept", [left, right])
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "one.pdf")
    decide(vault, photo.sha256, "reject", [right])
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "two.pdf")
    one = exported_image(tmp_path / "one.pdf", tmp_path / "one")
    two = exported_image(tmp_path / "two.pdf", tmp_path / "two")
    assert detail(one, RIGHT_FACE) < detail(photo.original, RIGHT_FACE) / 3
    assert detail(two, RIGHT_FACE) > detail(photo.original, RIGHT_FACE) * 0.8
    assert detail(two, LEFT_FACE) < detail(photo.original, LEFT_FACE) / 3
    derived = [e for e in custody_log(vault) if e.action == "item.derived"]
    assert len(derived) == 2


def test_every_decision_is_a_signed_custody_event(case: tuple[Vault, Photo]) -> None:
    vault, photo = case
    left = proposal_over(vault, photo.sha256, LEFT_FACE)
    decide(vault, photo.sha256, "reject", [left])
    decide(vault, photo.sha256, "accept", [left])
    events = [e for e in custody_log(vault) if e.action == "item.region_decided"]
    assert [(e.details["decision"], e.details["previous"]) for e in events] == [
        ("reject", "proposed"),
        ("accept", "rejected"),
    ]
    box = next(r.box for r in list_regions(vault, photo.sha256).regions if r.id == left)
    for event in events:
        assert event.details["region"] == left
        assert event.details["box"] == box.to_json()
        assert "dlib" in event.details["detector"]
        assert event.subject_sha256 == photo.sha256
    assert verify_service.verify_vault(vault).ok


def test_keeping_a_face_visible_needs_public_named_consent(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    left = proposal_over(vault, photo.sha256, LEFT_FACE)
    right = proposal_over(vault, photo.sha256, RIGHT_FACE)
    with pytest.raises(BadInput, match="--person"):
        decide(vault, photo.sha256, "keep", [left])
    with pytest.raises(BadInput, match="public_named"):
        decide(vault, photo.sha256, "keep", [left], person_ref="p-017")  # public_anonymous
    with pytest.raises(BadInput, match="no person"):
        decide(vault, photo.sha256, "keep", [left], person_ref="p-999")
    assert "item.region_decided" not in [e.action for e in custody_log(vault)]

    decide(vault, photo.sha256, "keep", [left], person_ref="p-018")  # public_named
    decide(vault, photo.sha256, "accept", [right])
    kept = next(r for r in list_regions(vault, photo.sha256).regions if r.id == left)
    assert (kept.kind, kept.person_ref) == ("kept", "p-018")
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    shown = exported_image(tmp_path / "show.pdf", tmp_path / "images")
    assert detail(shown, LEFT_FACE) > detail(photo.original, LEFT_FACE) * 0.8

    # Consent withdrawn: the face is blurred again without anyone deciding anew.
    records_service.withdraw_consent(vault, "p-018", "public_named")
    preview = render_redacted(vault, find_item(vault, photo.sha256))
    previewed = np.asarray(Image.open(io.BytesIO(preview.jpeg)).convert("RGB"))
    assert detail(previewed, LEFT_FACE) < detail(photo.original, LEFT_FACE) / 3


def test_unknown_regions_and_wrong_items_are_refused(
    case: tuple[Vault, Photo], tmp_path: Path
) -> None:
    vault, photo = case
    with pytest.raises(BadInput, match="has no region 999"):
        decide(vault, photo.sha256, "reject", [999])
    with pytest.raises(BadInput, match="goes with keep"):
        decide(
            vault, photo.sha256, "reject", [proposal_over(vault, photo.sha256, LEFT_FACE)], "p-018"
        )
    letter = tmp_path / "letter.txt"
    letter.write_text("no face here")
    report = ingest_service.ingest_paths(vault, [letter])
    with pytest.raises(BadInput, match="not a photo"):
        list_regions(vault, report.outcomes[0].sha256 or "")


def test_a_decompression_bomb_is_never_decoded_to_look_for_faces(
    vault: Vault, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(camera_files.png_bomb())
    add_sample_case(vault)
    sha = ingest_service.ingest_paths(vault, [bomb], case_ref=CASE).outcomes[0].sha256 or ""
    with pytest.raises(BadInput, match=r"cannot be looked at for faces.*never published"):
        list_regions(vault, sha)
    assert "item.regions_proposed" not in [e.action for e in custody_log(vault)]


def test_a_moved_region_keeps_its_decision_blurs_where_it_now_is_and_logs_both_boxes(
    case: tuple[Vault, Photo],
) -> None:
    vault, photo = case
    left = proposal_over(vault, photo.sha256, LEFT_FACE)
    decide(vault, photo.sha256, "accept", [left])
    before = next(r.box for r in list_regions(vault, photo.sha256).regions if r.id == left)
    suit = Box(560, 300, 150, 150)
    moved = next(r for r in move_region(vault, photo.sha256, left, suit).regions if r.id == left)
    assert (moved.box, moved.status) == (suit, "accepted")
    move_region(vault, photo.sha256, left, suit)  # the same box again: nothing to log
    (event,) = [e for e in custody_log(vault) if e.action == "item.region_moved"]
    assert event.details["region"] == left and event.subject_sha256 == photo.sha256
    assert event.details["previous"] == before.to_json()
    assert event.details["box"] == [560, 300, 150, 150]
    assert event.details["status"] == "accepted" and "dlib" in event.details["detector"]

    preview = render_redacted(vault, find_item(vault, photo.sha256))
    previewed = np.asarray(Image.open(io.BytesIO(preview.jpeg)).convert("RGB"))
    assert (
        detail(previewed, (560, 300, 150, 150)) < detail(photo.original, (560, 300, 150, 150)) / 3
    )
    assert detail(previewed, LEFT_FACE) > detail(photo.original, LEFT_FACE) * 0.8
    assert verify_service.verify_vault(vault).ok


def test_a_region_is_moved_only_within_the_picture_and_only_if_the_photo_has_it(
    case: tuple[Vault, Photo],
) -> None:
    vault, photo = case
    left = proposal_over(vault, photo.sha256, LEFT_FACE)
    with pytest.raises(BadInput, match="reaches outside the picture"):
        move_region(vault, photo.sha256, left, Box(1000, 500, 40, 40))
    with pytest.raises(BadInput, match="must start inside"):
        move_region(vault, photo.sha256, left, Box(-5, 10, 40, 40))
    with pytest.raises(BadInput, match="has no region 999"):
        move_region(vault, photo.sha256, 999, Box(10, 10, 40, 40))
    assert "item.region_moved" not in [e.action for e in custody_log(vault)]


class CancelAfterLooking:
    """Cancels once the detector has looked (its second question), as a person who clicks
    Cancel while the faces are sought."""

    def __init__(self) -> None:
        self.asked = 0

    def report(self, fraction: float | None, message: str = "") -> None:
        pass

    def cancel_requested(self) -> bool:
        self.asked += 1
        return self.asked >= 2


def test_a_cancelled_detection_stores_nothing_and_the_next_look_stores_it_once(
    vault: Vault, tmp_path: Path
) -> None:
    photo = ingest_face_case(vault, tmp_path / "received", detect=False)
    with pytest.raises(Cancelled):
        list_regions(vault, photo.sha256, CancelAfterLooking())
    assert "item.regions_proposed" not in [e.action for e in custody_log(vault)]
    assert len(list_regions(vault, photo.sha256).regions) == 2
    assert [e.action for e in custody_log(vault)].count("item.regions_proposed") == 1


def test_only_people_who_consented_to_be_named_may_keep_their_face_visible(
    case: tuple[Vault, Photo],
) -> None:
    vault, _photo = case
    refs = [ref for ref, _label in named_people(vault)]
    assert "p-018" in refs and "p-017" not in refs  # public_named; public_anonymous only
    records_service.withdraw_consent(vault, "p-018", "public_named")
    assert "p-018" not in [ref for ref, _label in named_people(vault)]
