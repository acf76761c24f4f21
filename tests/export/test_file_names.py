"""Names of the files in `evidence/`: whatever a sender called a file, a dossier opens on
Linux, macOS and Windows with its extension and nothing misleading (DESIGN §6, §8)."""

from __future__ import annotations

import pytest

from evidence_app.export.file_names import MAX_NAME_BYTES, exhibit_file_name


def fits(name: str) -> bool:
    return len(name.encode("utf-8")) <= MAX_NAME_BYTES and len(name) <= 120


def test_a_254_byte_cyrillic_name_keeps_its_extension_and_whole_letters() -> None:
    original = "Протокол_допроса_" * 7 + "ж" * 13 + ".pdf"
    assert len(original.encode("utf-8")) == 254
    name = exhibit_file_name("001_", original)
    assert fits(name) and name.endswith(".pdf") and name.startswith("001_Протокол_допроса_")
    name.encode("utf-8").decode("utf-8")  # no split character
    assert "\ufffd" not in name


def test_a_long_name_of_four_byte_characters_is_cut_on_a_character_boundary() -> None:
    name = exhibit_file_name("012_", "𓀀" * 80 + ".jpeg")
    assert fits(name) and name.endswith(".jpeg") and set(name[4:-5]) == {"𓀀"}


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("IMG_0001.JPG", "001_IMG_0001.JPG"),
        ("README", "001_README"),  # no extension
        ("x" * 300, "001_" + "x" * 116),  # no extension, too long
        (".jpg", "001_.jpg"),  # only an extension
        ("..", "001_file"),
        ("", "001_file"),
        ("../../etc/passwd", "001_.._.._etc_passwd"),
        ("a\x00b\nc\td\x7f.txt", "001_a_b_c_d_.txt"),
        ('con:*?"<>|.txt', "001_con_______.txt"),
        ("photo\u202egpj.exe", "001_photo_gpj.exe"),  # reads as "photoexe.jpg" otherwise
        ("trailing dots. . .", "001_trailing dots"),
        ("report.tar.gz", "001_report.tar.gz"),
        ("name." + "e" * 40, "001_name." + "e" * 40),  # not an extension: too long to be one
    ],
)
def test_original_names_are_cleaned_for_every_file_system(original: str, expected: str) -> None:
    name = exhibit_file_name("001_", original)
    assert name == expected and fits(name)


@pytest.mark.parametrize("device", ["CON", "nul.txt", "Com1.jpg", "LPT9", "aux .pdf"])
def test_windows_device_names_are_never_produced(device: str) -> None:
    assert exhibit_file_name("", device).startswith("_")
    assert exhibit_file_name("001_", device).startswith("001_")
