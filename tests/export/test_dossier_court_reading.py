"""What a court reads first and last in a dossier, in the dossier's language: the cover names
who declared, a testimony's language is a name, and VERIFY.txt (Appendix C) explains in the
reader's language, commands verbatim, how every part is checked, the declaration too."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from evidence_app.core import export_service
from evidence_app.export.exhibition_words import WORDS as EDITION_WORDS
from evidence_app.export.verify_instructions import VERIFY_WORDS
from evidence_app.kernel.catalogs import catalog
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE
from tests.export.dossier_records_case import build_linked_case
from tests.export.test_dossier_language import DECLARANT, export, pages_of

# What a reader types or compares, the same in every language.
COMMANDS = (
    "sha256sum -c SHA256SUMS",
    "shasum -a 256 -c SHA256SUMS",
    "minisign -Vm manifest.json -p signer.pub",
    "minisign -Vm dossier.pdf -p signer.pub",
    '"Signature and comment signature verified"',
    "pdfsig dossier.pdf",
    "pdfdetach -list dossier.pdf",
    "pdfdetach -save 1 -o attached-manifest.json dossier.pdf",
    "evidence-app verify-dossier . --signer FINGERPRINT",
    "evidence-app verify-dossier . --signer FINGERPRINT --previous OLD",
)
COVER = {
    "en": ("Declared by", "Declared on"),
    "ru": ("Декларант", "Дата декларации"),
    "uk": ("Декларант", "Дата декларації"),
}
TESTIMONY_LANGUAGE = {"en": "Language Russian", "ru": "Язык русский", "uk": "Мова російська"}
VERIFY_HEADING = {
    "en": "HOW TO VERIFY THIS DOSSIER",
    "ru": "КАК ПРОВЕРИТЬ ЭТО ДОСЬЕ",
    "uk": "ЯК ПЕРЕВІРИТИ ЦЕ ДОСЬЄ",
}
DECLARATION_STEP = {
    "en": "6. The declaration by the person exporting",
    "ru": "6. Декларация того, кто экспортировал досье",
    "uk": "6. Декларація того, хто експортував досьє",
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_verify_txt_and_appendix_c_are_in_the_dossiers_language_with_commands_verbatim(
    vault: Vault, tmp_path: Path, language: str
) -> None:
    dossier = export(vault, tmp_path, language)
    verify = flat((dossier / "VERIFY.txt").read_text(encoding="utf-8"))
    pages = pages_of(dossier)
    appendix_c = " ".join(pages[-4:])
    assert VERIFY_HEADING[language] in verify and VERIFY_HEADING[language] in appendix_c
    for command in COMMANDS:
        assert command in verify, command
    # Every explanation is said in the language (English is its own catalog).
    words = catalog(language)
    for key, text in VERIFY_WORDS.items():
        said = words.get(text, text)
        if "{" not in said and key != "no_declaration":
            assert flat(said) in verify, key
    if language != "en":
        assert "Every file is intact" not in verify and "The signer is who you" not in verify
    # Appendix C is VERIFY.txt, word for word.
    assert verify[-300:] in " ".join(appendix_c.split())


@pytest.mark.parametrize("language", ["en", "uk"])
def test_verify_txt_says_how_the_declaration_is_checked_and_who_declared(
    vault: Vault, tmp_path: Path, language: str
) -> None:
    dossier = export(vault, tmp_path, language)
    verify = flat((dossier / "VERIFY.txt").read_text(encoding="utf-8"))
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    assert DECLARATION_STEP[language] in verify
    assert f"{DECLARANT.name}, {DECLARANT.role}, {DECLARANT.organisation}" in verify
    assert manifest["declaration"]["date"] in verify
    for key in ('"declaration"', '"signed_over"', '"key_fingerprint_sha256"', "signer.pub"):
        assert key in verify[verify.index(DECLARATION_STEP[language]) :]
    # VERIFY.txt is among the files SHA256SUMS covers, and the dossier verifies.
    assert "VERIFY.txt" in (dossier / "SHA256SUMS").read_text(encoding="utf-8")
    assert export_service.check_dossier(dossier).ok


def test_without_a_declaration_verify_txt_and_the_cover_say_none_was_made(
    vault: Vault, tmp_path: Path
) -> None:
    build_linked_case(vault, tmp_path / "received")
    dossier = tmp_path / "dossier"
    export_service.export_accountability(vault, CASE, dossier, language="ru")
    verify = flat((dossier / "VERIFY.txt").read_text(encoding="utf-8"))
    assert flat(catalog("ru")[VERIFY_WORDS["no_declaration"]]) in verify
    assert DECLARANT.name not in verify
    cover = pages_of(dossier)[0]
    assert "Декларант Декларация не составлялась" in cover, cover


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_cover_names_who_declared_and_a_testimony_its_language_by_name(
    vault: Vault, tmp_path: Path, language: str
) -> None:
    dossier = export(vault, tmp_path, language)
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    pages = pages_of(dossier)
    cover = pages[0]
    declared_by, declared_on = COVER[language]
    who = f"{DECLARANT.name}, {DECLARANT.role}, {DECLARANT.organisation}"
    assert f"{declared_by} {who}" in cover
    # The moment in the reader's words, to the second, in UTC; the manifest keeps RFC 3339.
    moment = datetime.fromisoformat(manifest["declaration"]["date"].replace("Z", "+00:00"))
    day = EDITION_WORDS[language].date(moment.date())
    assert f"{declared_on} {day}, {moment:%H:%M:%S} UTC" in cover
    text = " ".join(pages)
    assert manifest["testimonies"][0]["content"]["language"] == "ru"
    assert TESTIMONY_LANGUAGE[language] in text
