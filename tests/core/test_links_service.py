"""One case model (issue 16): an item's links are set in one place, and the cases the
dossiers select by (`item_cases`) and its `evidence` record never disagree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import case_refs, ingest_service, items_service, records_service
from evidence_app.core.errors import BadInput
from evidence_app.core.links_service import LinkChange, item_links, set_links
from evidence_app.core.verify_service import verify_vault
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.export.selection import select_for_legal_dossier
from evidence_app.storage.models import CustodyEvent, ItemCase
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import records_document


def _import(vault: Vault, folder: Path, document: dict[str, object]) -> None:
    path = folder / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)


@pytest.fixture
def photos(vault: Vault, tmp_path: Path) -> list[str]:
    """Three photos in the vault, and the sample case, people and facility; no links yet."""
    _import(vault, tmp_path, records_document())
    folder = tmp_path / "photos"
    folder.mkdir()
    for n, make in enumerate((camera_files.canon_eos, camera_files.iphone, camera_files.nikon)):
        (folder / f"photo-{n}.jpg").write_bytes(make())
    report = ingest_service.ingest_paths(vault, sorted(folder.iterdir()), source="relative")
    return [outcome.item_id or "" for outcome in report.outcomes]


def item_cases(vault: Vault) -> set[tuple[str, str]]:
    with vault.reader() as session:
        return {(row.item_id, row.case_ref) for row in session.scalars(select(ItemCase))}


def evidence_record(vault: Vault, item_id: str) -> dict[str, object] | None:
    sha256 = items_service.show_item(vault, item_id).sha256
    record = records_service.find_record(vault, "evidence", sha256)
    return None if record is None else record.body


def events(vault: Vault, action: str) -> list[CustodyEvent]:
    with vault.reader() as session:
        return list(session.scalars(select(CustodyEvent).where(CustodyEvent.action == action)))


def test_three_items_are_linked_in_one_call_one_revision_each(
    vault: Vault, photos: list[str]
) -> None:
    revised_before = len(events(vault, "record.revised"))
    result = set_links(vault, photos, LinkChange(cases=["case-ik6"], people=["p-017"]))
    assert result.changed == 3
    assert item_cases(vault) == {(item_id, "case-ik6") for item_id in photos}
    for item_id in photos:
        record = evidence_record(vault, item_id)
        assert record is not None
        assert record["cases"] == ["case-ik6"] and record["people"] == ["p-017"]
    assert len(events(vault, "record.revised")) == revised_before + 3
    assert verify_vault(vault).ok

    # The same again changes nothing and logs nothing.
    again = set_links(vault, photos, LinkChange(cases=["case-ik6"], people=["p-017"]))
    assert again.changed == 0
    assert len(events(vault, "record.revised")) == revised_before + 3


def test_what_is_given_replaces_and_what_is_not_given_stays(
    vault: Vault, photos: list[str]
) -> None:
    first = photos[0]
    set_links(vault, [first], LinkChange(cases=["case-ik6"], people=["p-017"], caption="Камера"))
    other = case_refs.create_case(vault, "Другое дело")
    set_links(vault, [first], LinkChange(cases=[other.ref]))
    links = item_links(vault, first)
    assert links["cases"] == [other.ref]
    assert links["people"] == ["p-017"] and links["caption"] == "Камера"
    assert item_cases(vault) == {(first, other.ref)}
    set_links(vault, [first], LinkChange(cases=[], caption=""))
    assert item_links(vault, first)["cases"] == [] and item_cases(vault) == set()
    assert item_links(vault, first)["caption"] == ""


def test_an_unknown_ref_is_refused_naming_what_exists_and_nothing_is_written(
    vault: Vault, photos: list[str]
) -> None:
    revised_before = len(events(vault, "record.revised"))
    with pytest.raises(BadInput) as refused:
        set_links(vault, photos, LinkChange(cases=["case-ik6", "case-typo"], people=["p-999"]))
    message = str(refused.value)
    assert "'case-typo'" in message and "case-ik6 (ИК-6: пытки в 2023 году)" in message
    assert "'p-999'" in message and "p-017" in message
    assert "Пётр" not in message  # people are named by pseudonym, never by name
    assert item_cases(vault) == set()
    assert len(events(vault, "record.revised")) == revised_before


def test_cases_filed_at_ingest_are_the_items_cases_until_links_replace_them(
    vault: Vault, photos: list[str], tmp_path: Path
) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Письмо")
    (outcome,) = ingest_service.ingest_paths(vault, [letter], case_ref="case-ik6").outcomes
    item_id = outcome.item_id or ""
    assert item_links(vault, item_id)["cases"] == ["case-ik6"]
    # Linking people leaves the case filed at ingest, and the record now says so too.
    set_links(vault, [item_id], LinkChange(people=["p-018"]))
    record = evidence_record(vault, item_id)
    assert record is not None and record["cases"] == ["case-ik6"]
    assert (item_id, "case-ik6") in item_cases(vault)


def test_the_gui_path_and_the_cli_path_give_the_same_links(vault: Vault, photos: list[str]) -> None:
    """The Links tab saves a whole evidence record; `items link` sets fields. Same truth."""
    gui_item, cli_item = photos[0], photos[1]
    body = {
        "cases": ["case-ik6"],
        "people": ["p-017"],
        "facility": "f-ik6",
        "incident": "i-1",
        "caption": "Камера ШИЗО",
        "publishable": True,
    }
    sha256 = items_service.show_item(vault, gui_item).sha256
    assert records_service.save_record(vault, "evidence", sha256, body) == 1
    set_links(
        vault,
        [cli_item],
        LinkChange(
            cases=["case-ik6"],
            people=["p-017"],
            facility="f-ik6",
            incident="i-1",
            caption="Камера ШИЗО",
            publishable=True,
        ),
    )
    assert evidence_record(vault, gui_item) == evidence_record(vault, cli_item)
    assert item_cases(vault) == {(gui_item, "case-ik6"), (cli_item, "case-ik6")}

    # Taking the case away in the Links tab takes the item out of the case's dossiers.
    assert records_service.save_record(vault, "evidence", sha256, {**body, "cases": []}) == 2
    assert item_cases(vault) == {(cli_item, "case-ik6")}


def test_an_item_linked_in_the_links_tab_is_in_both_dossiers_or_left_out_with_a_reason(
    vault: Vault, photos: list[str]
) -> None:
    consented, unconsented, nobody = photos
    for item_id, people in ((consented, ["p-017"]), (unconsented, ["p-018"]), (nobody, [])):
        sha256 = items_service.show_item(vault, item_id).sha256
        body = {"cases": ["case-ik6"], "people": people, "caption": "Фото"}
        records_service.save_record(vault, "evidence", sha256, body)
    with vault.reader() as session:
        legal = select_for_legal_dossier(session, "case-ik6")
        exhibition = select_for_exhibition(session, "case-ik6")
    assert {e.item_id for e in legal.exhibits} == {consented, nobody}
    assert [o.kind for o in legal.omitted if o.kind == "exhibit"] == ["exhibit"]
    assert any(o.params.get("wanted") == "legal" for o in legal.omitted if o.kind == "exhibit")
    # p-017 and p-018 consented to publication; a photo of nobody waits to be publishable.
    assert {p.item_id for p in exhibition.photos} == {consented, unconsented}
    (left_out,) = [o for o in exhibition.omitted if o.kind == "photo"]
    assert "publishable" in left_out.reason


def test_a_records_import_files_items_as_its_evidence_records_say(
    vault: Vault, photos: list[str], tmp_path: Path
) -> None:
    sha256 = items_service.show_item(vault, photos[0]).sha256
    document = records_document()
    document["evidence"] = [{"sha256": sha256, "cases": ["case-ik6"], "people": ["p-017"]}]
    _import(vault, tmp_path, document)
    assert item_cases(vault) == {(photos[0], "case-ik6")}
    # An entry without `cases` leaves the item filed where it is; `[]` unfiles it.
    document["evidence"] = [{"sha256": sha256, "people": ["p-018"]}]
    _import(vault, tmp_path, document)
    assert item_cases(vault) == {(photos[0], "case-ik6")}
    document["evidence"] = [{"sha256": sha256, "cases": [], "people": ["p-017"]}]
    _import(vault, tmp_path, document)
    assert item_cases(vault) == set()
    assert verify_vault(vault).ok


def test_new_cases_get_refs_from_their_titles_never_typed(vault: Vault) -> None:
    first = case_refs.create_case(vault, "ИК-6 Копейск")
    second = case_refs.create_case(vault, "ИК-6 Копейск")
    third = case_refs.create_case(vault, "!!!")
    assert first.ref == "case-ik-6-kopeysk" and second.ref == "case-ik-6-kopeysk-2"
    assert third.ref.startswith("case-") and third.title == "!!!"
    assert [c.title for c in case_refs.list_cases(vault)] == ["!!!"] + ["ИК-6 Копейск"] * 2
    with pytest.raises(BadInput):
        case_refs.create_case(vault, "   ")


def test_filing_items_under_a_case_says_which_fall_out_of_its_dossiers_and_why(
    vault: Vault, photos: list[str]
) -> None:
    """p-018 consented to publication only: filing photos of them under a case puts them in
    its exhibition but not its court dossier, and the link says so at once."""
    shows_p018, nobody, _ = photos
    set_links(vault, [shows_p018], LinkChange(people=["p-018"]))

    result = set_links(vault, [shows_p018, nobody], LinkChange(add_cases=["case-ik6"]))

    assert [(left.dossier, left.case_ref, left.omission.subject) for left in result.fell_out] == [
        ("accountability", "case-ik6", shows_p018)
    ]
    (left,) = result.fell_out
    assert left.omission.params["wanted"] == "legal"
    assert result.to_json()["left_out"][0]["code"] == left.omission.code.value
    # Linked again, nothing new falls out, so nothing is said.
    assert set_links(vault, photos, LinkChange(add_cases=["case-ik6"])).fell_out == []
