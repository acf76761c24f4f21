"""An exhibition prints well: type readable on a wall, photos as large as their pixels
allow, footers that never collide, and every word of the edition in its language."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_app.core import exhibition_service, ingest_service, records_service
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy, VaultTemplate
from tests.export.published_names import assert_no_withheld_names
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"
LONG_FACILITY = (
    "Исправительная колония № 6 Управления Федеральной службы исполнения наказаний "
    "по Челябинской области (Копейск), корпус ШИЗО"
)
CAPTION = "Прогулочный двор колонии, снятый через ограждение"


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


def words_of(pdf: Path) -> list[Word]:
    """Every word with its box in points, as `pdftotext -bbox` sees the printed page."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            found.append(Word(number, text, float(x0), float(y0), float(x1), float(y1)))
    return found


def image_ppi(pdf: Path) -> list[int]:
    rows = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [int(row.split()[12]) for row in rows]


@pytest.fixture(scope="module")
def vault_with_prints(
    vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Vault]:
    """A photo of camera resolution, one of 480 × 360, and a facility with a long name."""
    folder = tmp_path_factory.mktemp("prints")
    shutil.copytree(vault_template.path, folder / "vault")
    vault = VaultCopy(folder / "vault", "", vault_template.recovery_code).open()
    photos = {
        "large.jpg": camera_files.jpeg(camera_files.noisy((3000, 2000), (90, 110, 130))),
        "small.jpg": camera_files.jpeg(camera_files.noisy((480, 360), (130, 110, 90))),
    }
    add_sample_case(vault)
    shas = []
    for name, content in photos.items():
        (folder / name).write_bytes(content)
        report = ingest_service.ingest_paths(vault, [folder / name], source="s", case_ref=CASE)
        shas.append(report.outcomes[0].sha256)
    document = records_document()
    document["facilities"][0]["name"] = LONG_FACILITY
    document["evidence"] = [
        {"sha256": sha, "caption": CAPTION, "publishable": True, "facility": "f-ik6"}
        for sha in shas
    ]
    path = folder / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)
    yield vault
    vault.close()


def export(vault: Vault, folder: Path, **options: str) -> tuple[Path, list[str]]:
    pdf = folder / f"show-{'-'.join(options.values())}.pdf"
    result = exhibition_service.export_exhibition(
        vault, CASE, pdf, organiser="Музей памяти", **options
    )
    assert_no_withheld_names(vault, pdf)
    # The warnings about resolution (the sample records have no English translations, which
    # are reported too).
    return pdf, [warning for warning in result.print_warnings if " ppi" in warning]


@pytest.mark.parametrize("paper", ["a4", "a3", "letter"])
def test_footers_never_overlap_even_with_a_120_character_facility_name(
    vault_with_prints: Vault, tmp_path: Path, paper: str
) -> None:
    assert len(LONG_FACILITY) >= 120
    pdf, _ = export(vault_with_prints, tmp_path, paper=paper, language="ru")
    words = words_of(pdf)
    page_height = {"a4": 841.9, "a3": 1190.6, "letter": 792.0}[paper]
    footers = [w for w in words if w.y_min > page_height - 12 * 2.835]
    assert {w.page for w in footers} == {w.page for w in words}, "every page has a footer"
    for page in {w.page for w in footers}:
        line = sorted((w for w in footers if w.page == page), key=lambda w: w.x_min)
        assert [w.text for w in line[-4:]][::2] == ["Страница", "из"]
        for left, right in itertools.pairwise(line):
            assert left.x_max <= right.x_min, f"page {page}: {left.text!r} runs into {right.text}"


@pytest.mark.parametrize(("paper", "scale"), [("a4", 1.0), ("letter", 1.0), ("a3", 1.41)])
def test_captions_and_body_text_are_large_enough_for_a_wall(
    vault_with_prints: Vault, tmp_path: Path, paper: str, scale: float
) -> None:
    pdf, _ = export(vault_with_prints, tmp_path, paper=paper, language="ru")
    words = words_of(pdf)
    caption = [w for w in words if w.text == "Прогулочный"]
    body = [w for w in words if w.text == "псевдонимами,"]  # the note on the first page
    footer = [w for w in words if w.text == "Страница"]
    # pdftotext gives each word a box as tall as its font size.
    assert caption and min(w.height for w in caption) >= 14 * scale - 0.1
    assert body and min(w.height for w in body) >= 11 * scale - 0.1
    assert footer and min(w.height for w in footer) >= 9 * scale - 0.1


def test_a_low_resolution_photo_is_printed_smaller_and_the_curator_is_told(
    vault_with_prints: Vault, tmp_path: Path
) -> None:
    pdf, warnings = export(vault_with_prints, tmp_path, paper="a4", language="en")
    (warning,) = warnings
    assert "480×360 pixels" in warning and "printed smaller, at 150 ppi" in warning
    ppis = sorted(image_ppi(pdf))
    assert ppis[0] == 150  # the small photo, at the smallest size that keeps it sharp
    assert ppis[1] >= 300  # 3000 pixels across A4's text width: the full page


def test_asking_for_full_pages_prints_it_full_and_still_warns(
    vault_with_prints: Vault, tmp_path: Path
) -> None:
    pdf, warnings = export(vault_with_prints, tmp_path, paper="a4", photo_size="full")
    assert "printed full page anyway" in warnings[0]
    assert min(image_ppi(pdf)) < 100


@pytest.mark.parametrize(
    ("language", "quote", "subject", "first_page"),
    [
        ("en", "\u201c", "Exhibition", ["Before you continue", "Organised by"]),
        ("ru", "\u00ab", "Выставка", ["Прежде чем продолжить", "Организатор:"]),
        ("uk", "\u00ab", "Виставка", ["Перш ніж продовжити", "Організатор:"]),
    ],
)
def test_the_first_page_quotes_and_metadata_speak_the_editions_language(
    vault_with_prints: Vault,
    tmp_path: Path,
    language: str,
    quote: str,
    subject: str,
    first_page: list[str],
) -> None:
    pdf, _ = export(vault_with_prints, tmp_path, paper="a4", language=language)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert all(text in pages[0] for text in first_page)
    assert "Музей памяти" in pages[0]
    testimonies = pages[-2]
    assert quote in testimonies and '"' not in testimonies
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(rf"^Subject:\s+{subject}$", info, re.MULTILINE)
    assert re.search(r"^Author:\s+Музей памяти$", info, re.MULTILINE)
    assert f"/Lang ({language})".encode() in pdf.read_bytes()
