"""The exhibition as composed before it is written, and the order a curator gives its photos."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evidence_app.core import exhibition_service
from evidence_app.core.exhibition_composition import compose, set_caption, set_exhibition_order
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.links_service import save_evidence_record
from evidence_app.core.records_service import get_record, record_revisions
from evidence_app.kernel.errors import BadInput
from evidence_app.records.reasons import Reason
from evidence_app.storage.vault import Vault
from tests.core.case_material import CASE, build_case


@pytest.fixture
def shas(vault: Vault, tmp_path: Path) -> dict[str, str]:
    return build_case(vault, tmp_path / "received")


def test_the_composition_is_what_the_export_would_include_and_leave_out(
    vault: Vault, shas: dict[str, str]
) -> None:
    composed = compose(vault, CASE, "ru")
    assert composed.title == "ИК-6: пытки в 2023 году"
    assert {p.caption for p in composed.photos} == {
        "Камера ШИЗО",
        "У ворот колонии",
        "Стена колонии",
    }
    assert all(p.thumbnail and p.thumbnail[:2] == b"\xff\xd8" for p in composed.photos)
    reasons = {e.label: e.reason.code for e in composed.left_out if e.reason}
    assert reasons["Синяки"] == Reason.NO_CONSENT_IN_FORCE
    assert reasons["letter.txt"] == Reason.NOT_A_PHOTO


def test_the_curators_order_is_kept_in_the_case_record_and_reaches_the_pdf(
    vault: Vault, shas: dict[str, str], tmp_path: Path
) -> None:
    before = compose(vault, CASE)
    revisions = len(record_revisions(vault, "case", CASE))
    wanted = [before.photos[2].item_id, before.photos[0].item_id]
    stored = set_exhibition_order(vault, CASE, wanted)

    assert stored == [find_item(vault, item_id).sha256 for item_id in wanted]
    assert get_record(vault, "case", CASE).body["exhibition_order"] == stored
    assert len(record_revisions(vault, "case", CASE)) == revisions + 1
    assert get_record(vault, "case", CASE).body["title"] == "ИК-6: пытки в 2023 году"
    saved = [e for e in custody_log(vault) if e.action.startswith("record.")][-1]
    assert saved.subject == f"case:{CASE}"
    # Named photos first, in the curator's order; the one not named after them.
    after = [p.caption for p in compose(vault, CASE).photos]
    assert after == [before.photos[i].caption for i in (2, 0, 1)]

    pdf = tmp_path / "show.pdf"
    exhibition_service.export_exhibition(vault, CASE, pdf, accept_all_proposed=True)
    review = json.loads(pdf.with_name("show.review.json").read_text(encoding="utf-8"))
    printed = [e["reference"][-8:] for e in review["included"] if e["kind"] == "photo"]
    assert printed == [find_item(vault, i).sha256[:8] for i in [*wanted, before.photos[1].item_id]]
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    places = [text.find(caption) for caption in after]
    assert -1 not in places and places == sorted(places)


def test_an_order_naming_what_is_not_in_the_case_or_twice_is_refused(
    vault: Vault, shas: dict[str, str]
) -> None:
    first = compose(vault, CASE).photos[0].item_id
    revisions = len(record_revisions(vault, "case", CASE))
    with pytest.raises(BadInput, match="twice"):
        set_exhibition_order(vault, CASE, [first, first])
    with pytest.raises(BadInput, match="Not filed under case"):
        set_exhibition_order(vault, CASE, [first, "0" * 32])
    assert len(record_revisions(vault, "case", CASE)) == revisions


def test_a_caption_edited_for_an_edition_is_a_new_revision_and_is_printed(
    vault: Vault, shas: dict[str, str], tmp_path: Path
) -> None:
    sha = shas["wall.jpg"]
    before = get_record(vault, "evidence", sha).body
    revisions = len(record_revisions(vault, "evidence", sha))
    events = len(custody_log(vault))

    # Written in no language it names: the Russian edition gets a Russian translation.
    set_caption(vault, sha, "ru", "  Стена колонии ночью ")

    after = get_record(vault, "evidence", sha).body
    assert after["translations"] == {"ru": {"caption": "Стена колонии ночью"}}
    assert {k: v for k, v in after.items() if k != "translations"} == before
    assert len(record_revisions(vault, "evidence", sha)) == revisions + 1
    saved = custody_log(vault)[events:]
    assert [e.subject for e in saved if e.action.startswith("record.")] == [f"evidence:{sha}"]
    assert "Стена колонии ночью" in {p.caption for p in compose(vault, CASE, "ru").photos}
    assert "Стена колонии" in {p.caption for p in compose(vault, CASE, "en").photos}

    pdf = tmp_path / "ru.pdf"
    exhibition_service.export_exhibition(vault, CASE, pdf, language="ru", accept_all_proposed=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Стена колонии ночью" in text


def test_a_caption_in_its_own_language_is_edited_in_place(
    vault: Vault, shas: dict[str, str]
) -> None:
    sha = shas["wall.jpg"]
    save_evidence_record(vault, sha, {**get_record(vault, "evidence", sha).body, "language": "ru"})
    set_caption(vault, sha, "ru", "Северная стена")
    set_caption(vault, sha, "uk", "Північна стіна")
    body = get_record(vault, "evidence", sha).body
    assert (body["caption"], body["language"]) == ("Северная стена", "ru")
    assert body["translations"] == {"uk": {"caption": "Північна стіна"}}
    assert body["cases"] == [CASE]
