"""An edition in one language: the curator's chosen excerpts, captions and titles in that
language where they were translated, and a plain list of what was printed as written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evidence_app.core import exhibition_service, ingest_service, records_service
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.export.published_names import assert_no_withheld_names
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def edition_case(vault: Vault, folder: Path) -> dict:  # type: ignore[type-arg]
    folder.mkdir()
    photo = folder / "wall.jpg"
    photo.write_bytes(camera_files.jpeg(camera_files.noisy((1600, 1200), (100, 100, 100))))
    add_sample_case(vault)
    (outcome,) = ingest_service.ingest_paths(vault, [photo], source="s", case_ref=CASE).outcomes
    document = records_document()
    document["cases"][0].update(
        {
            "language": "ru",
            "translations": {"uk": {"title": "ІК-6: катування у 2023 році"}},
        }
    )
    document["evidence"] = [
        {
            "sha256": outcome.sha256,
            "publishable": True,
            "language": "ru",
            "caption": "Стена колонии",
            "translations": {"en": {"caption": "The colony wall"}},
        }
    ]
    return document


def import_document(vault: Vault, folder: Path, document: dict) -> None:  # type: ignore[type-arg]
    path = folder / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("language", "printed", "as_written"),
    [
        # Ukrainian: the title and the excerpt were translated; the caption was not.
        (
            "uk",
            ["ІК-6: катування у 2023 році", "Нас тримали в камері без вікна."],
            [f"Exhibit {CASE}-E0001 · "],
        ),
        # English: only the caption was; the title and the excerpt print as written.
        (
            "en",
            ["The colony wall", "Нас держали в камере без окна."],
            ["case title", "testimony t-1 excerpt 1"],
        ),
        # Russian: everything is written in Russian already; nothing to report.
        ("ru", ["Стена колонии", "Нас держали в камере без окна."], []),
    ],
)
def test_each_edition_prints_its_translations_and_names_what_it_printed_as_written(
    vault: Vault, tmp_path: Path, language: str, printed: list[str], as_written: list[str]
) -> None:
    import_document(vault, tmp_path, edition_case(vault, tmp_path / "in"))
    pdf = tmp_path / f"show-{language}.pdf"
    result = exhibition_service.export_exhibition(vault, CASE, pdf, language=language)
    text = text_of(pdf)
    assert all(words in text for words in printed), text
    untranslated = [w for w in result.print_warnings if "printed as written" in w]
    if as_written:
        (warning,) = untranslated
        assert all(place in warning for place in as_written), warning
    else:
        assert untranslated == []
    assert_no_withheld_names(vault, pdf)


def test_a_testimony_is_published_only_through_excerpts_a_curator_chose(
    vault: Vault, tmp_path: Path
) -> None:
    document = edition_case(vault, tmp_path / "in")
    del document["testimonies"][0]["excerpts"]
    import_document(vault, tmp_path, document)
    result = exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")
    text = text_of(tmp_path / "show.pdf")
    # None of its sections is printed in the app's choice; the curator is told why.
    assert "Ёлка" not in text and "избивали" not in text and "Задержан" not in text
    assert "testimony t-1: No excerpt was chosen for publication." in result.omitted
    assert result.excerpts == 0


def test_translations_are_checked_like_any_record_field(vault: Vault, tmp_path: Path) -> None:
    document = records_document()
    document["cases"][0]["translations"] = {"uk": {"titel": "…"}, "??": {"title": "…"}}
    document["testimonies"][0]["excerpts"] = [{"translations": {"uk": {"text": "…"}}}]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BadInput) as refused:
        records_service.import_records(vault, path)
    message = str(refused.value)
    assert "cases[0].translations.uk.titel: unknown field" in message
    assert "cases[0].translations.??: is not a language code" in message
    assert "testimonies[0].excerpts[0].text: is required" in message


def test_translations_and_excerpts_round_trip_through_records_export(
    vault: Vault, tmp_path: Path
) -> None:
    document = edition_case(vault, tmp_path / "in")
    import_document(vault, tmp_path, document)
    exported = tmp_path / "out.json"
    records_service.export_records(vault, exported)
    again = json.loads(exported.read_text(encoding="utf-8"))
    (case,) = again["cases"]
    assert case["translations"] == {"uk": {"title": "ІК-6: катування у 2023 році"}}
    assert again["testimonies"][0]["excerpts"][0]["translations"]["uk"]["text"].startswith("Нас")
    summary = records_service.import_records(vault, exported)
    assert summary.revised == [] and summary.created == []  # the same again changes nothing
