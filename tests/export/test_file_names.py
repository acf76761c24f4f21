"""Names of the files in `evidence/`: whatever a sender called a file, a dossier opens on
Linux, macOS and Windows with its extension and nothing misleading (DESIGN §6, §8)."""

from __future__ import annotations

import pytest

from evidence_app.export.file_names import MAX_NAME_BYTES, exhibit_file_name

P = "case-1-E0001_"  # an exhibit number and its separator


def fits(name: str) -> bool:
    return len(name.encode("utf-8")) <= MAX_NAME_BYTES and len(name) <= 120


def test_a_254_byte_cyrillic_name_keeps_its_extension_and_whole_letters() -> None:
    original = "Протокол_допроса_" * 7 + "ж" * 13 + ".pdf"
    assert len(original.encode("utf-8")) == 254
    name = exhibit_file_name(P, original)
    assert fits(name) and name.endswith(".pdf") and name.startswith(f"{P}Протокол_допроса_")
    name.encode("utf-8").decode("utf-8")  # no split character
    assert "\ufffd" not in name


def test_a_long_name_of_four_byte_characters_is_cut_on_a_character_boundary() -> None:
    name = exhibit_file_name(P, "𓀀" * 80 + ".jpeg")
    assert fits(name) and name.endswith(".jpeg") and set(name[len(P) : -5]) == {"𓀀"}


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("IMG_0001.JPG", f"{P}IMG_0001.JPG"),
        ("README", f"{P}README"),  # no extension
        ("x" * 300, P + "x" * 107),  # no extension, too long
        (".jpg", f"{P}.jpg"),  # only an extension
        ("..", f"{P}file"),
        ("", f"{P}file"),
        ("../../etc/passwd", f"{P}.._.._etc_passwd"),
        ("a\x00b\nc\td\x7f.txt", f"{P}a_b_c_d_.txt"),
        ('con:*?"<>|.txt', f"{P}con_______.txt"),
        ("photo\u202egpj.exe", f"{P}photo_gpj.exe"),  # reads as "photoexe.jpg" otherwise
        ("trailing dots. . .", f"{P}trailing dots"),
        ("report.tar.gz", f"{P}report.tar.gz"),
        ("name." + "e" * 40, f"{P}name." + "e" * 40),  # not an extension: too long to be one
    ],
)
def test_original_names_are_cleaned_for_every_file_system(original: str, expected: str) -> None:
    name = exhibit_file_name(P, original)
    assert name == expected and fits(name)


@pytest.mark.parametrize("device", ["CON", "nul.txt", "Com1.jpg", "LPT9", "aux .pdf"])
def test_windows_device_names_are_never_produced(device: str) -> None:
    assert exhibit_file_name("", device).startswith("_")
    assert exhibit_file_name(P, device).startswith(P)


def test_a_long_case_ref_keeps_the_start_and_the_number_and_leaves_the_name_room() -> None:
    # A ref from the records format: up to 128 characters, and ":" which Windows refuses.
    ref = "case:" + "operation-" * 12 + "ik6"
    name = exhibit_file_name(f"{ref}-E0003_", "photo_of_the_perimeter_wall.jpg")
    assert fits(name) and ":" not in name
    assert name.startswith("case_operation-") and "-E0003_photo_of_the_perimeter_wall" in name
    assert name.endswith(".jpg") and len(name) <= 64 + len("photo_of_the_perimeter_wall.jpg")
