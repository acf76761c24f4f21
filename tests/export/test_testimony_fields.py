"""A testimony with every field, the Istanbul Protocol's and its translations included,
reaches the records format, manifest.json and the dossier's text, and nothing else does:
a consistency term the Protocol lacks, a translation of a revision that never existed and
a photo the vault does not hold are refused, naming the field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from evidence_app.core import export_service, records_service
from evidence_app.records.json_input import InvalidDocument
from evidence_app.records.schema import RECORD_KINDS
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, DossierCase, build_case
from tests.export.test_accountability_dossier import manifest_of, pdf_text

TREATMENT_EN = "He was beaten with batons in the punishment cell."


def istanbul_fields(photo: str) -> dict[str, Any]:
    """Every field a testimony gained, with short values a PDF line does not break."""
    return {
        "interpreter": "Irina Perekladach",
        "place": "Tbilisi office",
        "interview_consent": {"given": True, "date": "2026-01-04", "how": "audio recording"},
        "read_back": True,
        "previous_interviews": [
            {"date": "2025-11", "by": "Memorial HRC", "note": "short phone call"}
        ],
        "injuries": [{"description": "scar on wrist", "location": "left wrist", "photos": [photo]}],
        "consistency": "highly_consistent",
        "clinician": "Dr Nadia Likar",
        "translations": [
            {
                "language": "en",
                "translator": "Tetiana Rudenko",
                "revision": 2,
                "sections": {"treatment": TREATMENT_EN},
            }
        ],
    }


def import_testimony(vault: Vault, folder: Path, entry: dict[str, Any]) -> None:
    path = folder / f"t-{len(list(folder.glob('*.json')))}.json"
    document = {"format": "evidence-app/records", "version": 1, "testimonies": [entry]}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)


def stored_t1(vault: Vault) -> dict[str, Any]:
    return records_service.get_record(vault, "testimony", "t-1").body


@pytest.fixture
def case(vault: Vault, tmp_path: Path) -> DossierCase:
    case = build_case(vault, tmp_path / "received")  # t-1 is revision 1
    body = stored_t1(vault)
    import_testimony(
        vault, tmp_path, {"ref": "t-1", **body, **istanbul_fields(case.consented_photo)}
    )
    return case


def test_every_field_of_a_testimony_round_trips_through_the_records_format(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    stored = stored_t1(vault)
    for key, value in istanbul_fields(case.consented_photo).items():
        assert stored[key] == value, key
    assert set(stored) == {field.key for field in RECORD_KINDS["testimony"].fields}

    exported = tmp_path / "exported.json"
    records_service.export_records(vault, exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    (entry,) = [t for t in document["testimonies"] if t["ref"] == "t-1"]
    assert {key: entry[key] for key in istanbul_fields("")} == {
        key: stored[key] for key in istanbul_fields("")
    }
    summary = records_service.import_records(vault, exported)
    assert "testimony:t-1" in summary.unchanged  # the same testimony, the same revision


def test_a_translation_of_an_older_revision_is_flagged_with_the_sections_changed_since(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    body = stored_t1(vault)
    body["sections"]["treatment"] = "Его избивали дубинками и держали в ШИЗО 45 суток."
    body["translations"].append(
        {
            "language": "uk",
            "translator": "Olena P.",
            "revision": 3,
            "sections": {"arrest": "Затримали"},
        }
    )
    import_testimony(vault, tmp_path, {"ref": "t-1", **body})  # revision 3

    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    (testimony,) = manifest_of(tmp_path / "dossier")["testimonies"]
    assert testimony["revision"] == 3
    assert testimony["content"]["translations"] == body["translations"]
    assert testimony["translation_checks"] == [
        {
            "language": "en",
            "revision": 2,
            "latest_revision": 3,
            "sections_changed_since": ["treatment"],
        },
        {"language": "uk", "revision": 3, "latest_revision": 3, "sections_changed_since": []},
    ]
    text = " ".join(pdf_text(tmp_path / "dossier").split())
    assert (
        "translates revision 2; this is revision 3; TRANSLATION OF AN OLDER REVISION: "
        "the account has changed since in Treatment"
    ) in text
    assert "translates revision 3; this is revision 3; the account is unchanged since" in text
    assert (
        "Treatment: translation into English by Tetiana Rudenko, of revision 2 — THE ORIGINAL OF "
        f"THIS SECTION HAS CHANGED SINCE {TREATMENT_EN}"
    ) in text
    assert "Arrest: translation into Ukrainian by Olena P., of revision 3 Затримали" in text


def test_every_recorded_field_reaches_the_manifest_and_the_pdf(
    vault: Vault, case: DossierCase, tmp_path: Path
) -> None:
    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    manifest = manifest_of(tmp_path / "dossier")
    (testimony,) = manifest["testimonies"]
    assert testimony["content"] == stored_t1(vault)
    assert testimony["translation_checks"] == [
        {"language": "en", "revision": 2, "latest_revision": 2, "sections_changed_since": []}
    ]
    (exhibit,) = [e for e in manifest["exhibits"] if e["sha256"] == case.consented_photo]

    laid_out = pdf_text(tmp_path / "dossier")
    text = " ".join(laid_out.split())
    pseudonym = manifest["people"]["p-017"]
    # Long labels wrap in their column: the value stands beside their first line.
    assert re.search(rf"Witness +{pseudonym}\n +\(pseudonym\)", laid_out)
    assert re.search(r"Statement read +Yes\n +back and confirmed", laid_out)
    printed = [
        "2026-01-05 by O. K.",
        "Interpreter Irina Perekladach",
        "Place Tbilisi office",
        "Mode of interview In person",  # the label, not the code
        "Language Russian",
        "Given; on 2026-01-04; recorded: audio recording",
        "Period held 2023-03 – 2023-09",
        "Methods Beating, Electric shock",
        "Facilities ИК-6 Копейск",  # the facility by its name
        "Highly consistent with — Clinician: Dr Nadia Likar",
        "2025-11 Memorial HRC short phone call",
        f"scar on wrist left wrist Exhibit {exhibit['number']}",
        "Задержан на улице в марте 2023 года.",
        "Ёлка стояла во дворе колонии.",
        "Translation into English by Tetiana Rudenko",
        "translates revision 2; this is revision 2; the account is unchanged since",
        # the translation follows the section it translates
        "Его избивали дубинками в ШИЗО, применяли электрошок. Treatment: translation into English "
        f"by Tetiana Rudenko, of revision 2 {TREATMENT_EN}",
        testimony["revision_sha256"],
    ]
    assert [words for words in printed if words not in text] == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"consistency": "probable"},
            "testimonies[0].consistency: unknown code 'probable'; allowed: not_consistent, "
            "consistent, highly_consistent, typical_of, diagnostic_of",
        ),
        (
            {"translations": [{"language": "en", "revision": 7, "sections": {"arrest": "x"}}]},
            "testimonies[0].translations[0].revision: there is no revision 7 of this testimony; "
            "the latest, counting this save, is 3",
        ),
        (
            {"translations": [{"language": "en", "sections": {"arrest": "x"}}]},
            "testimonies[0].translations[0].revision: is required",
        ),
        (
            {"injuries": [{"description": "bruise", "photos": ["cd" * 32]}]},
            "testimonies[0].injuries[0].photos[0]: no item in the vault has the SHA-256 "
            + "cd" * 32,
        ),
        (
            {"read_back": "yes"},
            "testimonies[0].read_back: must be true or false",
        ),
        (
            {"interview_consent": {"given": True, "when": "2026"}},
            "testimonies[0].interview_consent.when: unknown field; allowed: given, date, how",
        ),
    ],
)
def test_a_value_the_format_does_not_allow_is_refused_naming_the_field(
    vault: Vault, case: DossierCase, tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    before = stored_t1(vault)
    with pytest.raises(InvalidDocument) as refused:
        import_testimony(vault, tmp_path, {"ref": "t-1", **before, **change})
    assert refused.value.errors == [expected]
    assert records_service.get_record(vault, "testimony", "t-1").revision == 2
