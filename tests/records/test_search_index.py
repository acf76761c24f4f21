"""The full-text index is kept one row per record, found by an index, not by a scan."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from evidence_app.core import records_service
from evidence_app.storage.schema import alembic_config
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document


def write(tmp_path: Path, document: dict) -> Path:  # type: ignore[type-arg]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def index_rows(vault: Vault, ref: str) -> int:
    with vault.reader() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM search_index WHERE ref = :ref"), {"ref": ref}
            ).scalar_one()
        )


def test_revising_a_record_replaces_its_text_in_the_index(vault: Vault, tmp_path: Path) -> None:
    document = records_document()
    records_service.import_records(vault, write(tmp_path, document))
    document["testimonies"][0]["sections"]["narrative"] = "Карцер без окна, сорок суток."
    records_service.import_records(vault, write(tmp_path, document))
    assert index_rows(vault, "t-1") == 1
    assert [h.ref for h in records_service.search_everything(vault, "карцер")] == ["t-1"]
    assert records_service.search_everything(vault, "ёлка") == []


LOOKUP = "SELECT rowid FROM search_keys WHERE kind = 'x' AND ref = 'y'"


def test_the_lookup_uses_an_index_not_a_scan_of_the_fts_table(vault: Vault) -> None:
    with vault.reader() as session:
        plan = " ".join(
            str(row[-1]) for row in session.execute(text("EXPLAIN QUERY PLAN " + LOOKUP))
        )
    assert "USING" in plan and "INDEX" in plan.upper(), plan


def test_a_vault_from_before_the_keys_table_is_upgraded_with_its_text(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        records_service.import_records(vault, write(tmp_path, records_document()))
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0004")
    with vault_copy.open() as vault:  # opening upgrades to the newest schema
        assert index_rows(vault, "t-1") == 1
        with vault.reader() as session:
            keys = session.execute(text("SELECT count(*) FROM search_keys")).scalar_one()
            indexed = session.execute(text("SELECT count(*) FROM search_index")).scalar_one()
        assert keys == indexed > 0
        records_service.save_record(
            vault, "case", "case-ik6", {"title": "ИК-6: новый заголовок", "description": ""}
        )
        assert index_rows(vault, "case-ik6") == 1


def test_hits_show_the_text_as_written_with_the_matched_words_marked(
    vault: Vault, tmp_path: Path
) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    (hit,) = [h for h in records_service.search_everything(vault, "шизо") if h.ref == "t-1"]
    # The index folds case; what a person reads keeps it.
    assert "Его избивали дубинками в ШИЗО" in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["ШИЗО"]
    assert "[ШИЗО]" in hit.marked()
    assert hit.to_json()["highlights"] == [list(span) for span in hit.highlights]


def test_a_query_word_matches_the_start_of_words_and_ё_as_е(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    (hit,) = records_service.search_everything(vault, "елк")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Ёлка"]


def test_vocabulary_codes_read_as_labels_in_the_readers_language(
    vault: Vault, tmp_path: Path
) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    hits = {
        language: next(
            h
            for h in records_service.search_everything(vault, "ShIZO", language=language)
            if h.kind == "condition"
        )
        for language in ("en", "ru")
    }
    assert "solitary_confinement" not in hits["en"].snippet + hits["ru"].snippet
    assert hits["ru"].snippet != hits["en"].snippet  # the rule's label follows the language


def test_a_persons_consent_reads_as_its_purpose_not_its_code(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    (hit,) = [
        h for h in records_service.search_everything(vault, "Сидоров", language="ru")
        if h.kind == "person"
    ]  # fmt: skip
    assert "Публично, без имени" in hit.snippet  # the first entry is cut off by the snippet
    assert "public_anonymous" not in hit.snippet and "legal" not in hit.snippet


def test_item_hits_are_titled_by_their_file_name_as_received(vault: Vault, tmp_path: Path) -> None:
    from evidence_app.core import ingest_service
    from tests.ingest import camera_files

    photo = tmp_path / "Камера_ШИЗО.jpg"
    photo.write_bytes(camera_files.canon_eos())
    ingest_service.ingest_paths(vault, [photo], source="Адвокат М., Signal")
    (hit,) = records_service.search_everything(vault, "адвокат")
    assert hit.kind == "item" and hit.title == "Камера_ШИЗО.jpg"
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Адвокат"]
