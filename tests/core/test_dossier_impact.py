"""A save or a link that makes material fall out of a dossier says so at once, naming what,
which dossier and why, exactly as the next export would decide it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import dossier_impact, records_service
from evidence_app.core.dossier_impact import ACCOUNTABILITY, EXHIBITION
from evidence_app.records.reasons import Reason
from evidence_app.storage.models import CustodyEvent, Item
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, DossierCase, build_case


@pytest.fixture
def case(vault: Vault, tmp_path: Path) -> DossierCase:
    return build_case(vault, tmp_path / "files")


def item_id(vault: Vault, sha256: str) -> str:
    with vault.reader() as session:
        found = session.scalar(select(Item.id).where(Item.sha256 == sha256))
    assert found is not None
    return found


def fell_out(saved: dossier_impact.Saved) -> set[tuple[str, str, str, Reason]]:
    return {
        (left.dossier, left.omission.kind, left.omission.subject, left.omission.code)
        for left in saved.fell_out
    }


def test_withdrawing_legal_consent_reports_every_piece_that_leaves_the_court_dossier(
    vault: Vault, case: DossierCase
) -> None:
    person = records_service.get_record(vault, "person", "p-017").body
    today = date.today().isoformat()
    person["consent"][0]["withdrawn_on"] = today  # legal; public_anonymous stays
    saved = dossier_impact.save_record(vault, "person", "p-017", person)
    assert saved.revision == 2
    assert fell_out(saved) == {
        (ACCOUNTABILITY, "exhibit", item_id(vault, case.consented_photo), Reason.CONSENT_WITHDRAWN),
        (ACCOUNTABILITY, "testimony", "t-1", Reason.CONSENT_WITHDRAWN),
        (ACCOUNTABILITY, "incident", "i-1", Reason.CONSENT_WITHDRAWN),
    }  # the exhibition still shows them: public use without the name is still given
    assert all(left.case_ref == CASE for left in saved.fell_out)
    testimony = next(left for left in saved.fell_out if left.omission.subject == "t-1")
    assert testimony.omission.detail == (
        "testimony t-1: p-017: Consent for courts and investigators was withdrawn."
    )
    assert testimony.to_json()["code"] == "consent_withdrawn"
    # The editor's save is logged as an import's would be.
    with vault.reader() as session:
        last = session.query(CustodyEvent).order_by(CustodyEvent.seq.desc()).first()
        assert last is not None and last.action == "consent.withdrawn"
    # Saved again unchanged: nothing new falls out, and nothing is said.
    again = dossier_impact.save_record(vault, "person", "p-017", person)
    assert again.revision is None and again.fell_out == []


def test_a_new_witness_with_only_anonymous_publication_is_reported_when_their_testimony_is_saved(
    vault: Vault, case: DossierCase
) -> None:
    anonymous_only = {
        "pseudonym": "W-030",
        "consent": [{"scope": "public_anonymous", "given_on": "2026-01-05"}],
    }
    nothing_yet = dossier_impact.save_record(vault, "person", "p-030", anonymous_only)
    assert nothing_yet.revision == 1 and nothing_yet.fell_out == []  # no material yet
    testimony = {"case": CASE, "witness": "p-030", "sections": {"narrative": "Меня били."}}
    saved = dossier_impact.save_record(vault, "testimony", "t-30", testimony)
    (left,) = saved.fell_out
    assert (left.dossier, left.omission.subject) == (ACCOUNTABILITY, "t-30")
    assert left.omission.code is Reason.CONSENT_DOES_NOT_COVER
    assert left.omission.params == {
        "given": ["public_anonymous"],
        "wanted": "legal",
        "person": "p-030",
    }
    assert left.omission.reason == (
        "A person linked to it: consent given only for public use without the name; "
        "not for courts and investigators."
    )


def test_linking_a_person_without_legal_consent_to_an_item_reports_it_leaving_the_court_dossier(
    vault: Vault, case: DossierCase
) -> None:
    link = records_service.find_record(vault, "evidence", case.unlinked_letter) or {}
    saved = dossier_impact.save_record(
        vault, "evidence", case.unlinked_letter, {**link, "people": ["p-018"]}
    )
    # The exhibition never showed a letter; only the court dossier loses it.
    assert fell_out(saved) == {
        (
            ACCOUNTABILITY,
            "exhibit",
            item_id(vault, case.unlinked_letter),
            Reason.CONSENT_DOES_NOT_COVER,
        )
    }


def test_what_is_left_out_now_is_what_an_export_leaves_out(vault: Vault, case: DossierCase) -> None:
    left = dossier_impact.left_out_by_consent(vault, "person", "p-018")
    assert {(x.dossier, x.omission.subject) for x in left} == {
        (ACCOUNTABILITY, item_id(vault, case.unconsented_photo)),
        (ACCOUNTABILITY, "t-2"),
    }
    withdrawn = dossier_impact.left_out_by_consent(vault, "evidence", case.withdrawn_photo)
    assert {x.dossier for x in withdrawn} == {ACCOUNTABILITY, EXHIBITION}
    assert dossier_impact.left_out_by_consent(vault, "facility", "f-ik6") == []
