"""`export exhibition` refuses while names are undecided; `exhibition findings | resolve`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.publication_case import CASE, PRISONER, build
from tests.export.published_names import assert_no_withheld_names


def test_findings_block_the_export_until_each_is_decided(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build(vault, tmp_path / "in")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    show = str(tmp_path / "show.pdf")

    refused = evidence_app("export", "exhibition", "--case", CASE, "-o", show, *unlock)
    assert refused.code == 2 and "Traceback" not in refused.err
    assert "W-031" in refused.err and "Коваленк" not in refused.err + refused.out
    assert not (tmp_path / "show.pdf").exists()
    as_json = evidence_app("export", "exhibition", "--case", CASE, "-o", show, "--json", *unlock)
    assert as_json.code == 2
    (unresolved,) = json.loads(as_json.out)["unresolved"]
    assert unresolved["person"] == PRISONER and unresolved["resolution"] is None

    listed = evidence_app("exhibition", "findings", "--case", CASE, *unlock)
    assert listed.code == 0 and unresolved["id"] in listed.out and "undecided" in listed.out
    assert "Коваленк" not in listed.out

    both = evidence_app(
        "exhibition", "resolve", "--case", CASE, unresolved["id"], "--reviewed",
        "--replace-with-pseudonym", *unlock,
    )  # fmt: skip
    assert both.code == 2
    unknown = evidence_app("exhibition", "resolve", "--case", CASE, "ffff", "--reviewed", *unlock)
    assert unknown.code == 2 and "not a current finding" in unknown.err
    resolved = evidence_app(
        "exhibition", "resolve", "--case", CASE, unresolved["id"][:8],
        "--replace-with-pseudonym", "--note", "the witness asked", "--json", *unlock,
    )  # fmt: skip
    assert resolved.code == 0, resolved.err
    assert json.loads(resolved.out)["resolution"]["decision"] == "replace_with_pseudonym"

    written = evidence_app("export", "exhibition", "--case", CASE, "-o", show, *unlock)
    assert written.code == 0, written.err
    assert "show.review.json" in written.out
    with vault_copy.open() as vault:
        assert "W-031" in assert_no_withheld_names(vault, tmp_path / "show.pdf")
    review = json.loads((tmp_path / "show.review.json").read_text(encoding="utf-8"))
    assert review["publication_check"][0]["resolution"]["note"] == "the witness asked"

    log = json.loads(evidence_app("log", "--json", *unlock).out)
    (decided,) = [e for e in log if e["action"] == "publication.decided"]
    assert decided["details"]["person"] == PRISONER
