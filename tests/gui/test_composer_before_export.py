"""The composer says before an export what the export would say after it: excerpts edited
in the edition's language, texts printed untranslated and photos printed at low resolution,
in the interface's language."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.core.records_service import get_record
from evidence_app.gui import i18n
from evidence_app.gui.main_window import MainWindow
from tests.gui.test_exhibition_composer import (
    SHOTS,
    composer_for_case,
    in_language,
    reordered,
    texts,
)


def test_an_excerpt_is_edited_in_the_composer_for_the_editions_language(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    composer = composer_for_case(qtbot, opened, tmp_path)
    in_language(qtbot, composer, "en")
    (row,) = [r for r, line in enumerate(texts(composer.texts)) if "без окна" in line]
    composer.texts.setCurrentRow(row)
    assert composer.excerpting.text() == "Нас держали в камере без окна."  # no English yet
    assert composer.excerpt_button.isEnabled()

    composer.excerpt.setPlainText("We were held in a cell without a window.")
    reordered(qtbot, composer, composer.excerpt_button.click)

    vault = opened.vault
    assert vault is not None
    (excerpt,) = get_record(vault, "testimony", "t-1").body["excerpts"]
    assert excerpt["text"] == "Нас держали в камере без окна."
    assert excerpt["translations"]["en"] == {"text": "We were held in a cell without a window."}
    assert any("We were held in a cell without a window." in t for t in texts(composer.texts))
    assert composer.excerpting.text() == "We were held in a cell without a window."


def test_untranslated_texts_are_named_in_the_interfaces_language(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    i18n.set_language("uk")  # reset by the window fixture
    composer = composer_for_case(qtbot, opened, tmp_path)
    in_language(qtbot, composer, "en")
    note = composer.warnings.text()
    assert "без перекладу" in note and "назва справи" in note and ", підпис" in note
    assert "уривок 1" in note
    for english in ("caption", "case title", "excerpt", "New exhibit"):
        assert english not in note, note


def test_the_preview_warns_of_low_resolution_before_anything_is_exported(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    i18n.set_language("ru")
    composer = composer_for_case(qtbot, opened, tmp_path)
    composer.paper.setCurrentIndex(composer.paper.findData("a3"))  # small pictures, big paper
    composer.preview_button.click()
    preview = composer.preview
    assert preview is not None
    with qtbot.waitSignal(composer.composed, timeout=120_000):  # composed again after it
        pass
    assert preview.printing is not None and preview.printing.low_resolution
    lines = preview.warnings.text().splitlines()
    assert len(lines) == len(preview.printing.low_resolution)
    assert all("ppi" in line and "будет напечатано меньше" in line for line in lines)
    assert all(line.startswith("Новый экспонат") for line in lines)
    assert set(lines) <= set(composer.warnings.text().splitlines())  # said in the composer too
    SHOTS.mkdir(parents=True, exist_ok=True)
    preview.grab().save(str(SHOTS / "composer_preview_lowres_ru.png"))
