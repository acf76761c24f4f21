"""First run: where the vault goes, and a recovery code that is copied whole."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from evidence_app.gui.start_screen import CreatePage

PASSPHRASE = "four unrelated words here"


def new_window(qtbot: QtBot, settings: AppSettings, folder: Path, language: str) -> MainWindow:
    settings.language = language
    settings.vault_folder = folder
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    return window


def create(qtbot: QtBot, page: CreatePage) -> None:
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=30_000)


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_recovery_code_never_breaks_inside_a_group(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, language: str
) -> None:
    window = new_window(qtbot, settings, tmp_path / "new" / "vault", language)
    page = window.create_page
    create(qtbot, page)
    label = page.code_label
    lines = label.text().split("\n")
    assert [len(line.split()) for line in lines] == [4, 4, 4, 1]  # fixed groups to a line
    for line in lines:
        assert " " not in line  # only non-breaking spaces between groups
        assert all(len(group) == 5 for group in line.split())
    assert not label.wordWrap()
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width())  # shown whole
    assert (tmp_path / "new" / "vault" / "vault.json").is_file()  # folders made as needed
    window.close()
    set_language("en")


def test_the_recovery_sheet_is_saved_where_chosen_and_holds_the_code(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    window = new_window(qtbot, settings, tmp_path / "vault", "uk")
    page = window.create_page
    create(qtbot, page)
    code_view = page.code_view
    assert code_view.sheet_button.text() == "Надрукувати або зберегти аркуш відновлення…"
    code_view.save_sheet(tmp_path / "usb" / "recovery")  # a folder that is not there
    qtbot.waitUntil(lambda: code_view.sheet_button.isEnabled(), timeout=20_000)
    assert "Не вдалося зберегти" in code_view.sheet_message.text()
    (tmp_path / "usb").mkdir()
    code_view.save_sheet(tmp_path / "usb" / "recovery")
    qtbot.waitUntil(lambda: code_view.sheet_button.isEnabled(), timeout=20_000)
    sheet = tmp_path / "usb" / "recovery.pdf"
    text = subprocess.run(
        ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    for group in page.code_label.text().split():
        assert group in text
    assert "Будь-хто, у кого опиниться цей аркуш" in " ".join(text.split())
    assert str(sheet) in code_view.sheet_message.text()
    window.close()
    set_language("en")


def test_a_new_vault_is_refused_a_folder_that_holds_other_files(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.odt").write_bytes(b"someone's letter")
    window = new_window(qtbot, settings, tmp_path / "unused", "ru")
    page = window.create_page
    page.folder.setText(str(documents))
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)
    page.show_passphrase.setChecked(True)
    assert page.passphrase.echoMode() == page.repeat.echoMode() == QLineEdit.EchoMode.Normal
    page.create_button.click()
    qtbot.waitUntil(lambda: page.create_button.isEnabled(), timeout=30_000)
    assert page.message.text().startswith("В этой папке уже есть другие файлы.")
    assert sorted(p.name for p in documents.iterdir()) == ["letter.odt"]  # nothing written
    window.close()
    set_language("en")
