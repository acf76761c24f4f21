"""Choosing files leaves no list of visited folders behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from evidence_app.gui.file_dialogs import choose_folder


def test_a_file_chooser_forgets_the_folders_it_visited(qtbot: QtBot, tmp_path: Path) -> None:
    home = Path.home() / ".config"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    try:
        secret_folder = tmp_path / "Показания ИК-6"
        secret_folder.mkdir()
        parent = QWidget()
        qtbot.addWidget(parent)

        def accept_when_open() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(50, accept_when_open)
                return
            dialog.accept()  # type: ignore[attr-defined]

        QTimer.singleShot(50, accept_when_open)
        chosen = choose_folder(parent, "Folder", str(secret_folder))
        assert chosen == str(secret_folder)
        written = "".join(
            path.read_text(encoding="utf-8", errors="replace") for path in tmp_path.rglob("*.conf")
        )
        assert "ИК-6" not in written and "%U041" not in written
        assert QSettings(QSettings.Scope.UserScope, "QtProject").childGroups() == []
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(home))


def test_a_new_exhibition_file_starts_in_documents_and_gets_its_pdf_suffix(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    from evidence_app.gui.file_dialogs import choose_new_file, documents_folder

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, str] = {}

    def type_a_name_when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, type_a_name_when_open)
            return
        seen["folder"] = dialog.directory().absolutePath()
        seen["suggested"] = dialog.selectedFiles()[0]
        name_field = dialog.findChild(QLineEdit, "fileNameEdit")
        name_field.setText("выставка ИК-6")  # typed without .pdf
        dialog.accept()

    QTimer.singleShot(50, type_a_name_when_open)
    chosen = choose_new_file(parent, "Exhibition PDF", "PDF (*.pdf)", "exhibition.pdf", ".pdf")
    assert Path(seen["folder"]) == Path(documents_folder())
    assert Path(seen["suggested"]).name == "exhibition.pdf"
    assert Path(chosen).name == "выставка ИК-6.pdf"
    assert Path(chosen).parent == Path(documents_folder())
