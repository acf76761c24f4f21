"""Vocabularies ship as data with English, Russian and Ukrainian labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence_app.core import records_service
from evidence_app.records.document import InvalidDocument
from evidence_app.records.vocabularies import LANGUAGES, UnknownCode, vocabulary, vocabulary_names
from evidence_app.storage.vault import Vault
from tests.records.sample_documents import records_document

REQUIRED = {
    "methods": {
        "beating",
        "falanga",
        "electric_shock",
        "suspension",
        "stress_positions",
        "asphyxiation",
        "sexual_violence",
        "threats_to_family",
        "sleep_deprivation",
        "denial_of_food",
        "denial_of_water",
        "denial_of_medical_care",
        "prolonged_solitary_confinement",
        "mock_execution",
        "humiliation",
    },
    "facility_kinds": {
        "sizo",
        "penal_colony",
        "ivs",
        "shizo",
        "pkt",
        "psychiatric_hospital",
        "filtration_site",
        "military_unit",
        "unofficial_site",
    },
    "mandela_rules_topics": {
        "space_light_air",
        "sanitation",
        "food_and_water",
        "health_care",
        "solitary_confinement",
        "discipline",
        "contact_with_family",
        "access_to_lawyer",
        "complaints",
    },
    "detention_types": set(),
    "source_reliability": set(),
    "roles": {"victim", "witness", "relative", "alleged_perpetrator", "source"},
}


def test_every_vocabulary_the_records_need_is_shipped() -> None:
    assert set(REQUIRED) <= set(vocabulary_names())
    for name, codes in REQUIRED.items():
        assert codes <= set(vocabulary(name).codes), name


@pytest.mark.parametrize("name", vocabulary_names())
def test_every_term_has_a_label_in_each_language_and_codes_are_unique(name: str) -> None:
    words = vocabulary(name)
    assert len(set(words.codes)) == len(words.codes)
    assert all(words.title(language) for language in LANGUAGES)
    for term in words.terms:
        for language in LANGUAGES:
            assert term.labels.get(language, "").strip(), (name, term.code, language)
    # Russian and Ukrainian labels are really in Cyrillic, not copied English.
    assert any(ch.isalpha() and ord(ch) > 0x400 for ch in words.label(words.codes[0], "uk"))


def test_labels_follow_the_language_asked_for() -> None:
    shizo = vocabulary("facility_kinds")
    assert "ShIZO" in shizo.label("shizo", "en")
    assert "ШИЗО" in shizo.label("shizo", "ru")
    assert "ШІЗО" in shizo.label("shizo", "uk")


def test_an_unknown_code_is_an_error_that_lists_the_allowed_ones() -> None:
    with pytest.raises(UnknownCode, match="allowed: beating, falanga"):
        vocabulary("methods").validate("waterboard")


def test_a_document_with_an_unknown_method_names_the_field_and_the_allowed_codes(
    vault: Vault, tmp_path: Path
) -> None:
    document = records_document()
    document["testimonies"][0]["methods"] = ["beating", "tickling"]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidDocument) as raised:
        records_service.import_records(vault, path)
    (error,) = raised.value.errors
    assert error.startswith("testimonies[0].methods[1]: unknown code 'tickling'; allowed: ")
    assert "electric_shock" in error
