"""The publication check: no exhibition prints the name of anyone who did not agree to it."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from evidence_app.core import exhibition_service, publication_service, records_service
from evidence_app.core.items_service import custody_log
from evidence_app.core.verify_service import verify_vault
from evidence_app.export.publication_check import MASK, REPLACE, REVIEWED, PublicationBlocked
from evidence_app.storage.vault import Vault
from tests.export.publication_case import (
    CASE,
    FIELDS,
    NAMED,
    PRISONER,
    SENTENCES,
    build,
    document,
    save,
)
from tests.export.published_names import assert_no_withheld_names, pdf_text

REAL_NAMES = ("Коваленк", "Kovalenko", "Тарас", "Taras", "Сидоров", "Пётр", "Петр")
SECTION_OF_FIELD = {
    "caption": "photo",
    "title": "cover",
    "excerpt": "testimonies",
    "condition": "facility",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
@pytest.mark.parametrize("field", FIELDS)
def test_a_legal_only_prisoner_named_in_published_text_blocks_the_export(
    vault: Vault, tmp_path: Path, language: str, field: str
) -> None:
    build(vault, tmp_path / "in", field, SENTENCES[language])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PublicationBlocked) as blocked:
        exhibition_service.export_exhibition(vault, CASE, out / "show.pdf")
    assert list(out.iterdir()) == []  # no PDF, no review, no partial file
    (unresolved,) = blocked.value.unresolved
    finding = unresolved.finding
    # Not linked to anything in the case: every person in the vault is looked for.
    assert finding.person_ref == PRISONER and finding.pseudonym == "W-031"
    assert finding.place.section == SECTION_OF_FIELD[field]
    assert MASK in finding.excerpt
    message = str(blocked.value)
    assert "W-031" in message and finding.id in message
    for name in REAL_NAMES:
        assert name not in finding.excerpt and name not in message


def test_the_finding_shows_the_context_masked_with_its_grammatical_ending(
    vault: Vault, tmp_path: Path
) -> None:
    build(vault, tmp_path / "in")
    (checked,) = publication_service.check_publication(vault, CASE).findings
    assert "вместе с ██████м, нас били" in checked.finding.excerpt  # Коваленко+м
    assert checked.finding.place.label == "testimony t-1, excerpt"


def test_replacing_by_pseudonym_prints_the_pseudonym_and_keeps_the_record(
    vault: Vault, tmp_path: Path
) -> None:
    build(vault, tmp_path / "in")
    (checked,) = publication_service.check_publication(vault, CASE).findings
    publication_service.resolve_finding(vault, CASE, checked.finding.id[:6], REPLACE, "W-031")
    result = exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")

    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert "вместе с W-031, нас били" in " ".join(text.split())
    # The testimony itself is evidence and keeps the witness's words.
    testimony = records_service.get_record(vault, "testimony", "t-1")
    assert "Коваленком" in testimony.body["sections"]["narrative"]

    decided = [e for e in custody_log(vault) if e.action == "publication.decided"]
    (event,) = decided
    assert event.subject == f"case:{CASE}"
    assert event.details["person"] == PRISONER
    assert event.details["finding"] == checked.finding.id
    assert event.details["decision"] == REPLACE
    assert not any(name in json.dumps(event.to_json(), ensure_ascii=False) for name in REAL_NAMES)
    assert verify_vault(vault, full=True).ok

    review_path = tmp_path / "show.review.json"
    assert result.review_path == review_path
    assert stat.S_IMODE(review_path.stat().st_mode) == 0o600
    raw = review_path.read_text(encoding="utf-8")
    assert not any(name in raw for name in REAL_NAMES)
    review = json.loads(raw)
    assert review["pdf_sha256"] == result.pdf_sha256
    (finding,) = review["publication_check"]
    assert finding["id"] == checked.finding.id and finding["pseudonym"] == "W-031"
    assert finding["resolution"]["decision"] == REPLACE
    assert finding["resolution"]["custody_seq"] == event.seq
    kinds = {entry["kind"]: entry for entry in review["included"]}
    assert kinds["testimony"]["people"] == [{"pseudonym": "W-017", "consent": "public_anonymous"}]
    assert kinds["photo"]["basis"] == "marked publishable"
    (region,) = review["regions"]
    assert region["exhibit"] == "case-ik6-E0001"  # the number both dossiers of the case use
    assert {"faces_detected", "manual_regions"} <= set(region)
    assert b"review" not in (tmp_path / "show.pdf").read_bytes()  # never inside the PDF


def test_a_reviewed_finding_stays_decided_until_its_text_changes(
    vault: Vault, tmp_path: Path
) -> None:
    build(vault, tmp_path / "in")
    (checked,) = publication_service.check_publication(vault, CASE).findings
    publication_service.resolve_finding(
        vault, CASE, checked.finding.id, REVIEWED, "another Коваленко, a guard"
    )
    again = publication_service.check_publication(vault, CASE)
    assert again.unresolved == [] and again.findings[0].decision is not None
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    assert "Коваленком" in pdf_text(tmp_path / "show.pdf")  # as the curator decided
    review = (tmp_path / "show.review.json").read_text(encoding="utf-8")
    assert "Коваленко" not in review and "another ██████, a guard" in review

    # The witness's text is corrected: the old decision does not carry over to it.
    records = document(sentence=SENTENCES["ru"].replace("ночь", "ночь, Коваленко молчал"))
    save(records, tmp_path / "edited.json")
    records_service.import_records(vault, tmp_path / "edited.json")
    edited = publication_service.check_publication(vault, CASE)
    assert len(edited.unresolved) == 2
    assert checked.finding.id not in {c.finding.id for c in edited.findings}
    with pytest.raises(PublicationBlocked):
        exhibition_service.export_exhibition(vault, CASE, tmp_path / "again.pdf")


def test_a_person_who_agreed_to_be_named_may_be_named(vault: Vault, tmp_path: Path) -> None:
    build(vault, tmp_path / "in", "excerpt", "Олена Петренко принесла передачу для Олени.")
    assert publication_service.check_publication(vault, CASE).findings == []
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    assert "Олена Петренко" in assert_no_withheld_names(vault, tmp_path / "show.pdf")
    records_service.withdraw_consent(vault, NAMED, "public_named")
    findings = publication_service.check_publication(vault, CASE).findings
    assert [c.finding.person_ref for c in findings] == [NAMED] * 3  # Олена, Петренко, Олени


def test_every_printed_string_is_checked_and_replaced(vault: Vault, tmp_path: Path) -> None:
    sha256 = build(vault, tmp_path / "in", "excerpt", "С Тарасом мы молчали.")
    records = document("excerpt", "С Тарасом мы молчали.")
    records["cases"][0] |= {"title": "Дело Коваленко", "description": "Kovalenko and others"}
    records["facilities"][0] |= {"name": "ШИЗО имени Кова", "region": "Kovalenko district"}
    records["conditions"][0]["finding"] = "Коваленко держали 45 суток."
    records["people"][0]["pseudonym"] = "Тарас"  # a pseudonym is printed too
    records["evidence"] = [
        {"sha256": sha256, "cases": [CASE], "people": ["p-017"], "caption": "Кова у стены"}
    ]
    save(records, tmp_path / "all.json")
    records_service.import_records(vault, tmp_path / "all.json")

    organiser = "Куратор Тарас"
    check = publication_service.check_publication(vault, CASE, organiser)
    places = {c.finding.place.key.rsplit(":", 1)[-1] for c in check.findings}
    assert places == {
        "title",
        "description",
        "organiser",
        "name",
        "region",
        "finding",
        "caption",
        "people[0]",
        "excerpt",
        "witness",
    }
    for checked in check.findings:
        publication_service.resolve_finding(
            vault, CASE, checked.finding.id, REPLACE, organiser=organiser
        )
    exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf", organiser=organiser)
    text = assert_no_withheld_names(vault, tmp_path / "show.pdf")
    assert text.count("W-031") >= len(places)
    info = subprocess.run(["pdfinfo", str(tmp_path / "show.pdf")], capture_output=True, text=True)
    assert "Коваленко" not in info.stdout and "Тарас" not in info.stdout  # Title, Author
    assert "W-031" in info.stdout


def test_a_decision_is_refused_for_an_unknown_or_ambiguous_finding(
    vault: Vault, tmp_path: Path
) -> None:
    build(vault, tmp_path / "in")
    with pytest.raises(publication_service.BadInput, match="not a current finding"):
        publication_service.resolve_finding(vault, CASE, "0000000000", REVIEWED)
    with pytest.raises(publication_service.BadInput, match="decision is one of"):
        publication_service.resolve_finding(vault, CASE, "", "ignore")
    # A decision on another case's exhibition does not clear this one.
    assert publication_service.check_publication(vault, CASE).unresolved
