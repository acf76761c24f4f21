"""`items link` and `ingest --case`: items are filed under cases that exist, several at once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document


def _unlock(vault_copy: VaultCopy, secret_files: dict[str, Path]) -> list[str]:
    return ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]


def _prepared(vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path) -> list[str]:
    args = _unlock(vault_copy, secret_files)
    document = tmp_path / "records.json"
    document.write_text(json.dumps(records_document(), ensure_ascii=False), encoding="utf-8")
    assert evidence_app("records", "import", str(document), *args).code == 0
    folder = tmp_path / "received"
    folder.mkdir()
    for n in range(3):
        (folder / f"letter-{n}.txt").write_text(f"Письмо {n}")
    ingested = evidence_app("ingest", str(folder), "--json", *args)
    assert ingested.code == 0, ingested.err
    return [entry["id"] for entry in json.loads(ingested.out)["files"]]


def test_items_link_files_several_items_under_a_case_in_one_command(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = _unlock(vault_copy, secret_files)
    ids = _prepared(vault_copy, secret_files, tmp_path)
    linked = evidence_app(
        "items", "link", *[i[:10] for i in ids], "--cases", "case-ik6", "--people", "p-017",
        "--caption", "Письмо из колонии", "--publishable", "no", "--json", *args,
    )  # fmt: skip
    assert linked.code == 0, linked.err
    result = json.loads(linked.out)
    assert result["changed"] == 3
    assert {tuple(item["links"]["cases"]) for item in result["items"]} == {("case-ik6",)}
    listed = json.loads(evidence_app("items", "list", "--case", "case-ik6", "--json", *args).out)
    assert sorted(item["id"] for item in listed) == sorted(ids)
    shown = json.loads(evidence_app("items", "show", ids[0], "--json", *args).out)
    assert shown["cases"] == ["case-ik6"]
    exported = tmp_path / "records-out.json"
    assert evidence_app("records", "export", "-o", str(exported), *args).code == 0
    evidence = json.loads(exported.read_text(encoding="utf-8"))["evidence"]
    assert len(evidence) == 3 and all(e["cases"] == ["case-ik6"] for e in evidence)

    # Unlinking the case takes the items out of it; the people stay.
    unlinked = evidence_app("items", "link", ids[0], "--cases", "", *args)
    assert unlinked.code == 0 and "1 of 1 items changed" in unlinked.out
    shown = json.loads(evidence_app("items", "show", ids[0], "--json", *args).out)
    assert shown["cases"] == []
    assert evidence_app("verify", *args).code == 0


def test_items_link_refuses_an_unknown_case_listing_the_cases(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = _unlock(vault_copy, secret_files)
    ids = _prepared(vault_copy, secret_files, tmp_path)
    log_before = evidence_app("log", "--json", *args).out
    refused = evidence_app("items", "link", *ids, "--cases", "case-ik7", *args)
    assert refused.code == 2
    assert "'case-ik7'" in refused.err and "case-ik6 (ИК-6: пытки в 2023 году)" in refused.err
    assert "Traceback" not in refused.err
    assert evidence_app("log", "--json", *args).out == log_before
    nothing = evidence_app("items", "link", ids[0], *args)
    assert nothing.code == 2 and "Say what to link" in nothing.err


def test_ingest_refuses_an_unknown_case_before_anything_is_ingested(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = _unlock(vault_copy, secret_files)
    _prepared(vault_copy, secret_files, tmp_path)
    items_before = evidence_app("items", "list", "--json", *args).out
    log_before = evidence_app("log", "--json", *args).out
    new = tmp_path / "new.txt"
    new.write_text("a new letter")
    refused = evidence_app("ingest", str(new), "--case", "case-typed-by-hand", *args)
    assert refused.code == 2
    assert "'case-typed-by-hand'" in refused.err and "case-ik6" in refused.err
    assert evidence_app("items", "list", "--json", *args).out == items_before
    assert evidence_app("log", "--json", *args).out == log_before
    accepted = evidence_app("ingest", str(new), "--case", "case-ik6", "--json", *args)
    assert accepted.code == 0 and json.loads(accepted.out)["stored"] == 1


def test_items_link_says_what_the_link_leaves_out_of_a_court_dossier(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = _unlock(vault_copy, secret_files)
    ids = _prepared(vault_copy, secret_files, tmp_path)
    # p-018 consented to publication only, not to courts and investigators.
    linked = evidence_app(
        "items", "link", ids[0], "--cases", "case-ik6", "--people", "p-018", *args
    )
    assert linked.code == 0, linked.err
    assert "Now left out of the court dossier of case-ik6" in linked.out
    assert "p-018" in linked.out and "courts and investigators" in linked.out
    quiet = evidence_app("items", "link", ids[1], "--cases", "case-ik6", *args)
    assert quiet.code == 0 and "left out" not in quiet.out
