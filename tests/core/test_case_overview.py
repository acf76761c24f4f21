"""The case overview: what a case holds, and what each dossier would include and why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_app.core import exhibition_service, export_service
from evidence_app.core.case_overview import REASONS, CaseOverview, case_overview
from evidence_app.core.items_service import custody_log, find_item, page_of_items
from evidence_app.core.redaction_service import redacted_copy
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.core.case_material import CASE, build_case


def left_out(overview: CaseOverview, dossier: str) -> dict[str, str]:
    preview = overview.accountability if dossier == "court" else overview.exhibition
    assert all(entry.reason is not None for entry in preview.left_out)
    return {entry.label: entry.reason.text for entry in preview.left_out if entry.reason}


def exported(vault: Vault, kind: str) -> dict[str, list[str]]:
    (event,) = [
        e for e in custody_log(vault) if e.action == "export.created" and e.details["kind"] == kind
    ]
    return dict(event.details)


@pytest.fixture
def shas(vault: Vault, tmp_path: Path) -> dict[str, str]:
    return build_case(vault, tmp_path / "received")


def test_the_overview_lists_the_case_material_by_what_people_read(
    vault: Vault, shas: dict[str, str]
) -> None:
    overview = case_overview(vault, CASE)
    assert overview.title == "ИК-6: пытки в 2023 году"
    titles = {item.title for item in overview.items}
    assert titles == {"Камера ШИЗО", "У ворот колонии", "Синяки", "Стена колонии", "letter.txt"}
    photos = [item for item in overview.items if item.media_type == "image/jpeg"]
    assert len(photos) == 4 and all(item.has_thumbnail for item in photos)
    by_title = {item.title: item for item in overview.items}
    assert by_title["Камера ШИЗО"].people == ("W-017",)
    assert by_title["Стена колонии"].marks.publishable
    assert not by_title["Камера ШИЗО"].marks.publishable
    assert all(item.marks.linked_to_case for item in overview.items)
    assert [t.title for t in overview.testimonies] == ["W-017", "W-018"]
    assert {p.title for p in overview.people} >= {"W-017", "W-018", "W-020", "Guard A"}
    assert [f.title for f in overview.facilities] == ["ИК-6 Копейск"]
    assert [i.title for i in overview.incidents] == ["ИК-6 Копейск"]
    assert overview.incidents[0].summary == "W-017"


NOT_COURT = (
    "W-018: Consent given only for public use with the name; not for courts and investigators."
)


def test_each_dossier_panel_names_what_it_leaves_out_and_why(
    vault: Vault, shas: dict[str, str]
) -> None:
    overview = case_overview(vault, CASE)
    assert left_out(overview, "court") == {
        "У ворот колонии": NOT_COURT,
        "Синяки": "W-020: Consent for courts and investigators was withdrawn.",
        "W-018": NOT_COURT,  # testimony t-2
    }
    assert left_out(overview, "exhibition") == {
        "Синяки": "W-020: No consent is in force; none for public use without the name.",
        "letter.txt": "Not a photo (text/plain); exhibitions show only redacted photos.",
    }
    for preview in (overview.accountability, overview.exhibition):
        for entry in preview.left_out:
            assert entry.reason is not None and entry.reason.code in REASONS
    # Counted as the panels show them: photos and letters, testimonies, incidents, findings.
    assert (len(overview.accountability.included), overview.accountability.total) == (6, 9)
    assert (len(overview.exhibition.included), overview.exhibition.total) == (6, 8)


def test_the_panels_agree_with_what_the_real_exports_include(
    vault: Vault, shas: dict[str, str], tmp_path: Path
) -> None:
    overview = case_overview(vault, CASE)
    sha_of = {find_item(vault, sha).id: sha for sha in shas.values()}

    court = export_service.export_accountability(vault, CASE, tmp_path / "court")
    court_items = [e.subject for e in overview.accountability.included if e.kind == "item"]
    court_testimonies = [e for e in overview.accountability.included if e.kind == "testimony"]
    assert court.exhibits == len(court_items) == 3
    assert court.testimonies == len(court_testimonies)
    assert sorted(exported(vault, "accountability")["exhibits"]) == sorted(
        sha_of[item_id] for item_id in court_items
    )
    assert len(court.omitted) == len(overview.accountability.left_out)
    # The export reports what it left out as the panel foresaw it: by title, with the code.
    assert court.left_out == overview.accountability.left_out

    show = exhibition_service.export_exhibition(
        vault, CASE, tmp_path / "show.pdf", accept_all_proposed=True
    )
    public_items = [e.subject for e in overview.exhibition.included if e.kind == "item"]
    assert show.photos == len(public_items) == 3
    details = exported(vault, "exhibition")
    assert sorted(details["photos"]) == sorted(sha_of[item_id] for item_id in public_items)
    assert sorted(set(details["testimonies"])) == sorted(
        e.subject for e in overview.exhibition.included if e.kind == "testimony"
    )
    assert len(show.omitted) == len(overview.exhibition.left_out)
    assert show.left_out == overview.exhibition.left_out


def test_marks_follow_redaction_and_export_in_the_overview_and_the_table(
    vault: Vault, shas: dict[str, str], tmp_path: Path
) -> None:
    before = {item.title: item.marks for item in case_overview(vault, CASE).items}
    assert not any(marks.redacted or marks.exported for marks in before.values())
    redacted_copy(vault, find_item(vault, shas["wall.jpg"]))
    export_service.export_accountability(vault, CASE, tmp_path / "court")
    after = {item.title: item.marks for item in case_overview(vault, CASE).items}
    assert after["Стена колонии"].redacted and not after["Камера ШИЗО"].redacted
    assert after["Камера ШИЗО"].exported and not after["Синяки"].exported

    rows = {row.original_name: row.marks for row in page_of_items(vault, 0, 50)}
    assert rows["wall.jpg"].publishable and rows["wall.jpg"].redacted
    assert rows["wall (redacted).jpg"].redacted  # the copy itself
    assert not rows["wall (redacted).jpg"].linked_to_case  # copies are not filed
    assert rows["consented.jpg"].exported and rows["consented.jpg"].linked_to_case
    assert not rows["withdrawn.jpg"].exported


def test_an_unknown_case_is_refused_in_words(vault: Vault) -> None:
    with pytest.raises(BadInput, match="no case 'case-none'"):
        case_overview(vault, "case-none")


def test_after_an_export_both_panels_show_the_numbers_it_gave(
    vault: Vault, shas: dict[str, str], tmp_path: Path
) -> None:
    assert all(not e.number for e in case_overview(vault, CASE).accountability.included)
    export_service.export_accountability(vault, CASE, tmp_path / "court")
    overview = case_overview(vault, CASE)
    court = {e.subject: e.number for e in overview.accountability.included if e.kind == "item"}
    assert sorted(court.values()) == [f"{CASE}-E000{n}" for n in (1, 2, 3)]
    public = {e.subject: e.number for e in overview.exhibition.included if e.kind == "item"}
    shared = set(public) & set(court)
    assert shared and all(public[item] == court[item] for item in shared)
    assert all(not public[item] for item in set(public) - shared)  # numbered when exported
