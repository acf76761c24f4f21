"""What a printed exhibition may not contain: any name of anyone who did not agree to be named.

Independent of the publication check's own matching: every word of the PDF's text (as
pdftotext reads it) is compared with crude stems of every name part and alias (the word
less its last letters), in Cyrillic and in the Latin spellings, so an inflected form is
caught too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from evidence_app.core import records_service
from evidence_app.export.name_matching import transliterations
from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.storage.vault import Vault

_WORD = re.compile(r"[^\W\d_]+")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return word[: max(3, len(word) - (2 if len(word) >= 6 else 1))]


def withheld_stems(vault: Vault) -> tuple[dict[str, str], set[str]]:
    """Stem → person ref, for every name part and alias of people without public_named;
    and the name parts of those who agreed to be named, which are allowed as written."""
    stems, named = {}, set()
    for ref, person in records_service.list_records(vault, "person"):
        if person_consents_to(person.get("consent", []), Purpose.NAMING).allowed:
            named.update(_WORD.findall(person.get("full_name") or ""))
            continue
        names = [person.get("full_name") or "", *person.get("aliases", [])]
        for part in _WORD.findall(" ".join(names)):
            if len(part) < 3:
                continue
            for spelling in {part, *transliterations(part)} - {""}:
                stems[_stem(spelling)] = ref
    return stems, named


def assert_no_withheld_names(vault: Vault, pdf: Path) -> str:
    """Fail naming the person (by ref) whose name reached the PDF; return the PDF's text."""
    text = pdf_text(pdf)
    stems, named = withheld_stems(vault)
    for word in _WORD.findall(text):
        if word in named:
            continue
        folded = word.lower().replace("ё", "е")
        for stem, ref in stems.items():
            assert not folded.startswith(stem), f"{ref}'s name is printed: {word!r}"
    return text
